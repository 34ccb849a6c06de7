/**
 * `jit(fn)`: TensorFlow's `tf.function` for lab. The first call with a new input signature runs `fn` for real
 * under a tracer and keeps the graph; later calls with that signature replay the graph without running `fn`'s
 * JavaScript (so its `console.log`s print only while tracing).
 */
import { checkOptions, isRecording, Variable, type Tensor } from '@lab/core';
import { describeGraph, type Graph } from './graph.js';
import { compact, optimizeFast, optimizePortable, type PassOptions } from './passes/index.js';
import { Plan, type PlanStats } from './replay.js';
import { describeArgs, signatureOf, type ArgSpec } from './signature.js';
import { trace } from './trace.js';

/** Options of {@link jit}. */
export interface JitOptions {
  /** The name used in warnings (default: the function's name). */
  readonly name?: string;
  /** Warn once when the function has been traced this many times (default 5, TensorFlow's threshold). */
  readonly retraceWarningThreshold?: number;
  /** Traces kept (least recently used dropped first; default 64). */
  readonly maxTraces?: number;
  /** Graph passes to run (all by default). */
  readonly passes?: PassOptions;
  /**
   * Warn when the traced body assigns a constant to a Variable (default true): JS-side state such as a step
   * counter was baked into the trace, and every replay writes the same value. `false` turns the check off, so
   * {@link JitOptions.onConstantAssign} is not called either.
   */
  readonly warnOnConstantAssign?: boolean;
  /**
   * Called instead of `console.warn` when a signature cannot be replayed (`customGrad`, complex64, a call inside
   * `withoutRecording`) and so runs eagerly: once each time such a signature is traced, i.e. once per signature
   * unless its cache entry was dropped (`maxTraces`, `dispose`). The call that reports it has already run the body
   * for real, so its result is right; later calls with that signature run the body eagerly, without a report.
   * Called synchronously, before the jitted call returns. Without it, jit warns once per signature.
   */
  readonly onEager?: (info: JitEagerInfo) => void;
  /**
   * Called instead of `console.warn` when a trace assigns a constant to a Variable (see
   * {@link JitOptions.warnOnConstantAssign}): once for every trace that does, synchronously, before the jitted call
   * returns. The trace is kept and replayed. Without it, jit warns once per function.
   */
  readonly onConstantAssign?: (info: JitConstantAssignInfo) => void;
}

/** What {@link JitOptions.onEager} receives. */
export interface JitEagerInfo {
  /** The jitted function's name ({@link JitOptions.name}). */
  readonly name: string;
  /** The signature that runs eagerly, readable: `(float32[2])`. */
  readonly signature: string;
  /** Why it cannot be replayed: `op 'customGrad' cannot be replayed ...`. */
  readonly reason: string;
  /** The text jit would have printed with `console.warn`. */
  readonly message: string;
}

/** What {@link JitOptions.onConstantAssign} receives. */
export interface JitConstantAssignInfo {
  /** The jitted function's name ({@link JitOptions.name}). */
  readonly name: string;
  /** The signature of the trace, readable: `(float32[2])`. */
  readonly signature: string;
  /** The names of the Variables the trace assigns constants to, in the order first assigned. */
  readonly variables: readonly string[];
  /** The text jit would have printed with `console.warn`. */
  readonly message: string;
}

/** One traced signature of a jitted function. */
export interface ConcreteFunction {
  /** The signature, readable: `(float32[3])`. */
  readonly signature: string;
  /** The argument structure (`[this, [args...]]`). */
  readonly spec: ArgSpec;
  /** The portable graph (dead code removed, constants folded, common subexpressions merged). */
  readonly graph: Graph;
  /** The graph the fast replay runs (elementwise chains fused). */
  readonly fastGraph: Graph;
  /** The Variables the graph captured by reference (null for Variable arguments), by graph variable index. */
  readonly captured: readonly (Variable | null)[];
  /** Node counts of both plans. */
  readonly stats: { readonly traced: number; readonly portable: PlanStats; readonly fast: PlanStats };
  /** The fast graph as text. */
  describe(): string;
}

/** A jitted function: call it like the original. */
export interface JitFunction<A extends unknown[] = unknown[], R = unknown> {
  (...args: A): R;
  /** How many times the body has been traced. */
  readonly traceCount: number;
  /** The traced signatures (those that replay from a graph). */
  concreteFunctions(): ConcreteFunction[];
  /** Drops every trace and frees its constants and buffers. The function traces again when called. */
  dispose(): void;
  /** @internal */
  readonly [JIT_MARK]: JitState;
}

