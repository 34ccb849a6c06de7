// The kit's float64 references against hand-known values: if these are wrong, every verdict is.
import { describe, expect, it } from 'vitest';
import {
  accumulationTolerance,
  closeEnough,
  poison,
  reference as R,
  roundTo,
  Rng,
  TOLERANCES,
} from '../src/index.js';

const I32_MIN = -2147483648;
const I32_MAX = 2147483647;

describe('special functions', () => {
  it('erf and erfc match tabulated values', () => {
    const table: [number, number][] = [
      [0, 0],
      [0.1, 0.1124629160182849],
      [0.5, 0.5204998778130465],
      [1, 0.8427007929497149],
      [2, 0.9953222650189527],
      [2.5, 0.999593047982555],
      [3, 0.9999779095030014],
      [6, 1],
    ];
    for (const [x, y] of table) {
      expect(R.erf(x)).toBeCloseTo(y, 15);
      expect(R.erf(-x)).toBeCloseTo(-y, 15);
    }
    expect(R.erfc(3) / 2.209049699858544e-5).toBeCloseTo(1, 13);
    expect(R.erfc(5) / 1.5374597944280349e-12).toBeCloseTo(1, 12);
    expect(R.erf(Infinity)).toBe(1);
    expect(R.erf(-Infinity)).toBe(-1);
    expect(R.erf(NaN)).toBeNaN();
  });

  it('gelu is the exact erf form', () => {
    expect(R.gelu(1)).toBeCloseTo(0.8413447460685429, 15);
    expect(R.gelu(-1)).toBeCloseTo(-0.15865525393145707, 15);
    expect(R.gelu(0)).toBe(0);
    expect(Math.abs(R.gelu(-10))).toBeLessThan(1e-20);
    expect(R.gelu(Infinity)).toBe(Infinity);
  });

  it('activations', () => {
    expect(R.activate('relu6', 7)).toBe(6);
    expect(R.activate('leakyRelu', -2, 0.1)).toBeCloseTo(-0.2, 15);
    expect(R.activate('elu', -1)).toBeCloseTo(Math.exp(-1) - 1, 15);
    expect(R.sigmoid(-1000)).toBe(0);
    expect(R.sigmoid(1000)).toBe(1);
    expect(R.activate('relu', NaN)).toBeNaN();
  });
});

describe('unary', () => {
  it('round is half to even', () => {
    const cases: [number, number][] = [
      [0.5, 0], [1.5, 2], [2.5, 2], [3.5, 4], [-0.5, -0], [-1.5, -2], [-2.5, -2], [1.25, 1], [-1.75, -2], [4194304.5, 4194304],
    ];
    for (const [x, y] of cases) expect(R.roundHalfEven(x)).toBe(y);
  });

  it('int32 ops wrap', () => {
    expect(R.unaryInt('neg', I32_MIN)).toBe(I32_MIN);
    expect(R.unaryInt('abs', I32_MIN)).toBe(I32_MIN);
    expect(R.unaryInt('square', 46341)).toBe(-2147479015);
  });

  it('float ops at the edges', () => {
    expect(R.unaryFloat('softplus', 1000)).toBe(1000);
    expect(R.unaryFloat('softplus', -1000)).toBe(0);
    expect(R.unaryFloat('softplus', 0)).toBeCloseTo(Math.LN2, 15);
    expect(R.unaryFloat('sign', NaN)).toBeNaN();
    expect(R.unaryFloat('isFinite', Infinity)).toBe(0);
    expect(R.unaryFloat('selu', 1)).toBeCloseTo(1.0507009873554805, 15);
    expect(R.unaryFloat('softsign', Infinity)).toBe(1);
  });
});

