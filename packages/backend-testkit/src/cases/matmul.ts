/** Cases of the `matmul` kernel: every transpose combination, batch
 * broadcasting through stride 0, offsets and padded batch strides, m/n/k = 1, odd and block-boundary sizes,
 * 256x256x256, empty dimensions, and NaN/Inf propagation. */
import type { BackendDType, FusedActivation, MatMulArgs } from '@lab/core';
import { expectValues } from '../check.js';
import type { CaseContext } from '../harness.js';
import { isFloat, roundAll } from '../host.js';
import { matmulExtents, matmulRef, type MatMulLayout } from '../reference/matmul.js';
import { BIG, LONG } from './common.js';
import { makeCase, type ConformanceCase } from './types.js';

/** dtypes matmul is checked on. */
const MATMUL_DTYPES: readonly BackendDType[] = ['float32', 'float64', 'float16', 'int32'];

interface Config extends MatMulLayout {
  readonly title: string;
  readonly timeout?: number;
}

export const TRANSPOSES: readonly (readonly [boolean, boolean])[] = [
  [false, false],
  [true, false],
  [false, true],
  [true, true],
];

/** `A·Bᵀ`-style label of a transpose combination. */
export function tTitle(tA: boolean, tB: boolean): string {
  return `${tA ? 'Aᵀ' : 'A'}·${tB ? 'Bᵀ' : 'B'}`;
}

/** A layout with contiguous batches and no offsets. */
export function plain(batch: number, m: number, n: number, k: number, tA = false, tB = false): MatMulLayout {
  return { batch, m, n, k, transposeA: tA, transposeB: tB, aBatchStride: m * k, bBatchStride: k * n, aOffset: 0, bOffset: 0 };
}

function configs(): Config[] {
  const out: Config[] = [];
  const push = (title: string, l: MatMulLayout, timeout?: number): void => {
    out.push({ ...l, title: `${title} (batch ${l.batch}, m ${l.m}, n ${l.n}, k ${l.k}, ${tTitle(l.transposeA, l.transposeB)})`, timeout });
  };
  for (const [tA, tB] of TRANSPOSES) {
    push('small', plain(1, 2, 3, 4, tA, tB));
    push('batched', plain(3, 4, 5, 6, tA, tB));
    push('A shared across the batch (aBatchStride 0)', { ...plain(4, 3, 5, 2, tA, tB), aBatchStride: 0 });
    push('B shared across the batch (bBatchStride 0)', { ...plain(4, 3, 5, 2, tA, tB), bBatchStride: 0 });
    push('offsets and padded batch strides', { ...plain(3, 3, 4, 5, tA, tB), aOffset: 7, bOffset: 3, aBatchStride: 20, bBatchStride: 22 });
    push('odd sizes', plain(1, 33, 65, 17, tA, tB));
    push('odd sizes', plain(1, 33, 17, 65, tA, tB));
    push('odd sizes batched', plain(2, 17, 33, 65, tA, tB));
    push('m = n = k = 1', plain(1, 1, 1, 1, tA, tB));
    push('row vector times matrix (m = 1)', plain(2, 1, 65, 33, tA, tB));
    push('matrix times column (n = 1)', plain(2, 65, 1, 17, tA, tB));
    push('outer product (k = 1)', plain(1, 17, 15, 1, tA, tB));
    push('block boundaries', plain(1, 63, 65, 64, tA, tB));
    push('block boundaries', plain(1, 129, 127, 128, tA, tB), LONG);
    // Deep and wide products cross the k / n blocking of cache-tiled GEMMs (k > 256 and 512, n > 1024).
    push('deep k across blocks', plain(1, 33, 65, 513, tA, tB), LONG);
    push('deep k across blocks, batched', plain(2, 130, 67, 300, tA, tB), LONG);
    push('wide n across blocks', plain(1, 6, 1030, 40, tA, tB), LONG);
  }
  push('both operands shared across the batch', { ...plain(3, 4, 4, 4), aBatchStride: 0, bBatchStride: 0 });
  push('dot product (m = n = 1)', plain(1, 1, 1, 1025));
  push(`long dot product (m = n = 1)`, plain(1, 1, 1, BIG), LONG);
  for (const s of [15, 16, 17, 64, 65]) push('square block sizes', plain(1, s, s, s));
  push('tall-skinny', plain(1, 1025, 3, 7));
  push('large', plain(1, 256, 256, 256), LONG);
  push('large batched with A broadcast', { ...plain(4, 64, 128, 96, false, true), aBatchStride: 0 }, LONG);
  push('empty m', plain(2, 0, 3, 4));
  push('empty n', plain(2, 3, 0, 4));
  push('empty k gives zeros', plain(2, 3, 4, 0));
  push('empty batch', plain(0, 3, 4, 5));
  return out;
}

