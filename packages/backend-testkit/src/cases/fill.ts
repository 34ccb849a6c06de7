/** Cases of the `fill` kernel: whole buffers of every block size, strided windows, every dtype's values. */
import { contiguousStrides, sizeOf, type BackendDType } from '@lab/core';
import { EXACT } from '../tolerance.js';
import { expectValues } from '../check.js';
import type { CaseContext } from '../harness.js';
import { roundAll, type HostValues } from '../host.js';
import { writeView } from '../reference/strided.js';
import { makeView, viewExtent } from '../view.js';
import { BIG, BLOCK_SIZES, defaultValues, LONG, permutedStrides, steppedStrides } from './common.js';
import { makeCase, type ConformanceCase } from './types.js';

/** Fill values worth checking per dtype (numbers are rounded to the dtype for the expected result). */
function fillValues(dtype: BackendDType): (number | string)[] {
  switch (dtype) {
    case 'float32':
    case 'float64':
      return [1.5, -0.25, 0.1, NaN, Infinity, -Infinity, 0];
    case 'float16':
      return [1.5, -0.25, 0.1, NaN, Infinity, 65504, 0];
    case 'int32':
      return [-7, 2147483647, -2147483648, 0];
    case 'bool':
      return [1, 0];
    case 'string':
      return ['abc', '', 'é😀'];
  }
}

interface Window {
  readonly title: string;
  readonly shape: readonly number[];
  readonly strides?: readonly number[];
  readonly offset?: number;
  readonly size?: number;
  readonly timeout?: number;
}

const WINDOWS: readonly Window[] = [
  { title: 'whole buffer [3,4]', shape: [3, 4] },
  { title: 'strided window [2,3] of a [6,8] buffer', shape: [2, 3], strides: [16, 2], offset: 9, size: 48 },
  { title: 'transposed window [4,6]', shape: [4, 6], strides: [1, 4], offset: 2, size: 30 },
  { title: 'rank 0 at offset 3', shape: [], strides: [], offset: 3, size: 5 },
  { title: 'size 0 [3,0] leaves the buffer untouched', shape: [3, 0], strides: [4, 1], offset: 1, size: 8 },
  { title: 'rank 5 permuted window', shape: [2, 3, 2, 2, 3], strides: permutedStrides([2, 3, 2, 2, 3], [4, 2, 0, 3, 1]), offset: 4, size: 80 },
  { title: 'stepped window [5,7]', shape: [5, 7], strides: steppedStrides([5, 7], 2), offset: 1, size: 72 },
  ...BLOCK_SIZES.map((n) => ({ title: `whole buffer of ${n}`, shape: [n] })),
  ...BLOCK_SIZES.map((n) => ({ title: `every third element of ${3 * n}`, shape: [n], strides: [3], offset: 1, size: 3 * n })),
  { title: `whole buffer of ${BIG}`, shape: [BIG], timeout: LONG },
  { title: `odd elements of ${2 * BIG}`, shape: [BIG], strides: [2], offset: 1, size: 2 * BIG, timeout: LONG },
];

async function runFill(ctx: CaseContext, dtype: BackendDType, w: Window, value: number | string): Promise<void> {
  const strides = w.strides ?? contiguousStrides(w.shape);
  const offset = w.offset ?? 0;
  const size = w.size ?? Math.max(viewExtent(w.shape, strides, offset), sizeOf(w.shape) === 0 ? offset : 0);
  const before = defaultValues(ctx.rng, dtype, size);
  const id = ctx.upload(dtype, before);
  ctx.backend.fill(makeView(id, dtype, w.shape, strides, offset), value);
  const v = typeof value === 'string' ? value : roundAll(dtype, [value])[0];
  const expected = writeView(before as (number | string)[], w.shape, strides, offset, new Array<number | string>(sizeOf(w.shape)).fill(v)) as HostValues;
  const note = `value ${String(value)}; whole buffer [${size}], window strides [${strides.join(',')}] offset ${offset}`;
  expectValues(await ctx.read(id), expected, { kernel: 'fill', dtype, shape: [size], note }, EXACT);
}

/** Every fill case for the given dtypes. */
export function fillCases(dtypes: readonly BackendDType[]): ConformanceCase[] {
  const cases: ConformanceCase[] = [];
  for (const dtype of dtypes) {
    const values = fillValues(dtype);
    for (const w of WINDOWS) {
      const value = values[0];
      cases.push(makeCase({ kernel: 'fill', dtype, title: `${w.title} with ${String(value)}`, timeout: w.timeout, run: (ctx) => runFill(ctx, dtype, w, value) }));
    }
    for (const value of values.slice(1)) {
      cases.push(
        makeCase({
          kernel: 'fill',
          dtype,
          title: `value ${typeof value === 'string' ? JSON.stringify(value) : String(value)} into a strided window`,
          run: (ctx) => runFill(ctx, dtype, WINDOWS[1], value),
        }),
      );
    }
  }
  return cases;
}
