/** Cases of the memory half of the contract: alloc, write, read, free and memoryBytes. */
import { bytesPerElement, type BackendDType } from '@lab/core';
import { EXACT } from '../tolerance.js';
import { ConformanceError, expectValues, fmtValue } from '../check.js';
import type { CaseContext } from '../harness.js';
import { encode, type HostValues } from '../host.js';
import { BIG, BLOCK_SIZES, defaultValues, LONG } from './common.js';
import { makeCase, type ConformanceCase } from './types.js';


/** Special values that must survive write/read bit for bit (Object.is: -0 stays -0, NaN stays NaN). */
function specials(dtype: BackendDType): HostValues {
  switch (dtype) {
    case 'float32':
      return [NaN, -0, 0, Infinity, -Infinity, 1.401298464324817e-45, -1.401298464324817e-45, 1.1754942106924411e-38, 3.4028234663852886e38, -3.4028234663852886e38, Math.fround(1 / 3)];
    case 'float64':
      return [NaN, -0, 0, Infinity, -Infinity, 5e-324, -5e-324, 2.2250738585072014e-308, 1.7976931348623157e308, 0.1, 1 / 3];
    case 'int32':
      return [-2147483648, 2147483647, -1, 0, 1, 65536];
    case 'bool':
      return [0, 1, 1, 0, 1];
    case 'string':
      return ['', 'a', 'héllo', '漢字', '😀', 'a\u0000b', 'x'.repeat(10000), ' ', '\n'];
    case 'float16':
      return [NaN, -0, 0, Infinity, -Infinity, 65504, -65504, 6.103515625e-5, 5.960464477539063e-8, 0.333251953125];
  }
}

function zeroOf(dtype: BackendDType): number | string {
  return dtype === 'string' ? '' : 0;
}

function sameValues(got: HostValues, expected: HostValues, what: string, dtype: BackendDType): void {
  for (let i = 0; i < expected.length; i++) {
    if (!Object.is(got[i], expected[i])) {
      const show = (v: number | string): string => (typeof v === 'string' && v.length > 20 ? JSON.stringify(`${v.slice(0, 20)}...`) : fmtValue(v));
      throw new ConformanceError(`${what} (${dtype}, shape [${expected.length}]): index ${i}: expected ${show(expected[i])}, got ${show(got[i])}`);
    }
  }
}

