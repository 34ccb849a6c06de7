// Kernel timings of the built package (run `pnpm --filter @lab/backend-wasm bench`): calls the backend directly,
// so the numbers are compute only (no tensor layer). Median of several reps after warm-up.
import { createWasmBackend } from '../dist/index.js';

const reps = Number(process.env.REPS ?? 9);

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1];
}

function time(fn, n = reps) {
  for (let i = 0; i < 2; i++) fn();
  const ts = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    fn();
    ts.push(performance.now() - t0);
  }
  return median(ts);
}

function randomF32(n) {
  const a = new Float32Array(n);
  for (let i = 0; i < n; i++) a[i] = Math.random() * 2 - 1;
  return a;
}

function upload(b, values) {
  const id = b.alloc('float32', values.length);
  b.write(id, values);
  return id;
}

const view = (id, shape) => {
  const strides = [];
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = s;
    s *= shape[i];
  }
  return { id, dtype: 'float32', shape, strides, offset: 0 };
};

async function run(threads) {
  const b = await createWasmBackend({ threads });
  const rows = [];
  for (const n of [256, 512, 1024]) {
    const a = upload(b, randomF32(n * n));
    const c = upload(b, randomF32(n * n));
    const out = b.alloc('float32', n * n);
    const args = { a, b: c, out, dtype: 'float32', batch: 1, m: n, n, k: n, transposeA: false, transposeB: false, aBatchStride: 0, bBatchStride: 0, aOffset: 0, bOffset: 0 };
    const ms = time(() => b.matmul(args), n >= 1024 ? 5 : reps);
    rows.push([`matmul ${n} f32`, `${((2 * n ** 3) / ms / 1e6).toFixed(1)} GFLOP/s`, `${ms.toFixed(2)} ms`]);
  }
  {
    const n = 1e6;
    const x = upload(b, randomF32(n));
    const y = upload(b, randomF32(n));
    const out = b.alloc('float32', n);
    const ms = time(() => b.binary('add', view(x, [n]), view(y, [n]), out), 51);
    rows.push(['add 1e6 f32', `${((12 * n) / ms / 1e6).toFixed(1)} GB/s`, `${ms.toFixed(3)} ms`]);
    const ms2 = time(() => b.reduce({ op: 'sum', x, dtype: 'float32', outer: 1, reduceSize: n, inner: 1, out }), 51);
    rows.push(['reduce_sum 1e6 f32', '', `${ms2.toFixed(3)} ms`]);
    const t1 = b.alloc('float32', n);
    const ms3 = time(() => {
      b.binary('mul', view(x, [n]), view(y, [n]), t1);
      b.binary('add', view(t1, [n]), view(x, [n]), t1);
      b.unary('relu', view(t1, [n]), out);
    }, 51);
    rows.push(['relu(a*b+c) 1e6 (3 kernels)', '', `${ms3.toFixed(3)} ms`]);
  }
  {
    const x = upload(b, randomF32(1e6));
    const out = b.alloc('float32', 1e6);
    const ms = time(() => b.softmax({ x, out, dtype: 'float32', outer: 1000, size: 1000, log: false }), 21);
    rows.push(['softmax 1000x1000', '', `${ms.toFixed(3)} ms`]);
  }
  {
    const x = upload(b, randomF32(4));
    const y = upload(b, randomF32(4));
    const out = b.alloc('float32', 4);
    const vx = view(x, [4]);
    const vy = view(y, [4]);
    const N = 200000;
    const ms = time(() => {
      for (let i = 0; i < N; i++) b.binary('add', vx, vy, out);
    }, 5);
    rows.push(['add 4 elements, per call', '', `${((ms * 1000) / N).toFixed(3)} us`]);
    const ms2 = time(() => {
      for (let i = 0; i < N / 10; i++) {
        const o = b.alloc('float32', 4);
        b.binary('add', vx, vy, o);
        b.free(o);
      }
    }, 5);
    rows.push(['alloc + add 4 + free, per call', '', `${((ms2 * 1000) / (N / 10)).toFixed(3)} us`]);
  }
  b.dispose();
  return rows;
}

for (const threads of [1, 2]) {
  console.log(`\n@lab/backend-wasm, ${threads} thread(s):`);
  for (const [name, rate, t] of await run(threads)) console.log(`  ${name.padEnd(32)} ${rate.padEnd(14)} ${t}`);
}
