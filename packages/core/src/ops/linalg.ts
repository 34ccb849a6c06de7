/** Matrix products: matMul (transposes, batching, broadcast batch dims), fusedMatMul, matVec, dot, outer. */
import type { FusedActivation, MatMulArgs } from '../backend/contract.js';
import type { DType } from '../dtype.js';
import { ENGINE } from '../engine/engine.js';
import { broadcastShapes, fmtShape, sizeOf } from '../util/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import type { BinaryDType, TensorLike } from '../tensor/types.js';
import { backendFor, checkDType, checkSameDType, composite, newOutput, record, toPair, toT, argScope } from './dispatch.js';
import { dense } from './layout.js';
import { outputFor, registerMatMulRunner } from './fused.js';
import { broadcastTo, expandDims, squeeze } from './shape.js';
import * as o from './primitives.js';
import { mul } from './binary.js';
import { sum } from './reduce.js';

const FLOAT_INT: readonly DType[] = ['float32', 'float64', 'float16', 'int32'];

/** One matmul operand, ready for the kernel: a buffer, offset, batch stride and whether it is transposed. */
interface Operand {
  t: Tensor;
  owned: boolean;
  transposed: boolean;
  batchStride: number;
}

/** Brings an operand into a layout the kernel reads: dense inner matrix (maybe transposed) and one batch stride. */
function prepare(t: Tensor, batch: readonly number[], transposed: boolean): Operand {
  const r = t.rank;
  const rows = t.shape[r - 2];
  const cols = t.shape[r - 1];
  const sr = t.strides[r - 2];
  const sc = t.strides[r - 1];
  const innerNormal = (sc === 1 || cols === 1) && (sr === cols || rows === 1);
  const innerT = (sr === 1 || rows === 1) && (sc === rows || cols === 1) && !innerNormal;
  const tb = t.shape.slice(0, r - 2);
  const tbStrides = t.strides.slice(0, r - 2);
  const batchSize = sizeOf(batch);
  if (innerNormal || innerT) {
    const flip = innerT;
    if (batchSize === 1 || tb.every((s) => s === 1)) return { t, owned: false, transposed: transposed !== flip, batchStride: 0 };
    // Batch axes must match the output's and step uniformly by one matrix.
    if (tb.length === batch.length && tb.every((s, i) => s === batch[i])) {
      let expect = rows * cols;
      let ok = true;
      for (let i = tb.length - 1; i >= 0; i--) {
        if (tb[i] !== 1 && tbStrides[i] !== expect) ok = false;
        expect *= tb[i];
      }
      if (ok) return { t, owned: false, transposed: transposed !== flip, batchStride: rows * cols };
    }
  }
  const full = broadcastTo(t, [...batch, rows, cols]);
  const d = dense(full);
  full.dispose();
  return { t: d, owned: true, transposed, batchStride: batchSize === 1 ? 0 : rows * cols };
}

function matMulShapes(a: Tensor, b: Tensor, transposeA: boolean, transposeB: boolean): { batch: number[]; m: number; n: number; k: number } {
  if (a.rank < 2 || b.rank < 2) {
    throw new Error(`matMul: both operands need rank >= 2, got ${fmtShape(a.shape)} x ${fmtShape(b.shape)}; use dot() or matVec() for vectors`);
  }
  const m = transposeA ? a.shape[a.rank - 1] : a.shape[a.rank - 2];
  const ka = transposeA ? a.shape[a.rank - 2] : a.shape[a.rank - 1];
  const kb = transposeB ? b.shape[b.rank - 1] : b.shape[b.rank - 2];
  const n = transposeB ? b.shape[b.rank - 2] : b.shape[b.rank - 1];
  if (ka !== kb) {
    const t = transposeA || transposeB ? ` (transposeA=${transposeA}, transposeB=${transposeB})` : '';
    throw new Error(`matMul: inner dimensions differ: ${fmtShape(a.shape)} x ${fmtShape(b.shape)}${t}`);
  }
  let batch: number[];
  try {
    batch = broadcastShapes('matMul', a.shape.slice(0, -2), b.shape.slice(0, -2));
  } catch {
    throw new Error(`matMul: batch dimensions cannot be broadcast: ${fmtShape(a.shape)} x ${fmtShape(b.shape)}`);
  }
  return { batch, m, n, k: ka };
}

/**
 * Runs the matmul (or fused) kernel; not recorded. `reuse` (jit's buffer pool) is a buffer the product may
 * overwrite when nothing else references it.
 */
