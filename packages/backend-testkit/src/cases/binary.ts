/** Cases of the `binary` kernel: every op per dtype, hand-known corners (wrap-around, division by zero, sign
 * rules of floorDiv/mod, NaN/Inf) and every broadcasting layout. */
import type { BackendDType, BinaryOp } from '@lab/core';
import { expectValues, fmtValue } from '../check.js';
import type { CaseContext } from '../harness.js';
import { isFloat, representable, roundAll, type HostValues } from '../host.js';
import type { Rng } from '../random.js';
import { binaryRef } from '../reference/binary.js';
import { makeView } from '../view.js';
import { describeLayout, elementwiseLayouts, uploadOperands, type Layout } from './common.js';
import { makeCase, type ConformanceCase } from './types.js';

const FLOAT_OPS: readonly BinaryOp[] = ['add', 'sub', 'mul', 'div', 'floorDiv', 'mod', 'pow', 'maximum', 'minimum', 'atan2'];
const INT_OPS: readonly BinaryOp[] = ['add', 'sub', 'mul', 'div', 'floorDiv', 'mod', 'pow', 'maximum', 'minimum'];
const BOOL_OPS: readonly BinaryOp[] = ['logicalAnd', 'logicalOr', 'logicalXor'];

/** The binary ops the kit checks on a dtype. */
export function binaryOpsFor(dtype: BackendDType): readonly BinaryOp[] {
  if (isFloat(dtype)) return FLOAT_OPS;
  if (dtype === 'int32') return INT_OPS;
  if (dtype === 'bool') return BOOL_OPS;
  return [];
}

const I32_MIN = -2147483648;
const I32_MAX = 2147483647;
type Row = readonly [number, number, number];

/** Hand-known float results [a, b, a op b]; rows with inputs the dtype cannot hold are dropped. */
const FLOAT_SPECIALS: Partial<Record<BinaryOp, readonly Row[]>> = {
  add: [[Infinity, -Infinity, NaN], [Infinity, 1, Infinity], [-0, 0, 0], [0.5, 0.25, 0.75], [65504, 65504, 131008]],
  sub: [[Infinity, Infinity, NaN], [1, 3, -2], [-Infinity, Infinity, -Infinity], [0.75, 0.25, 0.5]],
  mul: [[0, Infinity, NaN], [-2, Infinity, -Infinity], [1.5, -2, -3], [-0, 5, -0]],
  div: [[1, 0, Infinity], [-1, 0, -Infinity], [0, 0, NaN], [Infinity, Infinity, NaN], [1, Infinity, 0], [7, 2, 3.5], [-7, 2, -3.5]],
  floorDiv: [
    [7, 2, 3], [-7, 2, -4], [7, -2, -4], [-7, -2, 3], [6, 3, 2], [-6, 3, -2], [0.5, 0.25, 2], [1, 0, Infinity],
    [-1, 0, -Infinity], [0, 0, NaN],
  ],
  mod: [
    [5, 3, 2], [-5, 3, 1], [5, -3, -1], [-5, -3, -2], [5.5, 2, 1.5], [-5.5, 2, 0.5], [5.5, -2, -0.5], [6, 3, 0],
    [-6, 3, 0], [1, 0, NaN], [Infinity, 2, NaN],
  ],
  pow: [
    [2, 3, 8], [2, -1, 0.5], [-2, 3, -8], [-2, 2, 4], [-2, 0.5, NaN], [0, 0, 1], [0, -1, Infinity], [4, 0.5, 2],
    [9, 0.5, 3], [Infinity, -1, 0], [NaN, 0, 1], [2, 0, 1], [0.5, 2, 0.25],
  ],
  maximum: [[1, 2, 2], [-Infinity, 1, 1], [Infinity, 1, Infinity], [-3, -4, -3]],
  minimum: [[1, 2, 1], [-Infinity, 1, -Infinity], [Infinity, 1, 1], [-3, -4, -4]],
  atan2: [
    [0, 1, 0], [1, 0, Math.PI / 2], [0, -1, Math.PI], [-1, 0, -Math.PI / 2], [1, 1, Math.PI / 4],
    [-1, -1, (-3 * Math.PI) / 4], [0, 0, 0], [Infinity, Infinity, Math.PI / 4],
  ],
};

