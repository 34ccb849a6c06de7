/**
 * Tracing: runs the function once, for real, while listening to every op it records and every Variable write,
 * `readValue` and random draw it makes, and builds the graph that replays it.
 *
 * Each tensor the body touches becomes a value: the arguments, Variables (by reference: the first read binds the
 * Variable, assigns make new versions), outputs of recorded ops, and everything else as a constant captured by
 * value (tensors made from JS values, tensors the closure holds). Tensors that share a buffer and a view with a
 * known value (the tape's saved copies of forward tensors) are that value, not constants.
 */
import {
  addRecorder,
  addTraceListener,
  isRecording,
  REPLAYABLE_OPS,
  retain,
  shapesEqual,
  tensor,
  Tensor,
  tidy,
  Variable,
  type DType,
  type OpRecorder,
  type RecordedOp,
  type TensorLike,
  type TraceEvent,
  type TraceListener,
} from '@lab/core';
import { toPlain, type Graph, type GraphNode, type Plain, type Template, type ValueInfo, type ValueSource, type VariableInfo } from './graph.js';
import type { Signature } from './signature.js';

type Handle = NonNullable<Tensor['handle']>;

/** A known view of a buffer. */
interface Alias {
  readonly shape: readonly number[];
  readonly strides: readonly number[];
  readonly offset: number;
  readonly dtype: DType;
  readonly value: number;
}

/** Why a function cannot be traced into a replayable graph (it then runs eagerly). */
export class Untraceable extends Error {}

const NODE: ValueSource = { kind: 'node' };

/** Builds a graph from what it hears while the function runs. */
class Tracer implements OpRecorder, TraceListener {
  readonly values: ValueInfo[] = [];
  readonly nodes: GraphNode[] = [];
  readonly variables: VariableInfo[] = [];
  readonly varObjects: Variable[] = [];
  readonly constants: Tensor[] = [];
  readonly inputs: number[];
  /** Variables assigned a constant: JS-side state baked into the trace (a warning). */
  readonly constantAssigns = new Set<string>();
  failure: Error | null = null;
  private readonly byId = new Map<number, number>();
  private readonly byHandle = new Map<Handle, Alias[]>();
  private readonly varIndex = new Map<Variable, number>();
  private readonly varCurrent: number[] = [];

  constructor(sig: Signature) {
    this.inputs = sig.leaves.map((t, leaf) => {
      if (t instanceof Variable) {
        this.variableValue(t, leaf);
        return -1;
      }
      const known = this.byId.get(t.id);
      if (known !== undefined) return known;
      this.checkReal(t, `argument leaf ${leaf}`);
      const v = this.newValue(t, { kind: 'input', index: leaf });
      this.byId.set(t.id, v);
      return v;
    });
  }

  // ------------------------------------------------------------------ values

  private pushValue(info: ValueInfo): number {
    this.values.push(info);
    return this.values.length - 1;
  }

  private newValue(t: Tensor, source: ValueSource): number {
    const v = this.pushValue({ shape: [...t.shape], dtype: t.dtype, source });
    this.addAlias(t, v);
    return v;
  }

  private addAlias(t: Tensor, value: number): void {
    const h = t.handle;
    if (!h) return;
    let list = this.byHandle.get(h);
    if (!list) this.byHandle.set(h, (list = []));
    const last = list[list.length - 1];
    if (last && last.value === value && last.offset === t.offset && shapesEqual(last.shape, t.shape) && shapesEqual(last.strides, t.strides)) return;
    list.push({ shape: t.shape, strides: t.strides, offset: t.offset, dtype: t.dtype, value });
  }

  /** The newest value with exactly `t`'s buffer and view. */
  private lookupAlias(t: Tensor): number | undefined {
    const list = t.handle ? this.byHandle.get(t.handle) : undefined;
    if (!list) return undefined;
    for (let i = list.length - 1; i >= 0; i--) {
      const a = list[i];
      if (a.dtype === t.dtype && a.offset === t.offset && shapesEqual(a.shape, t.shape) && shapesEqual(a.strides, t.strides)) return a.value;
    }
    return undefined;
  }

  private checkReal(t: Tensor, what: string): void {
    if (t.dtype === 'complex64') throw new Untraceable(`${what} is complex64, which jit does not trace yet`);
  }