function matMulKernel(
  a: Tensor,
  b: Tensor,
  transposeA: boolean,
  transposeB: boolean,
  fused?: { bias?: Tensor; activation: FusedActivation; alpha?: number },
  reuse?: Tensor | null,
): Tensor {
  const { batch, m, n, k } = matMulShapes(a, b, transposeA, transposeB);
  const be = backendFor('matMul', a.dtype, fused?.bias ? [a, b, fused.bias] : [a, b]);
  const shape = [...batch, m, n];
  // The pool only serves dtypes stored as themselves (a float16 buffer's register dtype differs).
  // The kernel assigns every output element (`out = A @ B`); only an empty inner dimension (k = 0) wants zeros.
  const out = reuse && (a.handle!.dtype as string) === a.dtype ? outputFor(be, a.handle!.dtype, shape, reuse, k === 0) : newOutput(be, a.dtype, shape, k === 0);
  if (sizeOf(out.shape) === 0) return out;
  ENGINE.opDepth++;
  const pa = prepare(a, batch, transposeA);
  const pb = prepare(b, batch, transposeB);
  const args: MatMulArgs = {
    a: pa.t.handle!.id,
    b: pb.t.handle!.id,
    out: out.handle!.id,
    dtype: a.handle!.dtype,
    batch: sizeOf(batch),
    m,
    n,
    k,
    transposeA: pa.transposed,
    transposeB: pb.transposed,
    aBatchStride: pa.batchStride,
    bBatchStride: pb.batchStride,
    aOffset: pa.t.offset,
    bOffset: pb.t.offset,
  };
  let biasDense: Tensor | null = null;
  if (fused) {
    biasDense = fused.bias ? dense(fused.bias) : null;
    be.fusedMatMul!({ ...args, bias: biasDense?.handle!.id, activation: fused.activation, alpha: fused.alpha });
  } else {
    be.matmul(args);
  }
  biasDense?.dispose();
  if (pa.owned) pa.t.dispose();
  if (pb.owned) pb.t.dispose();
  ENGINE.opDepth--;
  return out;
}

/**
 * Matrix product of the last two axes, batched over the rest (batch axes broadcast). Optional transposes of
 * either operand's last two axes cost nothing (no copy).
 * @param a - `[..., m, k]` (rank >= 2), a numeric tensor or JS values.
 * @param b - `[..., k, n]` of `a`'s dtype; the batch axes `...` of both broadcast.
 * @param transposeA - use `a`'s last two axes transposed, `[..., k, m]` (default false).
 * @param transposeB - use `b`'s last two axes transposed, `[..., n, k]` (default false).
 * @returns the product `[..., m, n]`, of the operands' dtype.
 * @example
 * ```ts
 * const a = tensor([[1, 2], [3, 4]]);
 * const y = matMul(a, tensor([[1], [1]])); // [[3], [7]]
 * const g = matMul(a, a, true); // a^T a: [[10, 14], [14, 20]]
 * ```
 */
export function matMul<A extends TensorLike, B extends TensorLike>(a: A, b: B, transposeA?: boolean, transposeB?: boolean): Tensor<BinaryDType<A, B>>;
export function matMul(a: TensorLike, b: TensorLike, transposeA = false, transposeB = false): Tensor {
  return matMulInto(a, b, transposeA, transposeB, null);
}

/** {@link matMul} writing into `reuse`'s buffer when it is free (internal: jit's replay via `runMatMul`). */
function matMulInto(a: TensorLike, b: TensorLike, transposeA: boolean, transposeB: boolean, reuse: Tensor | null): Tensor {
  return argScope(() => {
    const [ta, tb] = toPair(a, b, 'matMul');
    checkSameDType('matMul', ta, tb);
    checkDType('matMul', ta, FLOAT_INT);
    const out = matMulKernel(ta, tb, transposeA, transposeB, undefined, reuse);
    record('matMul', [ta, tb], { transposeA, transposeB }, out);
    return out;

  });
}

/** Options of {@link fusedMatMul}. */
export interface FusedMatMulOptions {
  transposeA?: boolean;
  transposeB?: boolean;
  /** Added along the last axis before the activation. */
  bias?: TensorLike;
  activation?: FusedActivation;
  /** Slope for leakyRelu. */
  alpha?: number;
}