/** Hand-known int32 results: wrap-around, truncating div, floorDiv/mod signs, division by zero gives 0. */
const INT_SPECIALS: Partial<Record<BinaryOp, readonly Row[]>> = {
  add: [[I32_MAX, 1, I32_MIN], [I32_MIN, -1, I32_MAX], [1073741824, 1073741824, I32_MIN], [-5, 3, -2]],
  sub: [[I32_MIN, 1, I32_MAX], [I32_MAX, -1, I32_MIN], [0, I32_MIN, I32_MIN], [3, 5, -2]],
  mul: [[65536, 65536, 0], [123456789, 987654321, -67153019], [46341, 46341, -2147479015], [I32_MIN, -1, I32_MIN], [7, -6, -42]],
  div: [[7, 2, 3], [-7, 2, -3], [7, -2, -3], [-7, -2, 3], [5, 0, 0], [-5, 0, 0], [0, 0, 0], [I32_MIN, -1, I32_MIN], [I32_MAX, 1, I32_MAX]],
  floorDiv: [[7, 2, 3], [-7, 2, -4], [7, -2, -4], [-7, -2, 3], [6, 3, 2], [-6, 3, -2], [5, 0, 0], [-5, 0, 0], [I32_MIN, -1, I32_MIN], [-1, I32_MAX, -1]],
  mod: [[7, 3, 1], [-7, 3, 2], [7, -3, -2], [-7, -3, -1], [6, 3, 0], [-6, 3, 0], [5, 0, 0], [-5, 0, 0], [I32_MIN, -1, 0], [I32_MIN, 3, 1]],
  pow: [[2, 10, 1024], [-3, 3, -27], [5, 0, 1], [0, 0, 1], [2, 30, 1073741824], [-2, 31, I32_MIN], [-1, 7, -1], [0, 5, 0]],
  maximum: [[I32_MIN, I32_MAX, I32_MAX], [-1, -2, -1]],
  minimum: [[I32_MIN, I32_MAX, I32_MIN], [-1, -2, -2]],
};

/** Truth tables of the logical ops. */
const BOOL_SPECIALS: Partial<Record<BinaryOp, readonly Row[]>> = {
  logicalAnd: [[0, 0, 0], [0, 1, 0], [1, 0, 0], [1, 1, 1]],
  logicalOr: [[0, 0, 0], [0, 1, 1], [1, 0, 1], [1, 1, 1]],
  logicalXor: [[0, 0, 0], [0, 1, 1], [1, 0, 1], [1, 1, 0]],
};

function specialsFor(op: BinaryOp, dtype: BackendDType): Row[] {
  const table = isFloat(dtype) ? FLOAT_SPECIALS : dtype === 'int32' ? INT_SPECIALS : BOOL_SPECIALS;
  return (table[op] ?? []).filter(([a, b]) => representable(dtype, a) && representable(dtype, b));
}

/** Random right operand for `op`: away from 0 where it divides (floats), including 0 for int32 division. */
export function genB(op: BinaryOp, dtype: BackendDType, rng: Rng): number {
  const sign = (): number => (rng.next() < 0.5 ? -1 : 1);
  if (dtype === 'bool') return rng.int(0, 1);
  if (dtype === 'int32') {
    if (op === 'div' || op === 'floorDiv' || op === 'mod') return rng.int(-20, 20);
    if (op === 'pow') return rng.int(0, 6);
    return rng.int(I32_MIN, I32_MAX);
  }
  if (op === 'div') return sign() * rng.uniform(0.5, 10);
  if (op === 'floorDiv' || op === 'mod') return sign() * rng.uniform(0.5, 4);
  if (op === 'pow') return rng.uniform(-3, 3);
  return rng.uniform(-10, 10);
}

/**
 * Random left operand given its right one. For floorDiv/mod the quotient stays >= 0.1 away from an integer, so
 * the result does not hinge on how the backend rounds `a / b`.
 */
export function genA(op: BinaryOp, dtype: BackendDType, rng: Rng, b: number): number {
  if (dtype === 'bool') return rng.int(0, 1);
  if (dtype === 'int32') {
    if (op === 'div' || op === 'floorDiv' || op === 'mod') return rng.next() < 0.9 ? rng.int(-1000, 1000) : rng.int(I32_MIN, I32_MAX);
    if (op === 'pow') return rng.int(-6, 6);
    return rng.int(I32_MIN, I32_MAX);
  }
  if (op === 'floorDiv' || op === 'mod') return (rng.int(-5, 5) + rng.uniform(0.1, 0.9)) * b;
  if (op === 'pow') return rng.uniform(0.1, 4);
  return rng.uniform(-10, 10);
}

/**
 * Random right operand for a given left one: for float floorDiv/mod, redrawn until the quotient is >= 0.1 away
 * from an integer (in the dtype's rounding), as genA guarantees the other way round.
 */
