/**
 * Reductions over the middle axis of [outer, reduceSize, inner].
 *
 * Two shapes of kernel: a tree reduction (one workgroup per output; each thread folds a strided slice, then the
 * workgroup halves its partials in workgroup memory) when there are few, long reductions, and one thread per
 * output when there are many short ones (no barriers, full occupancy). float max/min propagate NaN; argMax and
 * argMin return the first index of the extreme value, and a NaN counts as the extreme (first NaN wins), so the
 * index points at what max/min return.
 */
import type { ReduceArgs, ReduceOp } from '@lab/core';
import { LINEAR_INDEX, LINEAR_MAIN_ARGS, grid, inputDecl, linearGrid, outputDecl, paramsDecl, storageType, type StorageType } from '../wgsl/common.js';
import { mathLib } from '../wgsl/math.js';
import type { KernelHost, Program } from './types.js';

/**
 * Threads of the tree kernel: 256 for very long reductions (more loads in flight), 64 otherwise (fewer idle
 * threads, and fewer barrier steps: barriers are what costs on CPU implementations such as SwiftShader).
 */
export function treeWorkgroup(reduceSize: number): number {
  return reduceSize >= 8192 ? 256 : 64;
}

interface Form {
  /** WGSL accumulator type. */
  readonly acc: string;
  /** Output storage type. */
  readonly out: StorageType;
  /** Extra declarations (accumulator struct). */
  readonly decl: string;
  /** `fn ident() -> ACC`, `fn lift(v: T, r: u32) -> ACC`, `fn comb(a: ACC, b: ACC) -> ACC`, `fn fin(a: ACC) -> OUT`. */
  readonly fns: string;
  readonly lib: readonly string[];
}

function truthy(t: StorageType, v: string): string {
  return t === 'f32' ? `nz_f(${v})` : t === 'i32' ? `${v} != 0i` : `${v} != 0u`;
}

function form(op: ReduceOp, t: StorageType): Form {
  const plain = (ident: string, comb: string, lib: readonly string[] = []): Form => ({
    acc: t,
    out: t,
    decl: '',
    fns: `fn ident() -> ${t} { return ${ident}; }
fn lift(v: ${t}, r: u32) -> ${t} { return v; }
fn comb(a: ${t}, b: ${t}) -> ${t} { return ${comb}; }
fn fin(a: ${t}) -> ${t} { return a; }`,
    lib,
  });
  switch (op) {
    case 'sum':
      if (t === 'u32') return plain('0u', 'u32(a != 0u || b != 0u)');
      return plain(t === 'f32' ? '0.0' : '0i', 'a + b');
    case 'prod':
      if (t === 'u32') return plain('1u', 'u32(a != 0u && b != 0u)');
      return plain(t === 'f32' ? '1.0' : '1i', 'a * b');
    case 'max':
      if (t === 'f32') return plain('-inf_f()', 'max_f(a, b)', ['bits']);
      return plain(t === 'i32' ? 'i32(-2147483647 - 1)' : '0u', 'max(a, b)');
    case 'min':
      if (t === 'f32') return plain('inf_f()', 'min_f(a, b)', ['bits']);
      return plain(t === 'i32' ? '2147483647i' : '1u', 'min(a, b)');
    case 'any':
    case 'all': {
      const any = op === 'any';
      return {
        acc: 'u32',
        out: 'u32',
        decl: '',
        fns: `fn ident() -> u32 { return ${any ? '0u' : '1u'}; }
fn lift(v: ${t}, r: u32) -> u32 { return u32(${truthy(t, 'v')}); }
fn comb(a: u32, b: u32) -> u32 { return ${any ? 'a | b' : 'a & b'}; }
fn fin(a: u32) -> u32 { return a; }`,
        lib: t === 'f32' ? ['bits'] : [],
      };
    }
    case 'argMax':
    case 'argMin': {
      const cmp = op === 'argMax' ? '>' : '<';
      // NONE marks an empty accumulator (reduceSize 0, or a thread with no elements).
      const nanRule =
        t === 'f32'
          ? `if (is_nan(a.v)) { if (is_nan(b.v) && b.i < a.i) { return b; } return a; }
  if (is_nan(b.v)) { return b; }`
          : '';
      return {
        acc: 'Acc',
        out: 'i32',
        decl: `struct Acc { v: ${t}, i: u32 }
const NONE: u32 = 0xffffffffu;`,
        fns: `fn ident() -> Acc { return Acc(${t}(0), NONE); }
fn lift(v: ${t}, r: u32) -> Acc { return Acc(v, r); }
fn comb(a: Acc, b: Acc) -> Acc {
  if (b.i == NONE) { return a; }
  if (a.i == NONE) { return b; }
  ${nanRule}
  if (b.v ${cmp} a.v || (b.v == a.v && b.i < a.i)) { return b; }
  return a;
}
fn fin(a: Acc) -> i32 { return select(i32(a.i), 0i, a.i == NONE); }`,
        lib: t === 'f32' ? ['bits'] : [],
      };
    }
  }
}