/** Every memory case for the given dtypes. */
export function memoryCases(dtypes: readonly BackendDType[]): ConformanceCase[] {
  const cases: ConformanceCase[] = [];
  for (const dtype of dtypes) {
    const add = (title: string, run: (ctx: CaseContext) => Promise<void>, timeout?: number): void => {
      cases.push(makeCase({ kernel: 'memory', dtype, title, run, timeout }));
    };
    for (const n of [1, 7, 1025, BIG]) {
      add(`alloc(${n}) is zero-filled`, async (ctx) => {
        const id = ctx.alloc(dtype, n);
        const expected = new Array<number | string>(n).fill(zeroOf(dtype)) as HostValues;
        expectValues(await ctx.read(id), expected, { kernel: 'alloc', dtype, shape: [n] }, EXACT);
      }, n === BIG ? LONG : undefined);
    }
    add('alloc(0) reads back as an empty array of the dtype', async (ctx) => {
      const id = ctx.alloc(dtype, 0);
      await ctx.read(id);
    });
    for (const n of [...BLOCK_SIZES, BIG]) {
      add(`write/read round-trips ${n} random values`, async (ctx) => {
        const values = defaultValues(ctx.rng, dtype, n);
        const id = ctx.upload(dtype, values);
        expectValues(await ctx.read(id), values, { kernel: 'write/read', dtype, shape: [n] }, EXACT);
      }, n === BIG ? LONG : undefined);
    }
    add('write/read preserve special values exactly (-0, NaN, subnormals, extremes)', async (ctx) => {
      const values = specials(dtype);
      const id = ctx.upload(dtype, values);
      sameValues(await ctx.read(id), values, 'write/read', dtype);
    });
    if (dtype === 'float16') {
      add('write/read preserve every float16 bit pattern (NaNs stay NaN)', async (ctx) => {
        const bits = new Uint16Array(65536).map((_, i) => i);
        const id = ctx.alloc('float16', 65536);
        ctx.backend.write(id, bits);
        const got = (await ctx.readRaw(id)) as Uint16Array;
        for (let i = 0; i < 65536; i++) {
          const nan = (i & 0x7c00) === 0x7c00 && (i & 0x03ff) !== 0;
          const g = got[i];
          if (nan ? !((g & 0x7c00) === 0x7c00 && (g & 0x03ff) !== 0) : g !== i) {
            throw new ConformanceError(`write/read (float16, shape [65536]): bits 0x${i.toString(16)} read back as 0x${g.toString(16)}`);
          }
        }
      });
    }
    add('write copies its input (later changes to the source array do not reach the buffer)', async (ctx) => {
      const values = defaultValues(ctx.rng, dtype, 9);
      const data = encode(dtype, values);
      const id = ctx.alloc(dtype, 9);
      ctx.backend.write(id, data);
      const other = encode(dtype, defaultValues(ctx.rng, dtype, 9));
      for (let i = 0; i < 9; i++) (data as unknown as unknown[])[i] = (other as unknown as unknown[])[i];
      expectValues(await ctx.read(id), values, { kernel: 'write', dtype, shape: [9], note: 'source array mutated after write' }, EXACT);
    });
    add('read returns a copy (mutating it does not change the buffer)', async (ctx) => {
      const values = defaultValues(ctx.rng, dtype, 9);
      const id = ctx.upload(dtype, values);
      const first = await ctx.readRaw(id);
      const other = encode(dtype, defaultValues(ctx.rng, dtype, 9));
      for (let i = 0; i < 9; i++) (first as unknown as unknown[])[i] = (other as unknown as unknown[])[i];
      expectValues(await ctx.read(id), values, { kernel: 'read', dtype, shape: [9], note: 'array from an earlier read mutated' }, EXACT);
    });
    add('a second write replaces the contents', async (ctx) => {
      const id = ctx.upload(dtype, defaultValues(ctx.rng, dtype, 17));
      const values = defaultValues(ctx.rng, dtype, 17);
      ctx.backend.write(id, encode(dtype, values));
      expectValues(await ctx.read(id), values, { kernel: 'write', dtype, shape: [17], note: 'second write' }, EXACT);
    });
    add('buffers are independent, and freeing one leaves the others intact', async (ctx) => {
      const va = defaultValues(ctx.rng, dtype, 33);
      const vb = defaultValues(ctx.rng, dtype, 33);
      const vc = defaultValues(ctx.rng, dtype, 5);
      const a = ctx.upload(dtype, va);
      const b = ctx.upload(dtype, vb);
      const c = ctx.upload(dtype, vc);
      ctx.free(b);
      const vd = defaultValues(ctx.rng, dtype, 33);
      const d = ctx.upload(dtype, vd);
      expectValues(await ctx.read(d), vd, { kernel: 'write/read', dtype, shape: [33], note: 'buffer allocated after a free' }, EXACT);
      expectValues(await ctx.read(a), va, { kernel: 'write/read', dtype, shape: [33], note: 'first of several buffers' }, EXACT);
      expectValues(await ctx.read(c), vc, { kernel: 'write/read', dtype, shape: [5], note: 'buffer allocated before a free' }, EXACT);
    });
    add('many small buffers (1000 allocs of 1 to 3 elements)', async (ctx) => {
      const ids = [];
      const vals: HostValues[] = [];
      for (let i = 0; i < 1000; i++) {
        const v = defaultValues(ctx.rng, dtype, 1 + (i % 3));
        vals.push(v);
        ids.push(ctx.upload(dtype, v));
      }
      for (let i = 0; i < 1000; i += 97) {
        expectValues(await ctx.read(ids[i]), vals[i], { kernel: 'write/read', dtype, shape: [vals[i].length], note: `buffer #${i} of 1000` }, EXACT);
      }
      for (let i = 0; i < 1000; i += 2) ctx.free(ids[i]);
      expectValues(await ctx.read(ids[999]), vals[999], { kernel: 'write/read', dtype, shape: [vals[999].length], note: 'after freeing half' }, EXACT);
    });
    if (dtype !== 'string') {
      add('memoryBytes grows by at least size × bytesPerElement and returns to its baseline after free', async (ctx) => {
        const base = ctx.backend.memoryBytes();
        const n = 1000;
        const id = ctx.alloc(dtype, n);
        const grown = ctx.backend.memoryBytes();
        const need = n * bytesPerElement(dtype);
        if (grown - base < need) {
          throw new ConformanceError(`memoryBytes (${dtype}): grew by ${grown - base} bytes after alloc(${dtype}, ${n}); expected at least ${need}`);
        }
        const id2 = ctx.alloc(dtype, 3 * n);
        const grown2 = ctx.backend.memoryBytes();
        if (grown2 - grown < 3 * need) {
          throw new ConformanceError(`memoryBytes (${dtype}): grew by ${grown2 - grown} bytes after alloc(${dtype}, ${3 * n}); expected at least ${3 * need}`);
        }
        ctx.free(id2);
        ctx.free(id);
        const after = ctx.backend.memoryBytes();
        if (after !== base) {
          throw new ConformanceError(`memoryBytes (${dtype}): ${after} after freeing both buffers, ${base} before allocating them`);
        }
      });
    }
  }
  return cases;
}