function genBFor(op: BinaryOp, dtype: BackendDType, rng: Rng, a: number): number {
  if (!isFloat(dtype) || (op !== 'floorDiv' && op !== 'mod')) return genB(op, dtype, rng);
  for (;;) {
    const b = roundAll(dtype, [genB(op, dtype, rng)])[0];
    const q = a / b;
    if (Math.abs(q - Math.round(q)) >= 0.1) return b;
  }
}

/**
 * Compares `got` with `op` applied to the logical operands. `mod` is allowed an error relative to |a| (what
 * `a - floor(a/b) * b` in the dtype can reach), every other op relative to the result.
 */
function checkBinary(
  ctx: CaseContext,
  op: BinaryOp,
  dtype: BackendDType,
  a: readonly number[],
  b: readonly number[],
  got: HostValues,
  shape: readonly number[],
  note: string,
): void {
  const expected = roundAll(dtype, a.map((x, i) => binaryRef(op, dtype, x, b[i])));
  const scale = op === 'mod' && isFloat(dtype) ? a.map((x) => Math.abs(x)) : undefined;
  const inputsAt = (i: number): string => `a = ${fmtValue(a[i])}, b = ${fmtValue(b[i])}`;
  expectValues(got, expected, { kernel: 'binary', op, dtype, shape, note, inputsAt }, ctx.tol(dtype), scale);
}

/** Runs `op` on a two-operand layout filled by `fills`. */
async function runBinaryLayout(
  ctx: CaseContext,
  op: BinaryOp,
  dtype: BackendDType,
  layout: Layout,
  fills: readonly ((n: number) => HostValues)[],
): Promise<void> {
  const [a, b] = uploadOperands(ctx, layout, [dtype, dtype], fills);
  const expected = roundAll(dtype, (a.logical as number[]).map((x, i) => binaryRef(op, dtype, x, (b.logical as number[])[i])));
  const out = ctx.output(dtype, expected);
  ctx.backend.binary(op, a.view, b.view, out);
  checkBinary(ctx, op, dtype, a.logical as number[], b.logical as number[], await ctx.read(out), layout.shape, describeLayout(layout));
}

/** Uploads `a` and `b` as contiguous [n] vectors, runs `op`, and checks. */
async function runPairs(ctx: CaseContext, op: BinaryOp, dtype: BackendDType, a: number[], b: number[], note: string): Promise<void> {
  const n = a.length;
  const ia = ctx.upload(dtype, a);
  const ib = ctx.upload(dtype, b);
  const expected = roundAll(dtype, a.map((x, i) => binaryRef(op, dtype, x, b[i])));
  const out = ctx.output(dtype, expected);
  ctx.backend.binary(op, makeView(ia, dtype, [n]), makeView(ib, dtype, [n]), out);
  checkBinary(ctx, op, dtype, a, b, await ctx.read(out), [n], note);
}

