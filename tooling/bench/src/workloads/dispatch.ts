/**
 * Per-op overhead on 4-element tensors, in microseconds per op. The arithmetic is nothing, so these rows are the
 * library's cost of one op call: argument checks, allocation, kernel launch, bookkeeping. Three patterns a program
 * meets: independent adds (each result freed), a dependent chain (each add takes the previous result, which is
 * freed once the next exists), and an add whose result is read back synchronously before the next op (a loop that
 * looks at every value: a metric, a condition, a printed loss).
 */
import type { Lib } from '../adapters/adapter.js';
import { opWorkload, UnsupportedError, type OpSpec, type Workload } from './workload.js';

/** Adds per call of the chain workload: long enough that the call's own cost spreads thin. */
const CHAIN = 16;

/** `x + b`, CHAIN times over, each intermediate freed once the next exists. */
function chain<T>(lib: Lib<T>, a: T, b: T): T {
  let x = lib.add(a, b);
  for (let i = 1; i < CHAIN; i++) {
    const y = lib.add(x, b);
    lib.dispose(x);
    x = y;
  }
  return x;
}

/** `a + b`, then its values read with the library's synchronous read. */
function addThenRead<T>(lib: Lib<T>, a: T, b: T): T {
  if (!lib.readSync) throw new UnsupportedError(`${lib.id} has no synchronous read here`);
  const out = lib.add(a, b);
  // the value is looked at, as a loop that reads every result does (and no engine can drop the read as unused)
  if (!Number.isFinite(lib.readSync(out)[0])) throw new Error(`${lib.id}: dispatch-read read a non-finite sum`);
  return out;
}

/** A dispatch row: `call` on two 4-element inputs, reported in microseconds per op. */
function dispatchRow(id: string, title: string, call: OpSpec['call'], extra: Pick<OpSpec, 'maxInner' | 'opsPerCall'>): Workload {
  return opWorkload({ id, family: 'dispatch', title, unit: 'us/op', higherIsBetter: false, inputs: [[4], [4]], call, value: (ms) => ms * 1000, ...extra });
}

export const dispatchWorkloads: Workload[] = [
  dispatchRow('dispatch', 'dispatch: 4-element add', (lib, [a, b]) => lib.add(a!, b!), { maxInner: 1_000_000 }),
  dispatchRow('dispatch-chain', `dispatch: chain of ${CHAIN} dependent 4-element adds`, (lib, [a, b]) => chain(lib, a!, b!), {
    maxInner: 100_000,
    opsPerCall: CHAIN,
  }),
  dispatchRow('dispatch-read', 'dispatch: 4-element add, then a sync read', (lib, [a, b]) => addThenRead(lib, a!, b!), {
    maxInner: 1_000_000,
  }),
];