  /** The current version of a Variable (its first read registers it: captured by reference, or an argument). */
  private variableValue(v: Variable, argLeaf: number | null = null): number {
    let j = this.varIndex.get(v);
    if (j === undefined) {
      this.checkReal(v, `Variable '${v.name}'`);
      j = this.variables.length;
      this.varIndex.set(v, j);
      this.variables.push({ name: v.name, shape: [...v.shape], dtype: v.dtype, trainable: v.trainable, arg: argLeaf });
      this.varObjects.push(v);
      this.varCurrent.push(this.newValue(v, { kind: 'variable', index: j }));
    }
    const cur = this.varCurrent[j];
    // The tape keeps copies of what it reads: they alias the version current now.
    this.addAlias(v, cur);
    return cur;
  }

  private constant(t: Tensor): number {
    const index = this.constants.length;
    this.constants.push(retain(t));
    const v = this.newValue(t, { kind: 'constant', index });
    this.byId.set(t.id, v);
    return v;
  }

  /** The value a tensor the body uses stands for. */
  resolve(t: Tensor): number {
    const known = this.byId.get(t.id);
    if (known !== undefined) return known;
    if (t instanceof Variable) return this.variableValue(t);
    this.checkReal(t, `a tensor ${t.dtype}[${t.shape.join(',')}]`);
    const a = this.lookupAlias(t);
    if (a !== undefined) {
      this.byId.set(t.id, a);
      return a;
    }
    return this.constant(t);
  }

  // ------------------------------------------------------------------ listening

  private fail(e: unknown): void {
    if (!this.failure) this.failure = e instanceof Error ? e : new Error(String(e));
  }

  recordOp(op: RecordedOp): void {
    if (this.failure) return;
    try {
      if (!REPLAYABLE_OPS.has(op.name)) throw new Untraceable(`op '${op.name}' cannot be replayed from a graph`);
      const inputs = op.inputs.map((t) => this.resolve(t));
      if (op.name === 'identity') {
        // A tape that sees another recorder (this tracer) links the forward tensors it saved to their originals
        // with identity ops. The saved copy holds the value from when it was saved, while a Variable original may
        // have been written since: what an identity's output is, is decided by its buffer, not its input.
        const out = op.outputs[0];
        const same = this.lookupAlias(out);
        if (same !== undefined) {
          this.byId.set(out.id, same);
          return;
        }
      }
      const attrs = toPlain(op.attrs, `${op.name} attributes`) as { [k: string]: Plain };
      const outputs = op.outputs.map((t) => {
        this.checkReal(t, `an output of '${op.name}'`);
        const v = this.newValue(t, NODE);
        this.byId.set(t.id, v);
        return v;
      });
      this.nodes.push({ kind: 'op', op: op.name, inputs, outputs, attrs });
    } catch (e) {
      this.fail(e instanceof Untraceable ? e : new Untraceable(`op '${op.name}': ${(e as Error).message}`));
    }
  }

  onTraceEvent(e: TraceEvent): void {
    if (this.failure) return;
    try {
      if (e.kind === 'random') {
        const out = this.newValue(e.output, NODE);
        this.byId.set(e.output.id, out);
        this.nodes.push({ kind: 'random', op: e.op, inputs: [], outputs: [out], attrs: toPlain(e.attrs, `${e.op} arguments`) as { [k: string]: Plain } });
        return;
      }
      const v = e.variable;
      if (!(v instanceof Variable)) throw new Untraceable(`${e.kind} on something that is not a Variable`);
      const cur = this.variableValue(v);
      if (e.kind === 'readValue') {
        const out = this.newValue(e.output, NODE);
        this.byId.set(e.output.id, out);
        this.nodes.push({ kind: 'readVariable', op: 'readValue', inputs: [cur], outputs: [out], attrs: {} });
        return;
      }
      const value = e.value instanceof Tensor ? this.resolve(e.value) : this.constantFrom(e.value, v.dtype);
      const shape = e.mode === 'assign' ? this.values[value].shape : v.shape;
      const next = this.pushValue({ shape: [...shape], dtype: v.dtype, source: NODE });
      const attrs: { [k: string]: Plain } = e.mode === 'assignAt' ? { index: toPlain(e.index, 'assignAt index') } : {};
      this.nodes.push({ kind: 'assign', op: e.mode, inputs: [cur, value], outputs: [next], attrs });
      this.varCurrent[this.varIndex.get(v)!] = next;
      if (e.mode === 'assign' && this.values[value].source.kind === 'constant') this.constantAssigns.add(v.name);
    } catch (err) {
      this.fail(err instanceof Untraceable ? err : new Untraceable(`${e.kind}: ${(err as Error).message}`));
    }
  }

