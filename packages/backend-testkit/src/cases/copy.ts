/** Cases of the `copy` kernel: strided source into strided destination windows, every dtype, bit-exactness. */
import { contiguousStrides, sizeOf, type BackendDType } from '@lab/core';
import { EXACT } from '../tolerance.js';
import { ConformanceError, expectValues } from '../check.js';
import type { CaseContext } from '../harness.js';
import type { HostValues } from '../host.js';
import { readView, writeView } from '../reference/strided.js';
import { makeView, viewExtent } from '../view.js';
import { defaultValues, elementwiseLayouts, permutedStrides, steppedStrides, uploadOperand, type OperandLayout } from './common.js';
import { makeCase, type ConformanceCase } from './types.js';

/** A copy scenario: the source layout plus the destination window in a destination buffer. */
interface CopyScenario {
  readonly title: string;
  readonly shape: readonly number[];
  readonly src: OperandLayout;
  readonly dst: { strides?: readonly number[]; offset?: number; size?: number };
  readonly timeout?: number;
}

function scenarios(): CopyScenario[] {
  const out: CopyScenario[] = [
    { title: 'contiguous into a strided window [2,3] of a [6,8] buffer', shape: [2, 3], src: {}, dst: { strides: [16, 2], offset: 9, size: 48 } },
    { title: 'transposed source into a transposed window [4,6]', shape: [4, 6], src: { strides: [1, 4] }, dst: { strides: [1, 4], offset: 2, size: 30 } },
    { title: 'scalar source (strides 0) into a window [3,4]', shape: [3, 4], src: { strides: [0, 0] }, dst: { strides: [8, 1], offset: 3, size: 30 } },
    { title: 'rank 0 into offset 3', shape: [], src: { offset: 2, pad: 1 }, dst: { strides: [], offset: 3, size: 5 } },
    { title: 'size 0 [3,0] leaves the destination untouched', shape: [3, 0], src: {}, dst: { strides: [4, 1], offset: 1, size: 8 } },
    {
      title: 'rank 6 permuted source into a stepped window [2,1,3,2,2,3]',
      shape: [2, 1, 3, 2, 2, 3],
      src: { strides: permutedStrides([2, 1, 3, 2, 2, 3], [5, 3, 1, 0, 4, 2]), offset: 1 },
      dst: { strides: steppedStrides([2, 1, 3, 2, 2, 3], 2), offset: 1, size: 2 * 72 + 1 },
    },
    { title: 'column window of a [5,7] buffer', shape: [5, 1], src: {}, dst: { strides: [7, 1], offset: 3, size: 35 } },
  ];
  // Every source layout of the elementwise suite, into a contiguous destination.
  for (const l of elementwiseLayouts(1)) {
    out.push({ title: `source layout ${l.title} into contiguous`, shape: l.shape, src: l.operands[0], dst: {}, timeout: l.timeout });
  }
  return out;
}

async function runCopy(ctx: CaseContext, dtype: BackendDType, s: CopyScenario): Promise<void> {
  const src = uploadOperand(ctx, dtype, s.shape, s.src, (n) => defaultValues(ctx.rng, dtype, n));
  const strides = s.dst.strides ?? contiguousStrides(s.shape);
  const offset = s.dst.offset ?? 0;
  const size = s.dst.size ?? Math.max(viewExtent(s.shape, strides, offset), sizeOf(s.shape) === 0 ? offset : 0);
  const before = defaultValues(ctx.rng, dtype, size);
  const dst = ctx.upload(dtype, before);
  ctx.backend.copy(src.view, makeView(dst, dtype, s.shape, strides, offset));
  const expected = writeView(before as (number | string)[], s.shape, strides, offset, src.logical as (number | string)[]) as HostValues;
  const note = `whole destination buffer [${size}]; window strides [${strides.join(',')}] offset ${offset}; source strides [${src.view.strides.join(',')}] offset ${src.view.offset}`;
  expectValues(await ctx.read(dst), expected, { kernel: 'copy', dtype, shape: [size], note }, EXACT);
}