describe('binary', () => {
  it('int32: wrap-around, truncating div, floorDiv/mod signs, division by zero', () => {
    expect(R.binaryInt('add', I32_MAX, 1)).toBe(I32_MIN);
    expect(R.binaryInt('sub', I32_MIN, 1)).toBe(I32_MAX);
    expect(R.binaryInt('mul', 123456789, 987654321)).toBe(-67153019);
    expect(R.binaryInt('mul', 65536, 65536)).toBe(0);
    expect(R.binaryInt('div', -7, 2)).toBe(-3);
    expect(R.binaryInt('div', 7, -2)).toBe(-3);
    expect(R.binaryInt('div', 5, 0)).toBe(0);
    expect(R.binaryInt('div', I32_MIN, -1)).toBe(I32_MIN);
    expect(R.binaryInt('floorDiv', -7, 2)).toBe(-4);
    expect(R.binaryInt('floorDiv', 7, -2)).toBe(-4);
    expect(R.binaryInt('floorDiv', -7, -2)).toBe(3);
    expect(R.binaryInt('floorDiv', 5, 0)).toBe(0);
    expect(R.binaryInt('mod', -7, 3)).toBe(2);
    expect(R.binaryInt('mod', 7, -3)).toBe(-2);
    expect(R.binaryInt('mod', -7, -3)).toBe(-1);
    expect(R.binaryInt('mod', 5, 0)).toBe(0);
    expect(R.binaryInt('mod', I32_MIN, -1)).toBe(0);
    expect(R.binaryInt('pow', -2, 31)).toBe(I32_MIN);
    expect(R.binaryInt('pow', 3, 4)).toBe(81);
  });

  it('float: mod takes the divisor sign, floorDiv floors, NaN propagates through maximum', () => {
    expect(R.modFloat(5.5, -2)).toBe(-0.5);
    expect(R.modFloat(-5, 3)).toBe(1);
    expect(R.modFloat(-5.5, 2)).toBe(0.5);
    expect(R.binaryFloat('floorDiv', -7, 2)).toBe(-4);
    expect(R.binaryFloat('mod', 1, 0)).toBeNaN();
    expect(R.binaryFloat('maximum', NaN, 1)).toBeNaN();
    expect(R.binaryFloat('minimum', 1, NaN)).toBeNaN();
    expect(R.binaryFloat('pow', -2, 3)).toBe(-8);
    expect(R.binaryFloat('logicalXor', 1, 1)).toBe(0);
  });

  it('compare is IEEE', () => {
    expect(R.compareRef('equal', NaN, NaN)).toBe(0);
    expect(R.compareRef('notEqual', NaN, NaN)).toBe(1);
    expect(R.compareRef('equal', 0, -0)).toBe(1);
    expect(R.compareRef('lessEqual', NaN, 1)).toBe(0);
    expect(R.compareRef('equal', 'e\u0301', 'é')).toBe(0);
  });
});

describe('cast and rounding', () => {
  it('follows the contract', () => {
    expect(R.castRef('int32', 1.9)).toBe(1);
    expect(R.castRef('int32', -1.9)).toBe(-1);
    expect(R.castRef('int32', NaN)).toBe(0);
    expect(R.castRef('bool', NaN)).toBe(1);
    expect(R.castRef('bool', -0)).toBe(0);
    expect(R.castRef('float16', 70000)).toBe(Infinity);
    expect(R.castRef('float16', 1 + 2 ** -11)).toBe(1);
    expect(R.castRef('float16', 1 + 3 * 2 ** -11)).toBe(1 + 2 ** -9);
    expect(R.castRef('float16', 65519)).toBe(65504);
    expect(R.castRef('float16', 65520)).toBe(Infinity);
    expect(R.castRef('float32', 16777217)).toBe(16777216);
    expect(roundTo('float32', 1e40)).toBe(Infinity);
  });
});

describe('reductions', () => {
  it('empty axes give the identities', () => {
    expect(R.reduceRef('sum', 'float32', [], 2, 0, 1).values).toEqual([0, 0]);
    expect(R.reduceRef('prod', 'float32', [], 1, 0, 1).values).toEqual([1]);
    expect(R.reduceRef('max', 'float32', [], 1, 0, 1).values).toEqual([-Infinity]);
    expect(R.reduceRef('min', 'float32', [], 1, 0, 1).values).toEqual([Infinity]);
    expect(R.reduceRef('any', 'bool', [], 1, 0, 1).values).toEqual([0]);
    expect(R.reduceRef('all', 'bool', [], 1, 0, 1).values).toEqual([1]);
  });

  it('argMax/argMin take the first tie; max propagates NaN; int32 sums wrap', () => {
    expect(R.reduceRef('argMax', 'float32', [1, 3, 3, 2], 1, 4, 1).values).toEqual([1]);
    expect(R.reduceRef('argMin', 'float32', [2, 0, 0], 1, 3, 1).values).toEqual([1]);
    // [outer 1, reduce 2, inner 2]: columns [1,3] and [2,2].
    expect(R.reduceRef('argMax', 'float32', [1, 2, 3, 2], 1, 2, 2).values).toEqual([1, 0]);
    expect(R.reduceRef('max', 'float32', [1, NaN, 2], 1, 3, 1).values[0]).toBeNaN();
    expect(R.reduceRef('sum', 'int32', [I32_MAX, 1], 1, 2, 1).values).toEqual([I32_MIN]);
    expect(R.reduceRef('sum', 'float32', [1, 2, 3, 4, 5, 6], 2, 3, 1).values).toEqual([6, 15]);
  });
});

