/**
 * Kernel micro-benchmarks for the cpu backend: `pnpm --filter @lab/backend-cpu bench` (bundled by
 * bench/tsup.config.ts, then run with node).
 * Each line is the best of several timed runs after warm-up (the minimum is the least noisy estimate of what
 * the kernel itself costs); the median is printed too. Times are CPU time of this process.
 */
import type { BinaryOp, DataId, View } from '@lab/core';
import { CpuBackend } from '../src/index.js';

const be = new CpuBackend();

function strides(shape: readonly number[]): number[] {
  const s = new Array<number>(shape.length);
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    s[i] = acc;
    acc *= shape[i];
  }
  return s;
}
function view(id: DataId, shape: number[], st: number[] = strides(shape), offset = 0): View {
  return { id, dtype: 'float32', shape, strides: st, offset };
}
function rand(n: number): DataId {
  const id = be.alloc('float32', n);
  const v = new Float32Array(n);
  for (let i = 0; i < n; i++) v[i] = Math.random() * 2 - 1;
  be.write(id, v);
  return id;
}
/**
 * Times `fn` (ms): warm-up, then `runs` runs, each repeating fn `inner` times. Counts this process's CPU time
 * (process.cpuUsage), not wall time: the dev machines are shared, and wall time includes the periods the
 * scheduler gives the core to someone else.
 */
function time(fn: () => void, runs: number, inner = 1, warm = 3): { best: number; median: number } {
  for (let i = 0; i < warm; i++) for (let j = 0; j < inner; j++) fn();
  const ts: number[] = [];
  for (let r = 0; r < runs; r++) {
    const t0 = process.cpuUsage();
    for (let j = 0; j < inner; j++) fn();
    const d = process.cpuUsage(t0);
    ts.push((d.user + d.system) / 1000 / inner);
  }
  ts.sort((a, b) => a - b);
  return { best: ts[0], median: ts[ts.length >> 1] };
}
const rows: string[] = [];
function report(name: string, t: { best: number; median: number }, metric: (ms: number) => string): void {
  rows.push(`${name.padEnd(46)} best ${t.best.toFixed(3).padStart(9)} ms  median ${t.median.toFixed(3).padStart(9)} ms  ${metric(t.best)} (median ${metric(t.median)})`);
}

