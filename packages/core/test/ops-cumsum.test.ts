// cumsum (the cpu kernel and core's log-step scan) and cumprod: every axis, exclusive/reverse, dtypes, size-0.
import { beforeAll, describe, expect, it } from 'vitest';
import { cumprod, cumsum, init, range, setBackend, tensor, type Tensor } from '@lab/core';
import { cpu } from '@lab/backend-cpu';
import { balanced, cpuBare, expectClose, throwsClean } from './ops-helpers.js';

beforeAll(async () => {
  await init(cpuBare);
  await init(cpu);
});

/** Reference scan along `axis` of a row-major array of `shape`. */
function refScan(v: number[], shape: number[], axis: number, exclusive: boolean, reverse: boolean, prod: boolean): number[] {
  const outer = shape.slice(0, axis).reduce((a, b) => a * b, 1);
  const n = shape[axis];
  const inner = shape.slice(axis + 1).reduce((a, b) => a * b, 1);
  const out = new Array<number>(v.length);
  for (let o = 0; o < outer; o++)
    for (let j = 0; j < inner; j++) {
      let acc = prod ? 1 : 0;
      for (let t = 0; t < n; t++) {
        const i = reverse ? n - 1 - t : t;
        const p = (o * n + i) * inner + j;
        if (exclusive) out[p] = acc;
        acc = prod ? acc * v[p] : acc + v[p];
        if (!exclusive) out[p] = acc;
      }
    }
  return out;
}

function read(f: () => Tensor): number[] {
  let v: number[] = [];
  balanced(() => {
    const r = f();
    v = Array.from(r.dataSync() as Float32Array);
    r.dispose();
  });
  return v;
}

describe.each(['cpu', 'cpu-bare'])('cumsum on %s', (backend) => {
  beforeAll(() => setBackend(backend));

  it('the documented examples', () => {
    expect(read(() => cumsum([1, 2, 3]))).toEqual([1, 3, 6]);
    expect(read(() => cumsum([1, 2, 3], 0, true))).toEqual([0, 1, 3]);
    expect(read(() => cumsum([1, 2, 3], 0, false, true))).toEqual([6, 5, 3]);
    expect(read(() => cumsum([1, 2, 3], 0, true, true))).toEqual([5, 3, 0]);
  });

  it('every axis (negative too), exclusive and reverse, against a reference', () => {
    const shape = [3, 5, 4];
    const v = Array.from({ length: 60 }, (_, i) => ((i * 7) % 11) - 5);
    const x = tensor(v, { shape });
    for (const axis of [0, 1, 2, -1, -3])
      for (const exclusive of [false, true])
        for (const reverse of [false, true]) {
          const ax = axis < 0 ? axis + 3 : axis;
          expectClose(read(() => cumsum(x, axis, exclusive, reverse)), refScan(v, shape, ax, exclusive, reverse, false));
          expectClose(read(() => cumprod(x, axis, exclusive, reverse)), refScan(v, shape, ax, exclusive, reverse, true));
        }
    x.dispose();
  });

  it('long axes (several scan rounds), non-contiguous input, int32 wrap, float64, size-0, length 1', () => {
    const n = 37;
    const v = Array.from({ length: n }, (_, i) => i + 1);
    expect(read(() => cumsum(v))).toEqual(refScan(v, [n], 0, false, false, false));
    const m = tensor([[1, 2], [3, 4], [5, 6]]);
    const mt = m.transpose();
    expect(read(() => cumsum(mt, 1))).toEqual([1, 4, 9, 2, 6, 12]);
    const big = tensor([2147483647, 1], 'int32');
    const w = cumsum(big);
    expect(w.dtype).toBe('int32');
    expect(Array.from(w.dataSync() as Int32Array)).toEqual([2147483647, -2147483648]);
    const d = tensor([0.1, 0.2], 'float64');
    const cd = cumsum(d);
    expect(cd.dtype).toBe('float64');
    expect((cd.dataSync() as Float64Array)[1]).toBe(0.1 + 0.2);
    const e = cumsum(tensor([], { shape: [2, 0] }), 1);
    expect(e.shape).toEqual([2, 0]);
    expect(read(() => cumsum([5]))).toEqual([5]);
    expect(read(() => cumprod([5], 0, true))).toEqual([1]);
    [m, mt, big, w, d, cd, e].forEach((t) => t.dispose());
  });
});

describe('cumsum / cumprod errors', () => {
  it('name the op, axis and dtype', () => {
    const x = tensor([1, 2]);
    throwsClean(() => cumsum(x, 1), 'cumsum: axis 1 is out of range for rank 1');
    throwsClean(() => cumsum([1, 2], -2), 'cumsum: axis -2 is out of range for rank 1');
    const sc = tensor(1);
    throwsClean(() => cumsum(sc), 'cumsum: needs rank >= 1, got a scalar (float32)');
    const b = tensor([true]);
    throwsClean(() => cumprod(b), 'cumprod: dtype bool is not supported (shape [1]); expected one of float32, float64, float16, int32');
    const st = tensor(['a']);
    throwsClean(() => cumsum(st), 'cumsum: dtype string is not supported');
    [x, sc, b, st].forEach((t) => t.dispose());
  });
});

describe('range helper sanity', () => {
  it('cumsum of ones is a range', () => {
    const r = range(1, 9);
    const o = cumsum(tensor(new Array(8).fill(1)));
    expect(o.arraySync()).toEqual(r.arraySync());
    [r, o].forEach((t) => t.dispose());
  });
});