/** Every binary case for the given dtypes. */
export function binaryCases(dtypes: readonly BackendDType[]): ConformanceCase[] {
  const cases: ConformanceCase[] = [];
  for (const dtype of dtypes) {
    for (const op of binaryOpsFor(dtype)) {
      const add = (title: string, run: (ctx: CaseContext) => Promise<void>): void => {
        cases.push(makeCase({ kernel: 'binary', dtype, title: `${op}: ${title}`, run }));
      };
      add('random values [41]', async (ctx) => {
        const b = roundAll(dtype, Array.from({ length: 41 }, () => genB(op, dtype, ctx.rng)));
        const a = roundAll(dtype, b.map((y) => genA(op, dtype, ctx.rng, y)));
        await runPairs(ctx, op, dtype, a, b, 'contiguous [41]');
      });
      add('b broadcast over axis 0 of [3,5,4]', async (ctx) => {
        const shape = [3, 5, 4];
        const bBuf = roundAll(dtype, Array.from({ length: 20 }, () => genB(op, dtype, ctx.rng)));
        const aBuf = roundAll(dtype, Array.from({ length: 60 }, (_, i) => genA(op, dtype, ctx.rng, bBuf[i % 20])));
        const layout: Layout = { title: 'b broadcast [3,5,4]', shape, operands: [{}, { strides: [0, 4, 1] }] };
        await runBinaryLayout(ctx, op, dtype, layout, [() => aBuf, () => bBuf]);
      });
      add('a transposed, b broadcast over axis 2 of [3,5,4]', async (ctx) => {
        const bBuf = roundAll(dtype, Array.from({ length: 15 }, () => genB(op, dtype, ctx.rng)));
        // a is stored as [4,5,3] (axes reversed); each element is drawn for the b it meets.
        const aBuf = new Array<number>(60);
        for (let i = 0; i < 3; i++)
          for (let j = 0; j < 5; j++)
            for (let k = 0; k < 4; k++) aBuf[k * 15 + j * 3 + i] = genA(op, dtype, ctx.rng, bBuf[i * 5 + j]);
        const layout: Layout = {
          title: 'a transposed, b broadcast [3,5,4]',
          shape: [3, 5, 4],
          operands: [{ strides: [1, 3, 15] }, { strides: [5, 1, 0] }],
        };
        await runBinaryLayout(ctx, op, dtype, layout, [() => roundAll(dtype, aBuf), () => bBuf]);
      });
      add('contiguous [1027]', async (ctx) => {
        const b = roundAll(dtype, Array.from({ length: 1027 }, () => genB(op, dtype, ctx.rng)));
        const a = roundAll(dtype, b.map((y) => genA(op, dtype, ctx.rng, y)));
        await runPairs(ctx, op, dtype, a, b, 'contiguous [1027]');
      });
      for (const n of [5, 1027]) {
        add(`b a scalar (strides [0]) [${n}]`, async (ctx) => {
          const b = roundAll(dtype, [genB(op, dtype, ctx.rng)]);
          const a = roundAll(dtype, Array.from({ length: n }, () => genA(op, dtype, ctx.rng, b[0])));
          const layout: Layout = { title: `b scalar [${n}]`, shape: [n], operands: [{}, { strides: [0] }] };
          await runBinaryLayout(ctx, op, dtype, layout, [() => a, () => b]);
        });
        add(`a a scalar (strides [0]) [${n}]`, async (ctx) => {
          const a = roundAll(dtype, [genA(op, dtype, ctx.rng, genB(op, dtype, ctx.rng))]);
          const b = roundAll(dtype, Array.from({ length: n }, () => genBFor(op, dtype, ctx.rng, a[0])));
          const layout: Layout = { title: `a scalar [${n}]`, shape: [n], operands: [{ strides: [0] }, {}] };
          await runBinaryLayout(ctx, op, dtype, layout, [() => a, () => b]);
        });
      }
      const rows = specialsFor(op, dtype);
      if (rows.length > 0) {
        add('special values', async (ctx) => {
          const a = rows.map((r) => r[0]);
          const b = rows.map((r) => r[1]);
          const ia = ctx.upload(dtype, a);
          const ib = ctx.upload(dtype, b);
          const expected = roundAll(dtype, rows.map((r) => r[2]));
          const out = ctx.output(dtype, expected);
          ctx.backend.binary(op, makeView(ia, dtype, [rows.length]), makeView(ib, dtype, [rows.length]), out);
          const inputsAt = (i: number): string => `a = ${fmtValue(a[i])}, b = ${fmtValue(b[i])}`;
          expectValues(await ctx.read(out), expected, { kernel: 'binary', op, dtype, shape: [rows.length], note: 'special values', inputsAt }, ctx.tol(dtype));
        });
      }
      if (isFloat(dtype)) {
        add('NaN propagates', async (ctx) => {
          const a = [NaN, 1.5, NaN, 2, 0.5, NaN];
          const b = [1.5, NaN, NaN, 0.5, 2, -Infinity];
          await runPairs(ctx, op, dtype, roundAll(dtype, a), roundAll(dtype, b), 'NaN operands');
        });
      }
    }
    const layoutOp: BinaryOp | undefined = dtype === 'bool' ? 'logicalXor' : dtype === 'string' ? undefined : 'sub';
    if (layoutOp) {
      for (const layout of elementwiseLayouts(2)) {
        cases.push(
          makeCase({
            kernel: 'binary',
            dtype,
            title: `${layoutOp}: layout ${layout.title}`,
            timeout: layout.timeout,
            run: (ctx) => {
              const fill = (n: number): HostValues =>
                dtype === 'int32'
                  ? Array.from({ length: n }, () => ctx.rng.int(-1_000_000, 1_000_000))
                  : roundAll(dtype, Array.from({ length: n }, () => (dtype === 'bool' ? ctx.rng.int(0, 1) : ctx.rng.uniform(-10, 10))));
              return runBinaryLayout(ctx, layoutOp, dtype, layout, [fill, fill]);
            },
          }),
        );
      }
    }
  }
  return cases;
}