describe('matmul', () => {
  const plain = { batch: 1, m: 2, n: 2, k: 3, transposeA: false, transposeB: false, aBatchStride: 6, bBatchStride: 6, aOffset: 0, bOffset: 0 };
  const A = [1, 2, 3, 4, 5, 6]; // [[1,2,3],[4,5,6]]
  const B = [7, 8, 9, 10, 11, 12]; // [[7,8],[9,10],[11,12]]
  const C = [58, 64, 139, 154];

  it('multiplies', () => {
    expect(R.matmulRef(plain, 'float32', A, B).values).toEqual(C);
  });

  it('reads transposed storage', () => {
    const At = [1, 4, 2, 5, 3, 6];
    const Bt = [7, 9, 11, 8, 10, 12];
    expect(R.matmulRef({ ...plain, transposeA: true }, 'float32', At, B).values).toEqual(C);
    expect(R.matmulRef({ ...plain, transposeB: true }, 'float32', A, Bt).values).toEqual(C);
    expect(R.matmulRef({ ...plain, transposeA: true, transposeB: true }, 'float32', At, Bt).values).toEqual(C);
  });

  it('broadcasts with batch stride 0 and honours offsets', () => {
    const l = { ...plain, batch: 2, aBatchStride: 0, bOffset: 1 };
    expect(R.matmulRef(l, 'float32', A, [0, ...B, ...B.map((x) => 2 * x)]).values).toEqual([...C, ...C.map((x) => 2 * x)]);
  });

  it('applies bias and activation', () => {
    const r = R.matmulRef(plain, 'float32', A, B, { bias: [-60, -200], activation: 'relu' });
    expect(r.values).toEqual([0, 0, 79, 0]);
  });
});

describe('gather, scatterAdd, cumsum', () => {
  it('gather gives 0 out of range', () => {
    expect(R.gatherRef([10, 11, 12], [2, -1, 3, 0], 1, 3, 1, 0)).toEqual([12, 0, 0, 10]);
    expect(R.gatherRef([1, 2, 3, 4], [1, 0], 1, 2, 2, 0)).toEqual([3, 4, 1, 2]);
  });

  it('scatterAdd accumulates repeated indices', () => {
    expect(R.scatterAddRef([1, 2, 3, 4], [0, 2, 2, 0], 1, 3, 1, false).values).toEqual([5, 0, 5]);
  });

  it('cumsum in all four modes', () => {
    const x = [1, 2, 3];
    expect(R.cumsumRef(x, 1, 3, 1, false, false, false).values).toEqual([1, 3, 6]);
    expect(R.cumsumRef(x, 1, 3, 1, true, false, false).values).toEqual([0, 1, 3]);
    expect(R.cumsumRef(x, 1, 3, 1, false, true, false).values).toEqual([6, 5, 3]);
    expect(R.cumsumRef(x, 1, 3, 1, true, true, false).values).toEqual([5, 3, 0]);
  });
});

describe('conv2d and pool2d', () => {
  const base = {
    batch: 1, inHeight: 3, inWidth: 3, inChannels: 1, outHeight: 3, outWidth: 3, outChannels: 1, filterHeight: 3,
    filterWidth: 3, strideHeight: 1, strideWidth: 1, dilationHeight: 1, dilationWidth: 1, padTop: 1, padLeft: 1,
    depthwise: false,
  };
  const ones = (n: number): number[] => new Array<number>(n).fill(1);

  it("conv2d 'same' on ones counts the in-bounds taps", () => {
    expect(R.conv2dRef(base, ones(9), ones(9)).values).toEqual([4, 6, 4, 6, 9, 6, 4, 6, 4]);
    expect(R.conv2dRef({ ...base, outHeight: 1, outWidth: 1, padTop: 0, padLeft: 0 }, ones(9), ones(9), [0.5]).values).toEqual([9.5]);
  });

  it('depthwise output channel is c * multiplier + q', () => {
    const l = { ...base, inHeight: 1, inWidth: 1, inChannels: 2, outHeight: 1, outWidth: 1, outChannels: 4, filterHeight: 1, filterWidth: 1, padTop: 0, padLeft: 0, depthwise: true };
    // filter [1,1,2,2]: channel 0 -> (10, 20), channel 1 -> (30, 40)
    expect(R.conv2dRef(l, [1, 2], [10, 20, 30, 40]).values).toEqual([10, 20, 60, 80]);
  });

  it('avg pool divides by in-bounds elements only; max ignores padding', () => {
    const l = { batch: 1, inHeight: 3, inWidth: 3, channels: 1, outHeight: 3, outWidth: 3, filterHeight: 3, filterWidth: 3, strideHeight: 1, strideWidth: 1, padTop: 1, padLeft: 1 };
    expect(R.pool2dRef('avg', l, ones(9)).values).toEqual(ones(9));
    expect(R.pool2dRef('max', l, ones(9).map(() => -5)).values).toEqual(ones(9).map(() => -5));
    expect(R.pool2dRef('avg', l, [1, 2, 3, 4, 5, 6, 7, 8, 9]).values[0]).toBe(3);
  });
});

