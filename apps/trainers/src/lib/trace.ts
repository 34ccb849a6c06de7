/**
 * A tiny trace cache standing in for `tf.function` until @lab/core's `jit` lands.
 * TODO(jit): switch c4-networks to @lab/core's `jit` (being written by another engineer) and delete this file.
 *
 * `traced(fn)` runs `fn` once per input signature (shapes and dtypes), recording the ops it calls into a small
 * graph; later calls with a known signature replay that graph, so the body's JavaScript side effects (a
 * `console.log('Tracing...')`) run only while tracing, as with tf.function. Graphs reference Variables by name
 * and serialise to JSON, so `saveTraced` / `loadTraced` bring a module back without the code that made it.
 * Only ops without attributes (elementwise) and reductions (`axes`, `keepDims`) replay; others are rejected at
 * trace time with a clear message.
 */
import * as lab from '@lab/core';
import { addRecorder, Variable, type DType, type RecordedOp, type Tensor } from '@lab/core';

/** Where an op's input comes from. */
export type Ref =
  | { kind: 'arg'; index: number }
  | { kind: 'op'; index: number; output: number }
  | { kind: 'var'; name: string }
  | { kind: 'const'; dtype: DType; shape: number[]; values: (number | boolean | string)[] };

/** One recorded op. */
export interface GraphOp {
  op: string;
  inputs: Ref[];
  attrs: Record<string, unknown>;
}

/** A traced function body as data. */
export interface Graph {
  signature: string;
  ops: GraphOp[];
  output: Ref;
}

const REDUCTIONS = new Set(['sum', 'mean', 'max', 'min', 'prod', 'all', 'any', 'logSumExp']);

type OpFn = (...args: unknown[]) => Tensor;

function opFunction(name: string): OpFn {
  const f = (lab as unknown as Record<string, unknown>)[name];
  if (typeof f !== 'function') throw new Error(`traced: op '${name}' is not a @lab/core function`);
  return f as OpFn;
}

function checkReplayable(op: RecordedOp): void {
  opFunction(op.name);
  const keys = Object.keys(op.attrs);
  const ok = keys.length === 0 || (REDUCTIONS.has(op.name) && keys.every((k) => k === 'axes' || k === 'keepDims'));
  if (!ok) throw new Error(`traced: op '${op.name}' has attributes (${keys.join(', ')}) this trace helper cannot replay; use @lab/core's jit when it lands`);
}

/** Runs one graph op on tensors. */
function runOp(g: GraphOp, inputs: Tensor[]): Tensor {
  const f = opFunction(g.op);
  if (REDUCTIONS.has(g.op)) return f(inputs[0], g.attrs.axes as number[] | undefined, g.attrs.keepDims as boolean | undefined);
  return f(...inputs);
}

/**
 * Replays a graph on arguments, with variables looked up by name. `held` maps the constants recorded in this
 * process to their tensors (their values are read only when saving, asynchronously: see {@link Traced.settle}).
 */
export function replay(graph: Graph, args: readonly Tensor[], variables: ReadonlyMap<string, Variable>, held?: ReadonlyMap<Ref, Tensor>): Tensor {
  const outs: Tensor[] = [];
  const temps: Tensor[] = [];
  const resolve = (r: Ref): Tensor => {
    if (r.kind === 'arg') return args[r.index];
    if (r.kind === 'op') return outs[r.index];
    if (r.kind === 'var') {
      const v = variables.get(r.name);
      if (!v) throw new Error(`traced: the graph needs variable '${r.name}', which is not loaded`);
      return v;
    }
    const h = held?.get(r);
    if (h) return h;
    const t = lab.tensor(r.values as number[], { dtype: r.dtype, shape: r.shape });
    temps.push(t);
    return t;
  };
  try {
    for (const g of graph.ops) outs.push(runOp(g, g.inputs.map(resolve)));
    const out = resolve(graph.output);
    for (const t of outs) if (t !== out) t.dispose();
    return out;
  } finally {
    for (const t of temps) t.dispose();
  }
}

/** A traced function: call it like the original. */
export interface Traced {
  (...args: Tensor[]): Tensor;
  /** How many times the body ran (one per signature). */
  readonly traceCount: number;
  /** The graphs, by signature (`[3]:int32`). */
  readonly graphs: ReadonlyMap<string, Graph>;
  /** Reads the constants the bodies made into the graphs (asynchronously: every backend); `saveTraced` calls it. */
  settle(): Promise<void>;
}

function signatureOf(args: readonly Tensor[]): string {
  return args.map((a) => `[${a.shape.join(',')}]:${a.dtype}`).join(' ');
}

/**
 * `tf.function` for the samples: runs `body` on the first call of each input signature (recording its ops) and
 * replays the recording afterwards. Variables the body reads are captured by name (names must be unique).
 */