function main(): void {
  // matmul 1024^3 f32
  for (const [m, n, k, ta, tb] of [
    [1024, 1024, 1024, false, false],
    [1024, 1024, 1024, true, true],
    [256, 256, 256, false, false],
    [64, 64, 64, false, false],
  ] as const) {
    const a = rand(m * k);
    const b = rand(k * n);
    const out = be.alloc('float32', m * n);
    const args = { a, b, out, dtype: 'float32' as const, batch: 1, m, n, k, transposeA: ta, transposeB: tb, aBatchStride: 0, bBatchStride: 0, aOffset: 0, bOffset: 0 };
    const runs = m >= 1024 ? 5 : 20;
    const inner = m >= 1024 ? 1 : m >= 256 ? 5 : 200;
    report(`matmul ${m}x${k}x${n} f32${ta ? ' tA' : ''}${tb ? ' tB' : ''}`, time(() => be.matmul(args), runs, inner, 4), (ms) => `${((2 * m * n * k) / ms / 1e6).toFixed(2)} GFLOP/s`);
  }

  // add 1e6 f32
  const N = 1_000_000;
  const x = rand(N);
  const y = rand(N);
  const out = be.alloc('float32', N);
  const gbs = (ms: number) => `${((12 * N) / ms / 1e6).toFixed(2)} GB/s`;
  for (const op of ['add', 'mul', 'sub', 'div', 'maximum'] as BinaryOp[]) {
    report(`${op} 1e6 f32 contiguous (kernel)`, time(() => be.binary(op, view(x, [N]), view(y, [N]), out), 50, 1, 20), gbs);
  }
  report('add 1e6 f32 contiguous (+alloc/free)', time(() => {
    const o = be.alloc('float32', N);
    be.binary('add', view(x, [N]), view(y, [N]), o);
    be.free(o);
  }, 50, 1, 20), gbs);
  const s = rand(1);
  report('add 1e6 f32 + scalar', time(() => be.binary('add', view(x, [N]), view(s, [N], [0]), out), 50, 1, 20), (ms) => `${((8 * N) / ms / 1e6).toFixed(2)} GB/s (8 B/elt)`);
  const rowv = rand(1000);
  report('add [1000,1000] + [1000] row broadcast', time(() => be.binary('add', view(x, [1000, 1000]), view(rowv, [1000, 1000], [0, 1]), out), 50, 1, 20), (ms) => `${((8 * N) / ms / 1e6).toFixed(2)} GB/s (8 B/elt)`);
  const bias3 = rand(3);
  const N3 = 999_999;
  report('add [333333,3] + [3] (short rows)', time(() => be.binary('add', view(x, [N3 / 3, 3]), view(bias3, [N3 / 3, 3], [0, 1]), out), 50, 1, 20), (ms) => `${((8 * N3) / ms / 1e6).toFixed(2)} GB/s (8 B/elt)`);
  report('add [1000,1000] + transposed [1000,1000]', time(() => be.binary('add', view(x, [1000, 1000]), view(y, [1000, 1000], [1, 1000]), out), 20, 1, 5), gbs);
  report('relu 1e6 f32', time(() => be.unary('relu', view(x, [N]), out), 50, 1, 20), (ms) => `${((8 * N) / ms / 1e6).toFixed(2)} GB/s (8 B/elt)`);
  report('exp 1e6 f32', time(() => be.unary('exp', view(x, [N]), out), 30, 1, 10), (ms) => `${(N / ms / 1e3).toFixed(1)} Melt/s`);
  report('gelu 1e6 f32', time(() => be.unary('gelu', view(x, [N]), out), 20, 1, 5), (ms) => `${(N / ms / 1e3).toFixed(1)} Melt/s`);
  {
    // Other dtypes, for scale: float16 pays two conversions (core's helpers), int32 / float64 run the same loops.
    const h = be.alloc('float16', N);
    const ho = be.alloc('float16', N);
    const i32 = be.alloc('int32', N);
    const io = be.alloc('int32', N);
    const hv = (id: DataId): View => ({ id, dtype: 'float16', shape: [N], strides: [1], offset: 0 });
    const iv = (id: DataId): View => ({ id, dtype: 'int32', shape: [N], strides: [1], offset: 0 });
    report('add 1e6 f16', time(() => be.binary('add', hv(h), hv(h), ho), 10, 1, 3), (ms) => `${((6 * N) / ms / 1e6).toFixed(2)} GB/s (6 B/elt)`);
    report('add 1e6 int32', time(() => be.binary('add', iv(i32), iv(i32), io), 30, 1, 10), gbs);
    report('mul 1e6 int32', time(() => be.binary('mul', iv(i32), iv(i32), io), 30, 1, 10), gbs);
  }
  const red = be.alloc('float32', 1000);
  report('sum [1000,1000] axis 1', time(() => be.reduce({ op: 'sum', x, dtype: 'float32', outer: 1000, reduceSize: 1000, inner: 1, out: red }), 50, 1, 10), (ms) => `${((4 * N) / ms / 1e6).toFixed(2)} GB/s`);
  report('sum [1000,1000] axis 0', time(() => be.reduce({ op: 'sum', x, dtype: 'float32', outer: 1, reduceSize: 1000, inner: 1000, out: red }), 50, 1, 10), (ms) => `${((4 * N) / ms / 1e6).toFixed(2)} GB/s`);
  report('copy transpose [1000,1000]', time(() => be.copy(view(x, [1000, 1000], [1, 1000]), view(out, [1000, 1000])), 30, 1, 5), (ms) => `${((8 * N) / ms / 1e6).toFixed(2)} GB/s`);

  // softmax 1000x1000
  report('softmax [1000,1000] f32', time(() => be.softmax({ x, out, dtype: 'float32', outer: 1000, size: 1000, log: false }), 30, 1, 5), (ms) => `${ms.toFixed(2)} ms`);
  report('logSoftmax [1000,1000] f32', time(() => be.softmax({ x, out, dtype: 'float32', outer: 1000, size: 1000, log: true }), 30, 1, 5), (ms) => `${ms.toFixed(2)} ms`);

  // conv2d: 1x32x32x32 input, 3x3x32x64 filter, same padding
  {
    const xi = rand(32 * 32 * 32);
    const f = rand(3 * 3 * 32 * 64);
    const o = be.alloc('float32', 32 * 32 * 64);
    const args = {
      x: xi, filter: f, out: o, dtype: 'float32' as const, batch: 1, inHeight: 32, inWidth: 32, inChannels: 32, outHeight: 32, outWidth: 32,
      outChannels: 64, filterHeight: 3, filterWidth: 3, strideHeight: 1, strideWidth: 1, dilationHeight: 1, dilationWidth: 1, padTop: 1, padLeft: 1, depthwise: false,
    };
    const flops = 2 * 32 * 32 * 64 * 3 * 3 * 32;
    report('conv2d 32x32x32 * 3x3x32x64 same', time(() => be.conv2d(args), 20, 1, 3), (ms) => `${(flops / ms / 1e6).toFixed(2)} GFLOP/s`);
  }

  // tiny ops: kernel overhead
  const t1 = rand(1);
  const t2 = rand(1);
  const to = be.alloc('float32', 1);
  report('tiny add [1] (per op)', time(() => be.binary('add', view(t1, [1]), view(t2, [1]), to), 20, 10000, 3), (ms) => `${(ms * 1e6).toFixed(0)} ns/op`);
  report('tiny add [2,3] + [3] (per op)', time(() => be.binary('add', view(x, [2, 3]), view(t1, [2, 3], [0, 1]), to), 20, 10000, 3), (ms) => `${(ms * 1e6).toFixed(0)} ns/op`);
  report('tiny exp [] (per op)', time(() => be.unary('exp', view(t1, []), to), 20, 10000, 3), (ms) => `${(ms * 1e6).toFixed(0)} ns/op`);
  report('tiny alloc+free [1] (per op)', time(() => be.free(be.alloc('float32', 1)), 20, 10000, 3), (ms) => `${(ms * 1e6).toFixed(0)} ns/op`);

  console.log(rows.join('\n'));
}

main();
