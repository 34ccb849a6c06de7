import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatArray, type DataValues, type DType } from '@lab/core';

/** numpy's own str() of each case, written by scripts/numpy-print-references.py (numpy 2.4). */
interface Reference {
  name: string;
  dtype: DType;
  shape: number[];
  values: (number | string | boolean | (number | string)[])[];
  expected: string;
}
const file = JSON.parse(readFileSync(new URL('./fixtures/numpy-print.json', import.meta.url), 'utf8')) as {
  numpy: string;
  cases: Reference[];
};

/** JSON cannot hold NaN, infinities or -0: the script spells them as strings. */
function num(v: number | string): number {
  if (typeof v === 'number') return v;
  return { nan: NaN, inf: Infinity, '-inf': -Infinity, '-0': -0 }[v] ?? Number(v);
}

/** Host values as lab's readers return them (float16 arrives as float32 values, bool as 0/1 bytes). */
function hostValues(c: Reference): DataValues {
  switch (c.dtype) {
    case 'string':
      return c.values as string[];
    case 'bool':
      return Uint8Array.from(c.values as boolean[], (b) => (b ? 1 : 0));
    case 'int32':
      return Int32Array.from(c.values as number[]);
    case 'float64':
      return Float64Array.from(c.values as (number | string)[], num);
    case 'complex64':
      return Float32Array.from((c.values as (number | string)[][]).flat(), num);
    default:
      return Float32Array.from(c.values as (number | string)[], num);
  }
}

describe(`printing matches numpy ${file.numpy} str() exactly`, () => {
  it('has the references', () => expect(file.cases.length).toBeGreaterThan(100));
  it.each(file.cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    expect(formatArray(hostValues(c), c.shape, c.dtype)).toBe(c.expected);
  });
});