/** Marks jitted functions (for saving modules). */
export const JIT_MARK: unique symbol = Symbol('lab.jit');

/** A cache entry: a compiled graph, or the reason the signature runs eagerly. */
type Entry = (ConcreteFunction & { kind: 'graph'; tape: Plan; fast: Plan }) | { kind: 'eager'; reason: Error };

/** @internal What a jitted function keeps. */
export interface JitState {
  readonly name: string;
  readonly entries: Map<string, Entry>;
  /** Compiled entries added from a saved module (no body to trace). */
  readonly fn: ((...args: unknown[]) => unknown) | null;
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((s, i) => s === b[i]);
}

/** True while every captured Variable is alive with the shape and dtype the graph was traced with. */
function capturesValid(e: ConcreteFunction): boolean {
  return e.captured.every((v, j) => {
    if (v === null) return true;
    const info = e.graph.variables[j];
    return !v.isDisposed && v.dtype === info.dtype && sameShape(v.shape, info.shape);
  });
}

/** Compiles a traced (or loaded) graph into a cache entry. */
export function compile(graph: Graph, spec: ArgSpec, captured: (Variable | null)[], passes: PassOptions = {}): Entry & { kind: 'graph' } {
  const { graph: portable, dropped } = compact(optimizePortable(graph, passes));
  // Constants the passes made unnecessary (folded away, merged, dead) are freed now.
  for (const c of dropped) c.dispose();
  const fastGraph = optimizeFast(portable, passes);
  const tape = new Plan(portable);
  const fast = new Plan(fastGraph);
  return {
    kind: 'graph',
    signature: describeArgs(spec),
    spec,
    graph: portable,
    fastGraph,
    captured,
    stats: { traced: graph.nodes.length, portable: tape.stats(), fast: fast.stats() },
    describe: () => describeGraph(fastGraph),
    tape,
    fast,
  };
}

/** Frees an entry's constants and pools. */
function release(e: Entry): void {
  if (e.kind !== 'graph') return;
  e.tape.dispose();
  e.fast.dispose();
  for (const c of e.graph.constants) c.dispose();
}

/**
 * Runs a compiled entry: through the public ops when something records (a tape, an outer trace), else the fast
 * plan. On a backend without a fused kernel, core runs fused nodes op by op on the primitive kernels, which still
 * saves each op's dispatch (argument checks, recording).
 */
export function runEntry(e: Entry & { kind: 'graph' }, leaves: Tensor[]): unknown {
  return (isRecording() ? e.tape : e.fast).run(leaves, e.captured);
}

/** Builds the callable around a state. */
export function makeJitFunction<A extends unknown[], R>(
  state: JitState,
  call: (self: unknown, args: unknown[]) => unknown,
  counter: () => number,
): JitFunction<A, R> {
  const f = function (this: unknown, ...args: A): R {
    return call(this, args) as R;
  } as JitFunction<A, R>;
  Object.defineProperty(f, 'name', { value: state.name });
  Object.defineProperty(f, 'traceCount', { get: counter });
  Object.defineProperty(f, JIT_MARK, { value: state });
  (f as { concreteFunctions: () => ConcreteFunction[] }).concreteFunctions = () =>
    [...state.entries.values()].filter((e): e is Entry & { kind: 'graph' } => e.kind === 'graph');
  (f as { dispose: () => void }).dispose = () => {
    for (const e of state.entries.values()) release(e);
    state.entries.clear();
  };
  return f;
}

/**
 * Compiles `fn` by tracing: `const f = jit((x: Tensor) => x.square().sum())`.
 *
 * - The first call with an input signature (tensor shapes and dtypes, plain JS argument values, the identity
 *   of other objects) runs `fn` for real while recording a graph; later calls with that signature replay the
 *   graph without running `fn`'s JavaScript. JS numbers default to float32: pass `int32` tensors where TF would
 *   infer integers.
 * - Variables read inside are captured by reference (replays see their current values) and `assign*` calls on
 *   them happen again on every replay. Tensors the closure holds are captured by value; pass changing data as
 *   arguments.
 * - Random ops draw new values on every replay (TensorFlow's behaviour); values read on the host (`dataSync`,
 *   `item`, one-argument `where`, `booleanMask`) are baked in at trace time, like Python values in tf.function.
 * - Under a recording tape the replay runs through the public ops, so gradients flow through a jitted function;
 *   a whole training step (tape, gradient, optimizer update) can itself be jitted.
 * - Ops that cannot be replayed (`customGrad`, complex64) make that signature run eagerly, with a warning (or a call
 *   of {@link JitOptions.onEager}).
 */
