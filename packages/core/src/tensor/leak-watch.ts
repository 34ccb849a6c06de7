/**
 * The safety net for tensors nobody disposes: when the garbage collector finds one, its buffer is freed (and, in
 * debug mode, reported). A FinalizationRegistry entry costs more than a tiny op itself (a weak cell to allocate,
 * and work for the collector), and most tensors are disposed within microseconds of their birth (`tidy`, or a
 * loop freeing each result). So a new tensor is only noted here, and registered with the collector in batches
 * (after the current task, or once enough are waiting): by then most are disposed and cost nothing more.
 * A tensor leaked before its batch is registered stays alive (and its buffer held) until that batch, which comes
 * after at most {@link WATCH_BATCH} tensors, {@link WATCH_ELEMENTS} elements or one event-loop turn.
 */
import { ENGINE } from '../engine/engine.js';
import type { DataHandle } from '../engine/data-handle.js';

/** What the registry holds for one tensor (never the tensor itself): its buffer, until it is disposed. */
export interface LeakCell {
  handle: DataHandle | null;
  readonly id: number;
}

/** The part of a tensor the watch uses. */
export interface Watched {
  readonly id: number;
  readonly handle: DataHandle | null;
  readonly isDisposed: boolean;
  /** The registered cell, once the tensor's batch was registered. */
  leakCell: LeakCell | null;
}

/** Tensors waiting before a batch is registered. */
export const WATCH_BATCH = 1024;
/** Elements (of their buffers) waiting before a batch is registered, so leaked big buffers are not held long. */
export const WATCH_ELEMENTS = 1 << 22;

const registry = new FinalizationRegistry<LeakCell>((cell) => {
  const h = cell.handle;
  if (h === null) return; // disposed: nothing leaked
  cell.handle = null;
  ENGINE.numTensors--;
  ENGINE.release(h);
  if (ENGINE.debug) console.warn(`lab: tensor #${cell.id} was garbage-collected without dispose()`);
});

const waiting: Watched[] = [];
let waitingElements = 0;
let scheduled = false;

/** Notes a new tensor holding `h` for the safety net. */
export function watchLeak(t: Watched, h: DataHandle): void {
  waiting.push(t);
  waitingElements += h.size;
  if (waiting.length >= WATCH_BATCH || waitingElements >= WATCH_ELEMENTS) registerWaiting();
  else if (!scheduled) {
    scheduled = true;
    const timer = setTimeout(onTimer, 0) as unknown as { unref?: () => void };
    // Node: the pending batch never keeps a process alive.
    timer.unref?.();
  }
}

/** Registers every waiting tensor that is still alive with the collector. */
export function registerWaiting(): void {
  for (let i = 0; i < waiting.length; i++) {
    const t = waiting[i];
    if (t.isDisposed || t.handle === null || t.leakCell !== null) continue;
    const cell: LeakCell = { handle: t.handle, id: t.id };
    t.leakCell = cell;
    registry.register(t, cell);
  }
  waiting.length = 0;
  waitingElements = 0;
}

function onTimer(): void {
  scheduled = false;
  registerWaiting();
}