/** Random operands for a layout; padding (elements outside every matrix) holds NaN traps for floats. */
export function operands(ctx: CaseContext, dtype: BackendDType, l: MatMulLayout): { a: number[]; b: number[] } {
  const ext = matmulExtents(l);
  const trap = isFloat(dtype) ? NaN : 1_000_003;
  const a = new Array<number>(Math.max(ext.a, 0)).fill(trap);
  const b = new Array<number>(Math.max(ext.b, 0)).fill(trap);
  const gen = (): number => (isFloat(dtype) ? ctx.rng.uniform(-1, 1) : ctx.rng.int(-10, 10));
  for (let bi = 0; bi < l.batch; bi++) {
    for (let i = 0; i < l.m * l.k; i++) a[l.aOffset + bi * l.aBatchStride + i] = gen();
    for (let i = 0; i < l.k * l.n; i++) b[l.bOffset + bi * l.bBatchStride + i] = gen();
  }
  return { a: roundAll(dtype, a), b: roundAll(dtype, b) };
}

function describeArgs(l: MatMulLayout): string {
  return (
    `batch ${l.batch}, m ${l.m}, n ${l.n}, k ${l.k}, transposeA ${l.transposeA}, transposeB ${l.transposeB}, ` +
    `aBatchStride ${l.aBatchStride}, bBatchStride ${l.bBatchStride}, aOffset ${l.aOffset}, bOffset ${l.bOffset}`
  );
}

/** Runs matmul (or fusedMatMul with an epilogue) on given operands and checks it. */
export async function runMatMul(
  ctx: CaseContext,
  dtype: BackendDType,
  l: MatMulLayout,
  a: number[],
  b: number[],
  epilogue?: { bias?: number[]; activation: FusedActivation; alpha?: number },
): Promise<void> {
  const ref = matmulRef(l, dtype, a, b, epilogue);
  const expected = roundAll(dtype, ref.values);
  const ia = ctx.upload(dtype, a);
  const ib = ctx.upload(dtype, b);
  const out = ctx.output(dtype, expected);
  const args: MatMulArgs = { ...pick(l), a: ia, b: ib, out, dtype };
  let kernel = 'matmul';
  let note = describeArgs(l);
  if (epilogue) {
    kernel = 'fusedMatMul';
    const bias = epilogue.bias ? ctx.upload(dtype, epilogue.bias) : undefined;
    ctx.backend.fusedMatMul!({ ...args, bias, activation: epilogue.activation, alpha: epilogue.alpha });
    note += `, activation ${epilogue.activation}${epilogue.alpha !== undefined ? ` (alpha ${epilogue.alpha})` : ''}, bias ${bias ? 'yes' : 'no'}`;
  } else {
    ctx.backend.matmul(args);
  }
  const got = await ctx.read(out);
  const info = { kernel, op: epilogue?.activation, dtype, shape: [l.batch, l.m, l.n], note };
  expectValues(got, expected, info, ctx.accTol(dtype, l.k + (epilogue?.bias ? 1 : 0)), ref.scale);
}

function pick(l: MatMulLayout): MatMulLayout {
  const { batch, m, n, k, transposeA, transposeB, aBatchStride, bBatchStride, aOffset, bOffset } = l;
  return { batch, m, n, k, transposeA, transposeB, aBatchStride, bBatchStride, aOffset, bOffset };
}

/** Every matmul case for the given dtypes. */
export function matmulCases(dtypes: readonly BackendDType[]): ConformanceCase[] {
  const cases: ConformanceCase[] = [];
  for (const dtype of dtypes.filter((d) => MATMUL_DTYPES.includes(d))) {
    for (const c of configs()) {
      cases.push(
        makeCase({
          kernel: 'matmul',
          dtype,
          title: c.title,
          timeout: c.timeout,
          run: async (ctx) => {
            const { a, b } = operands(ctx, dtype, c);
            await runMatMul(ctx, dtype, c, a, b);
          },
        }),
      );
    }
    if (!isFloat(dtype)) continue;
    const special = (title: string, l: MatMulLayout, a: number[], b: number[]): void => {
      cases.push(makeCase({ kernel: 'matmul', dtype, title, run: (ctx) => runMatMul(ctx, dtype, l, roundAll(dtype, a), roundAll(dtype, b)) }));
    };
    // [[NaN, 1], [1, 2]] @ [[0, 1], [1, 0]]: the NaN row is NaN everywhere (even where B holds 0).
    special('NaN in A poisons its whole output row', plain(1, 2, 2, 2), [NaN, 1, 1, 2], [0, 1, 1, 0]);
    // 0 * Inf is NaN: a kernel that skips zero entries of A gets this wrong.
    special('0 × Inf gives NaN (no skipping of zero entries)', plain(1, 1, 2, 2), [0, 1], [Infinity, 1, 2, 3]);
    special('Inf propagates; Inf - Inf gives NaN', plain(1, 2, 1, 2), [1, 1, 1, -1], [Infinity, Infinity]);
  }
  return cases;
}