export function jit<A extends unknown[], R>(fn: (...args: A) => R, options: JitOptions = {}): JitFunction<A, R> {
  if (typeof fn !== 'function') throw new Error(`jit: expected a function to trace, got ${fn === null ? 'null' : typeof fn === 'object' ? 'an object' : `${typeof fn} ${String(fn)}`}`);
  checkOptions('jit', options, ['name', 'retraceWarningThreshold', 'maxTraces', 'passes', 'warnOnConstantAssign', 'onEager', 'onConstantAssign']);
  const name = options.name ?? (fn.name || 'anonymous');
  const threshold = options.retraceWarningThreshold ?? 5;
  const maxTraces = options.maxTraces ?? 64;
  const state: JitState = { name, entries: new Map(), fn: fn as (...args: unknown[]) => unknown };
  let traces = 0;
  let warnedRetrace = false;
  let warnedConstants = false;
  const warnedEager = new Set<string>();
  let lastKey = '';

  const call = (self: unknown, args: unknown[]): unknown => {
    const sig = signatureOf(self, args);
    let entry = state.entries.get(sig.key);
    if (entry && entry.kind === 'graph' && !capturesValid(entry)) {
      release(entry);
      state.entries.delete(sig.key);
      entry = undefined;
    }
    if (entry) {
      // Least recently used first (the usual call repeats the last signature: nothing to move).
      if (sig.key !== lastKey) {
        state.entries.delete(sig.key);
        state.entries.set(sig.key, entry);
        lastKey = sig.key;
      }
      if (entry.kind === 'eager') return fn.apply(self, args as A);
      return runEntry(entry, sig.leaves);
    }
    traces++;
    if (traces >= threshold && !warnedRetrace) {
      warnedRetrace = true;
      console.warn(
        `jit: '${name}' has been traced ${traces} times (the last signature: ${describeArgs(sig.spec)}). Tracing runs the JavaScript ` +
          'body and is expensive. A call retraces when tensor shapes or dtypes change, when plain JS arguments change value ' +
          '(they are part of the signature: pass changing numbers as tensors), or when jit() is called again for the same ' +
          'function (create the jitted function once, outside loops).',
      );
    }
    const out = trace(fn as (...a: unknown[]) => unknown, self, args, sig);
    if (out.graph === null) {
      state.entries.set(sig.key, { kind: 'eager', reason: out.reason! });
      const signature = describeArgs(sig.spec);
      const reason = out.reason!.message;
      const message = `jit: '${name}' runs eagerly for ${signature}: ${reason}`;
      if (options.onEager) options.onEager({ name, signature, reason, message });
      else if (!warnedEager.has(sig.key)) {
        warnedEager.add(sig.key);
        console.warn(message);
      }
      return out.result;
    }
    if (out.constantAssigns.length > 0 && options.warnOnConstantAssign !== false) {
      const variables = out.constantAssigns;
      const message =
        `jit: '${name}' assigns constants to ${variables.map((n) => `'${n}'`).join(', ')} while tracing, so every replay ` +
        'assigns those same values. JS-side state (step counters, learning-rate schedules, bias corrections computed from ' +
        'JS numbers) does not advance between replays; keep such state in Variables or pass it as tensor arguments.';
      if (options.onConstantAssign) {
        options.onConstantAssign({ name, signature: describeArgs(sig.spec), variables: [...variables], message });
      } else if (!warnedConstants) {
        warnedConstants = true;
        console.warn(message);
      }
    }
    state.entries.set(sig.key, compile(out.graph, sig.spec, out.captured, options.passes));
    lastKey = sig.key;
    while (state.entries.size > maxTraces) {
      const oldest = state.entries.keys().next().value as string;
      release(state.entries.get(oldest)!);
      state.entries.delete(oldest);
    }
    return out.result;
  };
  return makeJitFunction<A, R>(state, call, () => traces);
}

/** True for functions made by {@link jit} (or loaded from a saved module). */
export function isJitFunction(f: unknown): f is JitFunction {
  return typeof f === 'function' && JIT_MARK in f;
}