/**
 * `activation(matMul(a, b) + bias)` in one kernel where the backend has one (Dense layers use it).
 * @param a - `[..., m, k]`, a float tensor or JS values (as in matMul).
 * @param b - `[..., k, n]` of `a`'s dtype.
 * @param options - `transposeA`, `transposeB` (as in matMul), `bias` (broadcast along the last axis, `[n]`),
 *   `activation` ('linear' by default, 'relu', 'relu6', 'sigmoid', 'tanh', 'gelu', 'elu' or 'leakyRelu') and `alpha`
 *   (leakyRelu's slope).
 * @returns `activation(matMul(a, b) + bias)`, `[..., m, n]`, of the operands' dtype.
 * @example
 * ```ts
 * const x = tensor([[1, -2]]);
 * const y = fusedMatMul(x, tensor([[1], [1]]), { bias: tensor([0.5]), activation: 'relu' }); // [[0]]
 * ```
 */
export function fusedMatMul<A extends TensorLike, B extends TensorLike>(a: A, b: B, options?: FusedMatMulOptions): Tensor<BinaryDType<A, B>>;
export function fusedMatMul(a: TensorLike, b: TensorLike, options: FusedMatMulOptions = {}): Tensor {
  return fusedMatMulInto(a, b, options, null);
}

/** {@link fusedMatMul} writing into `reuse`'s buffer when it is free (internal: jit's replay via `runMatMul`). */
const FUSED_ACTIVATIONS: readonly string[] = ['linear', 'relu', 'relu6', 'sigmoid', 'tanh', 'gelu', 'elu', 'leakyRelu'] satisfies FusedActivation[];

function fusedMatMulInto(a: TensorLike, b: TensorLike, options: FusedMatMulOptions, reuse: Tensor | null): Tensor {
  return argScope(() => {
    const [ta, tb] = toPair(a, b, 'fusedMatMul');
    checkSameDType('fusedMatMul', ta, tb);
    checkDType('fusedMatMul', ta, FLOAT_INT);
    const bias = options.bias === undefined ? undefined : toT(options.bias, 'fusedMatMul', 'bias', ta.dtype);
    const activation = options.activation ?? 'linear';
    if (!FUSED_ACTIVATIONS.includes(activation)) {
      throw new Error(`fusedMatMul: unknown activation ${JSON.stringify(activation)}; known: ${FUSED_ACTIVATIONS.join(', ')}`);
    }
    const transposeA = options.transposeA ?? false;
    const transposeB = options.transposeB ?? false;
    const { n } = matMulShapes(ta, tb, transposeA, transposeB);
    if (bias) {
      checkSameDType('fusedMatMul', ta, bias);
      if (bias.rank !== 1 || bias.shape[0] !== n) {
        throw new Error(`fusedMatMul: bias must have shape [${n}] to match the output's last axis, got ${fmtShape(bias.shape)}`);
      }
    }
    const inputs = bias ? [ta, tb, bias] : [ta, tb];
    const attrs = { transposeA, transposeB, activation, alpha: options.alpha ?? 0.2, hasBias: bias !== undefined };
    const be = ENGINE.backendFor('fusedMatMul', ta.dtype as never);
    if (be.fusedMatMul) {
      const out = matMulKernel(ta, tb, transposeA, transposeB, { bias, activation, alpha: attrs.alpha }, reuse);
      record('fusedMatMul', inputs, attrs, out);
      return out;
    }
    return composite('fusedMatMul', inputs, attrs, () => {
      let y = matMulKernel(ta, tb, transposeA, transposeB);
      if (bias) y = o.bin('add', y, bias);
      return applyActivation(y, activation, attrs.alpha);
    });

  });
}

registerMatMulRunner((op, inputs, attrs, reuse) => {
  const transposeA = attrs.transposeA === true;
  const transposeB = attrs.transposeB === true;
  if (op === 'matMul') return matMulInto(inputs[0], inputs[1], transposeA, transposeB, reuse ?? null);
  const options: FusedMatMulOptions = {
    transposeA,
    transposeB,
    bias: attrs.hasBias === true ? inputs[2] : undefined,
    activation: attrs.activation as FusedActivation | undefined,
    alpha: typeof attrs.alpha === 'number' ? attrs.alpha : undefined,
  };
  return fusedMatMulInto(inputs[0], inputs[1], options, reuse ?? null);
});

/**
 * Applies a fused activation with primitive ops (the lowering of the epilogue).
 * @param y - the tensor to transform (the matmul result plus bias).
 * @param activation - 'linear' (returns `y` itself), 'relu', 'relu6', 'sigmoid', 'tanh', 'gelu', 'elu' or 'leakyRelu'.
 * @param alpha - the slope of leakyRelu for negative values (ignored by the others).
 * @returns the activated tensor, of `y`'s shape and dtype.
 * @example
 * ```ts
 * const z = applyActivation(tensor([-1, 2]), 'leakyRelu', 0.1); // [-0.1, 2]
 * ```
 */