export function traced(body: (...args: Tensor[]) => Tensor): Traced {
  const graphs = new Map<string, Graph>();
  const variables = new Map<string, Variable>();
  // Constants made inside a body, kept as tensors: reading them here would be a synchronous read (not on WebGPU).
  const held = new Map<Ref, Tensor>();
  let traceCount = 0;
  const fn = (...args: Tensor[]): Tensor => {
    const sig = signatureOf(args);
    const known = graphs.get(sig);
    if (known) return replay(known, args, variables, held);
    traceCount++;
    const ops: GraphOp[] = [];
    const where = new Map<Tensor, Ref>();
    let copying = false;
    args.forEach((a, index) => where.set(a, { kind: 'arg', index }));
    const refOf = (t: Tensor): Ref => {
      const r = where.get(t);
      if (r) return r;
      if (t instanceof Variable) {
        const seen = variables.get(t.name);
        if (seen && seen !== t) throw new Error(`traced: two variables are named '${t.name}'; give them unique names`);
        variables.set(t.name, t);
        return { kind: 'var', name: t.name };
      }
      // A constant made inside the body (or a plain JS argument of an op, which the op frees after it runs): a
      // copy is held, kept out of any tidy scope for later replays, and its values are read on save.
      const ref: Ref = { kind: 'const', dtype: t.dtype, shape: [...t.shape], values: [] };
      copying = true; // the copy is an op too: not part of the body
      try {
        held.set(ref, lab.keep(t.clone()));
      } finally {
        copying = false;
      }
      where.set(t, ref);
      return ref;
    };
    const stop = addRecorder({
      recordOp(op: RecordedOp) {
        if (copying) return;
        checkReplayable(op);
        const index = ops.length;
        ops.push({ op: op.name, inputs: op.inputs.map(refOf), attrs: { ...op.attrs } });
        op.outputs.forEach((t, output) => where.set(t, { kind: 'op', index, output }));
      },
    });
    let out: Tensor;
    try {
      out = body(...args);
    } finally {
      stop();
    }
    const output = where.get(out) ?? refOf(out);
    graphs.set(sig, { signature: sig, ops, output });
    return out;
  };
  return Object.defineProperties(fn, {
    traceCount: { get: () => traceCount },
    graphs: { get: () => graphs },
    settle: {
      value: async () => {
        for (const [ref, t] of held) if (ref.kind === 'const') ref.values = Array.from((await t.data()) as ArrayLike<number | string>);
      },
    },
  }) as Traced;
}

/** A saved module: its variables' values and its traced functions' graphs. */
export interface SavedModule {
  format: 'lab-trace-module';
  version: 1;
  variables: { name: string; dtype: DType; shape: number[]; values: number[] }[];
  functions: Record<string, Graph[]>;
}

/** Saves variables and traced functions as one JSON file (Node). Returns its path. */
export async function saveTraced(file: string, variables: readonly Variable[], functions: Record<string, Traced>): Promise<string> {
  const { mkdir, writeFile } = await import('node:fs/promises');
  const { dirname, resolve } = await import('node:path');
  const saved: SavedModule = {
    format: 'lab-trace-module',
    version: 1,
    variables: await Promise.all(variables.map(async (v) => ({ name: v.name, dtype: v.dtype, shape: [...v.shape], values: Array.from((await v.data()) as ArrayLike<number>) }))),
    functions: {},
  };
  for (const [k, f] of Object.entries(functions)) {
    await f.settle();
    saved.functions[k] = [...f.graphs.values()];
  }
  const path = resolve(file);
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, JSON.stringify(saved, null, 1));
  return path;
}

/** A module loaded by {@link loadTraced}: its variables and callable functions (one graph per saved signature). */
export interface LoadedModule {
  variables: Map<string, Variable>;
  functions: Record<string, (...args: Tensor[]) => Tensor>;
}

/** Loads a module saved by {@link saveTraced}; calls with a signature that was never traced are rejected. */
export async function loadTraced(file: string): Promise<LoadedModule> {
  const { readFile } = await import('node:fs/promises');
  const saved = JSON.parse(await readFile(file, 'utf8')) as SavedModule;
  if (saved.format !== 'lab-trace-module' || saved.version !== 1) throw new Error(`loadTraced: ${file} is not a saved lab trace module`);
  const variables = new Map<string, Variable>();
  for (const v of saved.variables) variables.set(v.name, new Variable(lab.tensor(v.values, { dtype: v.dtype, shape: v.shape }), { name: v.name.replace(/:0$/, '') }));
  const functions: Record<string, (...args: Tensor[]) => Tensor> = {};
  for (const [name, graphs] of Object.entries(saved.functions)) {
    functions[name] = (...args: Tensor[]) => {
      const sig = signatureOf(args);
      const g = graphs.find((x) => x.signature === sig);
      if (!g) throw new Error(`loadTraced: '${name}' was saved for ${graphs.map((x) => x.signature).join(' | ')}, not ${sig}`);
      return replay(g, args, variables);
    };
  }
  return { variables, functions };
}
