/** The worker pool: multi-threaded results are bit-identical to single-threaded ones, and growth is visible. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Backend, DataId } from '@lab/core';
import { createWasmBackend, type WasmBackend } from '../src/index.js';
import { rand, view } from './helpers.js';
import { expectSame, up } from './thread-helpers.js';

let one: WasmBackend;
let two: WasmBackend;
/** Two threads that split every kernel (thresholdScale 0), so the split paths run whatever the test's sizes. */
let split: WasmBackend;
beforeAll(async () => {
  one = await createWasmBackend();
  two = await createWasmBackend({ threads: 2 });
  split = await createWasmBackend({ threads: 2, thresholdScale: 0 });
});
afterAll(() => {
  one.dispose();
  two.dispose();
  split.dispose();
});

/** Runs `f` on one thread and on the always-splitting pool; returns both outputs. */
function both(n: number, f: (b: Backend, out: DataId) => void): [Float32Array, Float32Array] {
  const r = [one, split].map((b) => {
    const out = b.alloc('float32', n);
    f(b, out);
    return b.readSync(out) as Float32Array;
  });
  return [r[0], r[1]];
}

describe('threads', () => {
  it('starts a pool', () => {
    expect(two.threads).toBe(2);
    expect(one.threads).toBe(1);
  });

  it('matmul (rows split and batch split) matches one thread bit for bit', () => {
    const [m, n, k] = [301, 203, 150];
    const a = rand(m * k, 1);
    const bm = rand(k * n, 2);
    const [x, y] = both(m * n, (b, out) =>
      b.matmul({ a: up(b, a), b: up(b, bm), out, dtype: 'float32', batch: 1, m, n, k, transposeA: false, transposeB: true, aBatchStride: 0, bBatchStride: 0, aOffset: 0, bOffset: 0 }),
    );
    expectSame(y, x);
    const [p, q] = both(4 * 40 * 50, (b, out) =>
      b.matmul({ a: up(b, rand(4 * 40 * 60, 3)), b: up(b, rand(60 * 50, 4)), out, dtype: 'float32', batch: 4, m: 40, n: 50, k: 60, transposeA: false, transposeB: false, aBatchStride: 2400, bBatchStride: 0, aOffset: 0, bOffset: 0 }),
    );
    expectSame(q, p);
  });

  it('elementwise, softmax, reduce and conv2d match one thread', () => {
    const N = 300_001;
    const xa = rand(N, 7);
    const ya = rand(N, 8);
    const [a1, a2] = both(N, (b, out) => b.binary('mul', view(up(b, xa), 'float32', [N]), view(up(b, ya), 'float32', [N]), out));
    expectSame(a2, a1);
    const [u1, u2] = both(N, (b, out) => b.unary('tanh', view(up(b, xa), 'float32', [N]), out));
    expectSame(u2, u1);
    const [s1, s2] = both(300 * 1000, (b, out) => b.softmax!({ x: up(b, xa.subarray(0, 300_000)), out, dtype: 'float32', outer: 300, size: 1000, log: false }));
    expectSame(s2, s1);
    const [r1, r2] = both(1000, (b, out) => b.reduce({ op: 'sum', x: up(b, xa.subarray(0, 300_000)), dtype: 'float32', outer: 1000, reduceSize: 300, inner: 1, out }));
    expectSame(r2, r1);
    const [c1, c2] = both(2 * 16 * 16 * 8, (b, out) =>
      b.conv2d!({
        x: up(b, rand(2 * 16 * 16 * 6, 9)), filter: up(b, rand(3 * 3 * 6 * 8, 10)), out, dtype: 'float32', batch: 2, inHeight: 16, inWidth: 16, inChannels: 6,
        outHeight: 16, outWidth: 16, outChannels: 8, filterHeight: 3, filterWidth: 3, strideHeight: 1, strideWidth: 1, dilationHeight: 1, dilationWidth: 1,
        padTop: 1, padLeft: 1, depthwise: false, activation: 'relu',
      }),
    );
    expectSame(c2, c1);
  });

  it('the conv2d and pooling backprop kernels match one thread bit for bit', () => {
    const geo = {
      dtype: 'float32', batch: 3, inHeight: 13, inWidth: 13, inChannels: 32, outHeight: 11, outWidth: 11, outChannels: 64, filterHeight: 3,
      filterWidth: 3, strideHeight: 1, strideWidth: 1, dilationHeight: 1, dilationWidth: 1, padTop: 0, padLeft: 0, depthwise: false,
    } as const;
    const x = rand(3 * 13 * 13 * 32, 13);
    const dy = rand(3 * 11 * 11 * 64, 14);
    const f = rand(3 * 3 * 32 * 64, 15);
    const [i1, i2] = both(x.length, (b, out) => b.conv2dBackpropInput!({ ...geo, dy: up(b, dy), filter: up(b, f), out }));
    expectSame(i2, i1);
    const [f1, f2] = both(f.length, (b, out) => b.conv2dBackpropFilter!({ ...geo, x: up(b, x), dy: up(b, dy), out }));
    expectSame(f2, f1);
    const pool = { dtype: 'float32', batch: 3, inHeight: 13, inWidth: 13, channels: 32, outHeight: 11, outWidth: 11, filterHeight: 3, filterWidth: 3, strideHeight: 1, strideWidth: 1, padTop: 0, padLeft: 0 } as const;
    const [m1, m2] = both(x.length, (b, out) => b.pool2dBackprop!({ ...pool, op: 'max', dy: up(b, dy.subarray(0, 3 * 11 * 11 * 32)), x: up(b, x), out }));
    expectSame(m2, m1);
  });

  it('back-to-back split tasks of many sizes stay bit-identical (late workers never run a stale chunk)', () => {
    // Hundreds of tiny tasks in a row: the worker often wakes after the caller has already taken every chunk, or
    // while the next task is being written. A chunk claimed with a stale tag would corrupt an output.
    for (let i = 0; i < 300; i++) {
      const n = 2 + ((i * 37) % 500);
      const xa = rand(n, 20 + i);
      const ya = rand(n, 21 + i);
      const [a1, a2] = both(n, (b, out) => b.binary('add', view(up(b, xa), 'float32', [n]), view(up(b, ya), 'float32', [n]), out));
      expectSame(a2, a1);
      const rows = 2 + (i % 7);
      const [s1, s2] = both(rows * 9, (b, out) => b.softmax!({ x: up(b, rand(rows * 9, i)), out, dtype: 'float32', outer: rows, size: 9, log: i % 2 === 1 }));
      expectSame(s2, s1);
    }
  });

  it('keeps working after the shared memory grows', () => {
    const big = two.alloc('float32', 48 << 20); // 192 MiB: forces growth
    const N = 200_000;
    const x = up(two, rand(N, 12));
    const out = two.alloc('float32', N);
    two.unary('neg', view(x, 'float32', [N]), out);
    const got = two.readSync(out) as Float32Array;
    expect(got[N - 1]).toBe(-rand(N, 12)[N - 1]);
    two.free(big);
  });
});