  /** A JS value an assign received, as the Variable converts it. */
  private constantFrom(value: TensorLike, dtype: DType): number {
    const t = tensor(value, dtype);
    try {
      return this.constant(t);
    } finally {
      t.dispose();
    }
  }

  // ------------------------------------------------------------------ result

  private templateOf(v: unknown, path: string, visiting: Set<object>): Template {
    if (v instanceof Tensor) return { t: 'tensor', v: this.resolve(v) };
    if (v === null || v === undefined || typeof v === 'boolean' || typeof v === 'number' || typeof v === 'string') return { t: 'value', v };
    if (typeof v !== 'object') return { t: 'opaque', ref: v };
    if (visiting.has(v)) throw new Untraceable(`the result contains a cycle at ${path}`);
    const proto = Object.getPrototypeOf(v) as unknown;
    if (Array.isArray(v)) {
      visiting.add(v);
      const items = v.map((x, i) => this.templateOf(x, `${path}[${i}]`, visiting));
      visiting.delete(v);
      return { t: 'array', items };
    }
    if (proto === Object.prototype || proto === null) {
      visiting.add(v);
      const entries = Object.keys(v).map((k) => [k, this.templateOf((v as Record<string, unknown>)[k], `${path}.${k}`, visiting)] as const);
      visiting.delete(v);
      return { t: 'object', entries };
    }
    return { t: 'opaque', ref: v };
  }

  finish(result: unknown): Graph {
    const template = this.templateOf(result, 'result', new Set());
    if (this.failure) throw this.failure;
    return { values: this.values, nodes: this.nodes, inputs: this.inputs, variables: this.variables, constants: this.constants, template };
  }

  release(): void {
    for (const c of this.constants) c.dispose();
    this.constants.length = 0;
  }
}

/** What one trace produced. */
export interface TraceOutcome {
  /** The graph, or null when the function cannot be replayed (`reason` says why). */
  readonly graph: Graph | null;
  /** The Variables bound by reference, by graph variable index (null for Variable arguments). */
  readonly captured: (Variable | null)[];
  /** The function's result from this (real) run. */
  readonly result: unknown;
  readonly reason: Error | null;
  /** Variables the body assigned constants to (JS-side state that replays will not update). */
  readonly constantAssigns: readonly string[];
}

/** Runs `fn` once under a tracer. Exceptions from `fn` propagate (nothing is kept). */
export function trace(fn: (...args: unknown[]) => unknown, thisArg: unknown, args: readonly unknown[], sig: Signature): TraceOutcome {
  const tracer = new Tracer(sig);
  const removeRecorder = addRecorder(tracer);
  const removeListener = addTraceListener(tracer);
  let result: unknown;
  try {
    // Inside an op body or `withoutRecording` nothing is recorded: the trace would be empty.
    if (!isRecording()) tracer.failure = new Untraceable('it was called where ops are not recorded (inside withoutRecording or an op body)');
    // The body runs in a scope that keeps only its result: the intermediates it leaves undisposed would otherwise
    // outlive the trace (replays free theirs). The constants the tracer captured hold references of their own.
    let promise: Promise<unknown> | null = null;
    result = tidy(() => {
      const r = fn.apply(thisArg, args as unknown[]);
      if (r instanceof Promise) {
        promise = r;
        return undefined;
      }
      return r;
    });
    if (promise !== null) result = promise;
  } catch (e) {
    removeRecorder();
    removeListener();
    tracer.release();
    throw e;
  }
  removeRecorder();
  removeListener();
  if (result instanceof Promise) {
    tracer.release();
    throw new Error('jit: the function returned a Promise; jit traces synchronous functions (await outside the jitted function)');
  }
  let graph: Graph | null = null;
  let reason: Error | null = null;
  try {
    graph = tracer.finish(result);
  } catch (e) {
    reason = e as Error;
    tracer.release();
  }
  const captured = tracer.variables.map((v, j) => (v.arg === null ? tracer.varObjects[j] : null));
  return { graph, captured, result, reason, constantAssigns: [...tracer.constantAssigns] };
}