/** Bit patterns a copy must preserve exactly (NaN payloads aside: any NaN stays a NaN). */
function bitPatterns(dtype: BackendDType): HostValues {
  switch (dtype) {
    case 'float32':
      return [NaN, -0, 0, Infinity, -Infinity, 1.401298464324817e-45, -1.401298464324817e-45, 1.1754942106924411e-38, 3.4028234663852886e38, Math.fround(1 / 3)];
    case 'float64':
      return [NaN, -0, 0, Infinity, -Infinity, 5e-324, -5e-324, 2.225073858507201e-308, 1.7976931348623157e308, 1 / 3];
    case 'int32':
      return [-2147483648, 2147483647, -1, 0, 1];
    case 'bool':
      return [0, 1, 1, 0];
    case 'string':
      return ['', 'a', 'héllo', '😀', 'a\u0000b', 'x'.repeat(10000), ' ', '\n'];
    case 'float16':
      return [];
  }
}

/** Every copy case for the given dtypes. */
export function copyCases(dtypes: readonly BackendDType[]): ConformanceCase[] {
  const cases: ConformanceCase[] = [];
  for (const dtype of dtypes) {
    // Source and destination windows in one buffer, not overlapping (core assembling a tensor in place).
    for (const [title, shape, sStrides, sOff, dStrides, dOff] of [
      ['rows 0-1 into rows 3-4 of one [6,5] buffer', [2, 5], [5, 1], 0, [5, 1], 15],
      ['even columns into odd columns of one [4,8] buffer, transposed', [4, 4], [8, 2], 0, [2, 8], 1],
      ['a later block into an earlier one of the same buffer', [257], [1], 300, [1], 2],
    ] as const) {
      cases.push(
        makeCase({
          kernel: 'copy',
          dtype,
          title: `within one buffer: ${title}`,
          run: async (ctx) => {
            const size = 600;
            const before = defaultValues(ctx.rng, dtype, size);
            const id = ctx.upload(dtype, before);
            ctx.backend.copy(makeView(id, dtype, shape, sStrides, sOff), makeView(id, dtype, shape, dStrides, dOff));
            const src = readView(before as (number | string)[], shape, sStrides, sOff);
            const expected = writeView(before as (number | string)[], shape, dStrides, dOff, src) as HostValues;
            const note = `source strides [${sStrides.join(',')}] offset ${sOff}, destination strides [${dStrides.join(',')}] offset ${dOff}`;
            expectValues(await ctx.read(id), expected, { kernel: 'copy', dtype, shape: [size], note }, EXACT);
          },
        }),
      );
    }
    for (const s of scenarios()) {
      cases.push(makeCase({ kernel: 'copy', dtype, title: s.title, timeout: s.timeout, run: (ctx) => runCopy(ctx, dtype, s) }));
    }
    cases.push(
      makeCase({
        kernel: 'copy',
        dtype,
        title: dtype === 'float16' ? 'preserves every float16 bit pattern (NaNs stay NaN)' : 'preserves special values bit for bit (-0, NaN, subnormals)',
        run: async (ctx) => {
          if (dtype === 'float16') {
            const bits = new Uint16Array(65536).map((_, i) => i);
            const src = ctx.alloc('float16', 65536);
            ctx.backend.write(src, bits);
            const dst = ctx.alloc('float16', 65536);
            ctx.backend.copy(makeView(src, dtype, [65536]), makeView(dst, dtype, [65536]));
            const got = (await ctx.readRaw(dst)) as Uint16Array;
            for (let i = 0; i < 65536; i++) {
              const isNaN = (i & 0x7c00) === 0x7c00 && (i & 0x03ff) !== 0;
              const g = got[i];
              const ok = isNaN ? (g & 0x7c00) === 0x7c00 && (g & 0x03ff) !== 0 : g === i;
              if (!ok) {
                throw new ConformanceError(
                  `copy (float16, shape [65536]): bit pattern 0x${i.toString(16)} came back as 0x${g.toString(16)} (index ${i})`,
                );
              }
            }
            return;
          }
          const values = bitPatterns(dtype);
          const src = ctx.upload(dtype, values);
          const dst = ctx.upload(dtype, defaultValues(ctx.rng, dtype, values.length));
          ctx.backend.copy(makeView(src, dtype, [values.length]), makeView(dst, dtype, [values.length]));
          const got = await ctx.read(dst);
          for (let i = 0; i < values.length; i++) {
            if (!Object.is(got[i], values[i])) {
              const show = (v: unknown): string => (Object.is(v, -0) ? '-0' : typeof v === 'string' ? JSON.stringify(v.slice(0, 20)) : String(v));
              throw new ConformanceError(`copy (${dtype}, shape [${values.length}]): index ${i}: expected ${show(values[i])}, got ${show(got[i])} (bit-exact copy)`);
            }
          }
        },
      }),
    );
  }
  return cases;
}
