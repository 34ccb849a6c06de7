// Rough kernel timings on whatever adapter Dawn finds (median of timed reps after a warm-up, each rep ended by
// sync()). Absolute numbers on SwiftShader mean little; compare them as ratios on one adapter.
//   pnpm --filter @lab/backend-webgpu build && node packages/backend-webgpu/bench/kernels.mjs
import { WebGPUBackend } from '../dist/index.js';

const be = await WebGPUBackend.create();
const reps = 5;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const contiguous = (shape) => {
  const s = [];
  let m = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    s[i] = m;
    m *= shape[i];
  }
  return s;
};
const view = (id, shape, dtype = 'float32') => ({ id, dtype, shape, strides: contiguous(shape), offset: 0 });
const filled = (n) => {
  const id = be.alloc('float32', n);
  be.write(id, Float32Array.from({ length: n }, (_, i) => Math.sin(i)));
  return id;
};

async function time(label, run, unit) {
  run();
  await be.sync();
  const ts = [];
  for (let r = 0; r < reps; r++) {
    const t0 = performance.now();
    run();
    await be.sync();
    ts.push(performance.now() - t0);
  }
  const ms = median(ts);
  console.log(`${label.padEnd(44)} ${ms.toFixed(2).padStart(9)} ms  ${unit ? unit(ms) : ''}`);
}

const N = 1_000_000;
const a = filled(N);
const b = filled(N);
const out = be.alloc('float32', N);
await time('add 1e6 f32', () => be.binary('add', view(a, [N]), view(b, [N]), out), (ms) => `${((3 * 4 * N) / ms / 1e6).toFixed(2)} GB/s`);
await time('relu(a*b+c) 1e6 (3 kernels)', () => {
  const t = be.alloc('float32', N);
  be.binary('mul', view(a, [N]), view(b, [N]), t);
  be.binary('add', view(t, [N]), view(a, [N]), out);
  be.unary('relu', view(out, [N]), t);
  be.free(t);
});
const s = be.alloc('float32', 1);
await time('reduce sum 1e6', () => be.reduce({ op: 'sum', x: a, dtype: 'float32', outer: 1, reduceSize: N, inner: 1, out: s }));
await time('softmax 1000x1000', () => be.softmax({ x: a, out, dtype: 'float32', outer: 1000, size: 1000, log: false }));
for (const n of [256, 512]) {
  const m = filled(n * n);
  const o = be.alloc('float32', n * n);
  const args = { a: m, b: m, out: o, dtype: 'float32', batch: 1, m: n, n, k: n, transposeA: false, transposeB: false, aBatchStride: 0, bBatchStride: 0, aOffset: 0, bOffset: 0 };
  await time(`matmul ${n} (tiled, vec4)`, () => be.matmul(args), (ms) => `${((2 * n ** 3) / ms / 1e6).toFixed(3)} GFLOP/s`);
  // The same product by a naive kernel (one thread per output, no shared memory), for the ratio.
  const naive = `
@group(0) @binding(0) var<storage, read> A: array<f32>;
@group(0) @binding(1) var<storage, read_write> C: array<f32>;
struct Params { v: array<vec4<u32>, 16> }
@group(0) @binding(2) var<uniform> P: Params;
@compute @workgroup_size(8, 8)
fn main(@builtin(global_invocation_id) g: vec3<u32>) {
  let n = P.v[0].x;
  if (g.x >= n || g.y >= n) { return; }
  var s = 0.0;
  for (var k = 0u; k < n; k++) { s = s + A[g.y * n + k] * A[k * n + g.x]; }
  C[g.y * n + g.x] = s;
}`;
  await time(`matmul ${n} (naive kernel, for the ratio)`, () => be.runWGSL({ name: 'naive', code: naive, inputs: [m], outputs: [o], workgroups: [n / 8, n / 8, 1], params: [n] }), (ms) => `${((2 * n ** 3) / ms / 1e6).toFixed(3)} GFLOP/s`);
}
const x4 = filled(4);
const o4 = be.alloc('float32', 4);
{
  await be.sync();
  const t0 = performance.now();
  const ops = 2000;
  for (let i = 0; i < ops; i++) be.binary('add', view(x4, [4]), view(x4, [4]), o4);
  const enc = performance.now() - t0;
  await be.sync();
  console.log(`${'dispatch: 2000 four-element adds'.padEnd(44)} ${((enc * 1000) / ops).toFixed(1).padStart(9)} us/op to encode, ${(((performance.now() - t0) * 1000) / ops).toFixed(1)} us/op incl. GPU`);
}
console.log(be.stats());
console.log(be.adapterInfo);
be.dispose();
process.exit(0);