export function applyActivation(y: Tensor, activation: FusedActivation, alpha: number): Tensor {
  return argScope(() => {
    switch (activation) {
      case 'linear':
        return y;
      case 'leakyRelu':
        return o.sel(o.cmp('greater', y, o.c(0, y)), y, o.bin('mul', y, o.c(alpha, y)));
      case 'tanh':
      case 'relu':
      case 'relu6':
      case 'sigmoid':
      case 'gelu':
      case 'elu':
        return o.un(activation, y);
    }

  });
}

/** Runs `f` on temporaries made by `make`, then frees them (views: the result keeps what it needs). */
function using<T>(make: () => Tensor[], f: (...t: Tensor[]) => T): T {
  const tmp = make();
  try {
    return f(...tmp);
  } finally {
    for (const t of tmp) t.dispose();
  }
}

// matVec, dot and outer are written with recorded ops (no gradient of their own needed).

/**
 * Matrix times vector: `[..., m, k] x [k] -> [..., m]`.
 * @param m - a matrix or batch of matrices `[..., rows, k]`.
 * @param v - a vector `[k]` of `m`'s dtype.
 * @returns `[..., rows]`: each row of `m` dotted with `v`.
 * @example
 * ```ts
 * const y = matVec(tensor([[1, 2], [3, 4]]), tensor([1, 1])); // [3, 7]
 * ```
 */
export function matVec(m: TensorLike, v: TensorLike): Tensor {
  return argScope(() => {
    const [tm, tv] = toPair(m, v, 'matVec');
    if (tv.rank !== 1) throw new Error(`matVec: the vector must have rank 1, got ${fmtShape(tv.shape)}`);
    if (tm.rank < 2 || tm.shape[tm.rank - 1] !== tv.shape[0]) {
      throw new Error(`matVec: inner dimensions differ: ${fmtShape(tm.shape)} x ${fmtShape(tv.shape)}`);
    }
    return using(() => [expandDims(tv, 1)], (col) => using(() => [matMul(tm, col)], (r) => squeeze(r, -1)));

  });
}

/**
 * Dot product of vectors, or matrix-vector / matrix-matrix product for rank 2.
 * @param a - a vector `[k]` or a matrix `[m, k]`.
 * @param b - a vector `[k]` or a matrix `[k, n]` of `a`'s dtype.
 * @returns vector.vector: a scalar; matrix.vector: `[m]`; vector.matrix: `[n]`; matrix.matrix: `[m, n]`.
 * @example
 * ```ts
 * const d = dot(tensor([1, 2, 3]), tensor([4, 5, 6])); // 32
 * ```
 */
export function dot<A extends TensorLike, B extends TensorLike>(a: A, b: B): Tensor<BinaryDType<A, B>>;
export function dot(a: TensorLike, b: TensorLike): Tensor {
  return argScope(() => {
    const [ta, tb] = toPair(a, b, 'dot');
    if (ta.rank === 1 && tb.rank === 1) {
      if (ta.shape[0] !== tb.shape[0]) throw new Error(`dot: vector lengths differ: ${fmtShape(ta.shape)} . ${fmtShape(tb.shape)}`);
      return using(() => [mul(ta, tb)], (p) => sum(p));
    }
    if (ta.rank === 2 && tb.rank === 1) return matVec(ta, tb);
    if (ta.rank === 1 && tb.rank === 2) {
      return using(() => [expandDims(ta, 0)], (row) => using(() => [matMul(row, tb)], (r) => squeeze(r, 0)));
    }
    return matMul(ta, tb);

  });
}

/**
 * Outer product of two vectors: `[m] x [n] -> [m, n]`.
 * @param a - a vector `[m]`.
 * @param b - a vector `[n]` of `a`'s dtype.
 * @returns the matrix `[m, n]` with entry `a[i] * b[j]`.
 * @example
 * ```ts
 * const o = outer(tensor([1, 2]), tensor([1, 10])); // [[1, 10], [2, 20]]
 * ```
 */
export function outer<A extends TensorLike, B extends TensorLike>(a: A, b: B): Tensor<BinaryDType<A, B>>;
export function outer(a: TensorLike, b: TensorLike): Tensor {
  return argScope(() => {
    const [ta, tb] = toPair(a, b, 'outer');
    if (ta.rank !== 1 || tb.rank !== 1) throw new Error(`outer: needs two vectors, got ${fmtShape(ta.shape)} and ${fmtShape(tb.shape)}`);
    return using(() => [expandDims(ta, 1), expandDims(tb, 0)], (col, row) => mul(col, row));

  });
}