describe('softmax', () => {
  it('is stable for large inputs', () => {
    const p = [0.09003057317038046, 0.24472847105479764, 0.6652409557748219];
    const r = R.softmaxRef([1000, 1001, 1002], 1, 3, false);
    r.forEach((v, i) => expect(v).toBeCloseTo(p[i], 15));
    const l = R.softmaxRef([1000, 1001, 1002], 1, 3, true);
    l.forEach((v, i) => expect(v).toBeCloseTo(Math.log(p[i]), 14));
  });

  it('gives -Inf entries 0 (log: -Inf)', () => {
    expect(R.softmaxRef([0, -Infinity], 1, 2, false)).toEqual([1, 0]);
    expect(R.softmaxRef([0, -Infinity], 1, 2, true)).toEqual([0, -Infinity]);
  });
});

describe('layout, tolerance and PRNG helpers', () => {
  it('viewOffsets walks strides and offsets', () => {
    expect(R.viewOffsets([2, 3], [1, 2], 1)).toEqual([1, 3, 5, 2, 4, 6]);
    expect(R.viewOffsets([2, 2], [0, 1], 0)).toEqual([0, 1, 0, 1]);
    expect(R.viewOffsets([], [], 4)).toEqual([4]);
    expect(R.viewOffsets([3, 0], [1, 1], 0)).toEqual([]);
  });

  it('tolerances', () => {
    expect(TOLERANCES.float32.rtol).toBe(1e-5);
    expect(TOLERANCES.float16.rtol).toBe(1e-2);
    expect(TOLERANCES.float64.rtol).toBe(1e-12);
    expect(TOLERANCES.int32).toEqual({ rtol: 0, atol: 0 });
    expect(accumulationTolerance('float32', 100).rtol).toBeCloseTo(1e-4, 15);
    expect(accumulationTolerance('float16', 100).rtol).toBe(1e-2);
    expect(closeEnough(NaN, NaN, TOLERANCES.float32)).toBe(true);
    expect(closeEnough(1, NaN, TOLERANCES.float32)).toBe(false);
    expect(closeEnough(Infinity, Infinity, TOLERANCES.float32)).toBe(true);
    expect(closeEnough(1e38, Infinity, TOLERANCES.float32)).toBe(false);
    expect(closeEnough(1.000001, 1, TOLERANCES.float32)).toBe(true);
    expect(closeEnough(1.0001, 1, TOLERANCES.float32)).toBe(false);
    expect(closeEnough(3, 3, TOLERANCES.int32)).toBe(true);
  });

  it('poison differs from the expected value everywhere', () => {
    const f = [0, NaN, 1, -Infinity];
    poison('float32', f).forEach((p, i) => expect(Object.is(p, f[i])).toBe(false));
    const b = [0, 1, 1];
    expect(poison('bool', b)).toEqual([1, 0, 0]);
    const n = [0, -1, I32_MIN];
    poison('int32', n).forEach((p, i) => expect(p).not.toBe(n[i]));
    expect(poison('string', ['a'])[0]).not.toBe('a');
  });

  it('the PRNG reproduces per seed', () => {
    const a = new Rng('case name');
    const b = new Rng('case name');
    const c = new Rng('other case');
    const xs = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(xs);
    expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(xs);
    for (let i = 0; i < 1000; i++) {
      const v = a.int(-3, 3);
      expect(v >= -3 && v <= 3 && Number.isInteger(v)).toBe(true);
    }
  });
});
