/** The worker pool: multi-threaded results are bit-identical to single-threaded ones, and growth is visible. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Backend, DataId } from '@lab/core';
import { createWasmBackend, type WasmBackend } from '../src/index.js';
import { rand, view } from './helpers.js';

let one: WasmBackend;
let two: WasmBackend;
beforeAll(async () => {
  one = await createWasmBackend();
  two = await createWasmBackend({ threads: 2 });
});
afterAll(() => {
  one.dispose();
  two.dispose();
});

function up(b: Backend, v: Float32Array): DataId {
  const id = b.alloc('float32', v.length);
  b.write(id, v);
  return id;
}

/** Bitwise equality (NaN payloads included) without vitest's slow element-by-element diff. */
function expectSame(a: Float32Array, b: Float32Array): void {
  expect(a.length).toBe(b.length);
  const ua = new Uint32Array(a.buffer, a.byteOffset, a.length);
  const ub = new Uint32Array(b.buffer, b.byteOffset, b.length);
  let bad = -1;
  for (let i = 0; i < ua.length && bad < 0; i++) if (ua[i] !== ub[i]) bad = i;
  expect(bad, bad >= 0 ? `first difference at ${bad}: ${a[bad]} vs ${b[bad]}` : '').toBe(-1);
}

/** Runs `f` on both backends and returns both outputs. */
function both(n: number, f: (b: Backend, out: DataId) => void): [Float32Array, Float32Array] {
  const r = [one, two].map((b) => {
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