/** The reduce program for an op, input dtype and kernel shape. */
export function reduceProgram(op: ReduceOp, dtype: ReduceArgs['dtype'], tree: boolean, wg = 64): Program {
  const t = storageType(dtype, `reduce:${op}`);
  const f = form(op, t);
  const name = `reduce:${op}`;
  return {
    name,
    key: `reduce|${op}|${dtype}|${tree ? `tree${wg}` : 'serial'}`,
    nIn: 1,
    nOut: 1,
    source: () => {
      const head = `${inputDecl(0, 'x', t)}
${outputDecl(1, 'out', f.out)}
${paramsDecl(2)}
${mathLib(f.lib)}
${f.decl}
${f.fns}`;
      if (!tree) {
        return `${head}
@compute @workgroup_size(256)
fn main(${LINEAR_MAIN_ARGS}) {
  ${LINEAR_INDEX}
  if (gi >= p(3u)) { return; }
  let R = p(1u);
  let I = p(2u);
  let base = (gi / I) * R * I + gi % I;
  var acc = ident();
  for (var r = 0u; r < R; r = r + 1u) { acc = comb(acc, lift(x[base + r * I], r)); }
  out[gi] = fin(acc);
}`;
      }
      return `${head}
var<workgroup> part: array<${f.acc}, ${wg}>;
@compute @workgroup_size(${wg})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) lix: u32, @builtin(num_workgroups) nwg: vec3<u32>) {
  // One workgroup per output; the index depends only on the workgroup, so the early return keeps barriers uniform.
  let oi = wid.y * nwg.x + wid.x;
  if (oi >= p(3u)) { return; }
  let R = p(1u);
  let I = p(2u);
  let base = (oi / I) * R * I + oi % I;
  var acc = ident();
  for (var r = lix; r < R; r = r + ${wg}u) { acc = comb(acc, lift(x[base + r * I], r)); }
  part[lix] = acc;
  workgroupBarrier();
  for (var s = ${wg / 2}u; s > 0u; s = s >> 1u) {
    if (lix < s) { part[lix] = comb(part[lix], part[lix + s]); }
    workgroupBarrier();
  }
  if (lix == 0u) { out[oi] = fin(part[0]); }
}`;
    },
  };
}

/** True when the tree kernel pays off: few outputs, each over many elements. */
export function useTree(numOut: number, reduceSize: number): boolean {
  return reduceSize > 64 && numOut < 4096;
}

/** Runs a reduction. */
export function reduce(host: KernelHost, args: ReduceArgs): void {
  const name = `reduce:${args.op}`;
  const x = host.data(args.x, name);
  const out = host.data(args.out, name);
  const numOut = args.outer * args.inner;
  if (numOut === 0) return;
  const tree = useTree(numOut, args.reduceSize);
  host.run({
    program: reduceProgram(args.op, args.dtype, tree, treeWorkgroup(args.reduceSize)),
    inputs: [x],
    outputs: [out],
    params: (w) => {
      w.u32(0, args.outer);
      w.u32(1, args.reduceSize);
      w.u32(2, args.inner);
      w.u32(3, numOut);
    },
    workgroups: tree ? grid(numOut, host.maxWorkgroupsPerDim) : linearGrid(numOut, host.maxWorkgroupsPerDim),
  });
}
