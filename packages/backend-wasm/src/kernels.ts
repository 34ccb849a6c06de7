/** The exports of lab-kernels.wasm (see assembly/index.ts). Pointers are byte offsets; booleans are 0/1. */
export interface KernelExports {
  heapBase(): number;
  unary(dt: number, op: number, meta: number, x: number, out: number, start: number, end: number): void;
  binary(dt: number, op: number, meta: number, a: number, b: number, out: number, start: number, end: number): void;
  compare(dt: number, op: number, meta: number, a: number, b: number, out: number, start: number, end: number): void;
  copy(es: number, meta: number, src: number, dst: number, start: number, end: number): void;
  fill(dt: number, meta: number, dst: number, value: number, start: number, end: number): void;
  select(es: number, meta: number, cond: number, a: number, b: number, out: number, start: number, end: number): void;
  cast(inT: number, outT: number, meta: number, x: number, out: number, start: number, end: number): void;
  reduce(dt: number, op: number, outT: number, x: number, r: number, inner: number, out: number, o0: number, o1: number): void;
  gather(es: number, x: number, idx: number, out: number, axis: number, inner: number, numIdx: number, o0: number, o1: number): void;
  scatterAdd(dt: number, upd: number, idx: number, out: number, outer: number, axis: number, inner: number, numIdx: number): void;
  cumsum(dt: number, x: number, out: number, outer: number, size: number, inner: number, exclusive: number, reverse: number): void;
  softmax(dt: number, x: number, out: number, size: number, log: number, r0: number, r1: number): void;
  matmul(
    dt: number, a: number, b: number, out: number, m: number, n: number, k: number, tA: number, tB: number,
    aBatchStride: number, bBatchStride: number, bt0: number, bt1: number, m0: number, m1: number, work: number,
    bias: number, act: number, alpha: number,
  ): void;
  matmulWorkBytes(n: number, k: number): number;
  conv2d(dt: number, x: number, w: number, out: number, params: number, r0: number, r1: number, work: number, bias: number, act: number, alpha: number): void;
  pool2d(dt: number, isMax: number, x: number, out: number, params: number, r0: number, r1: number): void;
  convWorkBytes(params: number): number;
  conv2dBackpropInput(dt: number, dy: number, w: number, dx: number, params: number, b0: number, b1: number, work: number): void;
  conv2dBackpropFilter(dt: number, x: number, dy: number, df: number, params: number, k0: number, k1: number, work: number): void;
  convBackpropInputWorkBytes(params: number): number;
  convBackpropFilterWorkBytes(params: number): number;
  pool2dBackprop(dt: number, isMax: number, dy: number, x: number, dx: number, params: number, b0: number, b1: number): void;
  /** The fused elementwise interpreter (assembly/fused.ts; the block is written by src/fused.ts). */
  fused(prog: number, meta: number, start: number, end: number, work: number): void;
}

/** Names of the kernels a worker thread may be asked to run. */
export type KernelName = Exclude<
  keyof KernelExports,
  'heapBase' | 'matmulWorkBytes' | 'convWorkBytes' | 'convBackpropInputWorkBytes' | 'convBackpropFilterWorkBytes'
>;

/** Instantiates the kernels over a memory. */
export function instantiateKernels(module: WebAssembly.Module, memory: WebAssembly.Memory): KernelExports {
  const inst = new WebAssembly.Instance(module, { env: { memory } });
  return inst.exports as unknown as KernelExports;
}
