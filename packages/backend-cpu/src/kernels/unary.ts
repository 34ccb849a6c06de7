/**
 * Unary elementwise kernel: every primitive and every extended op, natively.
 *
 * One block loop per op (strided.ts), picked once per call. The loops read numbers from any typed array and
 * store into the output's typed array, so int32 inputs reuse the float loops: the Int32Array store truncates
 * toward zero and wraps (NaN and ±Infinity become 0), e.g. `reciprocal(0)` is 0 like integer division by zero.
 * Only `square` needs an integer loop (a double product can be inexact before the wrap). float16 runs in float32.
 */
import { EXTENDED_UNARY_OPS, type BackendDType, type UnaryOp } from '@lab/core';
import { collapse, drive1, narrowHalfInto, unsupported, widenHalf } from '../strided.js';
import type { AnyArray, Collapsed, Loop1, NumArray, Operand } from '../strided.js';
import { elu, erf, erfF32, expF32, gelu, geluF32, relu, reluF32Bits, roundHalfEven, selu, sigmoid, sigmoidF32, sign, softplus } from './math.js';

function negL(o: NumArray, io: number, x: NumArray, ix: number, s0: number, s1: number, rows: number, cols: number): void {
  for (let r = 0; r < rows; r++, ix += s0) for (let c = 0, p = ix; c < cols; c++, p += s1) o[io++] = -x[p];
}
function absL(o: NumArray, io: number, x: NumArray, ix: number, s0: number, s1: number, rows: number, cols: number): void {
  for (let r = 0; r < rows; r++, ix += s0) for (let c = 0, p = ix; c < cols; c++, p += s1) o[io++] = Math.abs(x[p]);
}
function signL(o: NumArray, io: number, x: NumArray, ix: number, s0: number, s1: number, rows: number, cols: number): void {
  for (let r = 0; r < rows; r++, ix += s0) for (let c = 0, p = ix; c < cols; c++, p += s1) o[io++] = sign(x[p]);
}
function sqrtL(o: NumArray, io: number, x: NumArray, ix: number, s0: number, s1: number, rows: number, cols: number): void {
  for (let r = 0; r < rows; r++, ix += s0) for (let c = 0, p = ix; c < cols; c++, p += s1) o[io++] = Math.sqrt(x[p]);
}
function reciprocalL(o: NumArray, io: number, x: NumArray, ix: number, s0: number, s1: number, rows: number, cols: number): void {
  for (let r = 0; r < rows; r++, ix += s0) for (let c = 0, p = ix; c < cols; c++, p += s1) o[io++] = 1 / x[p];
}
function expL(o: NumArray, io: number, x: NumArray, ix: number, s0: number, s1: number, rows: number, cols: number): void {
  for (let r = 0; r < rows; r++, ix += s0) for (let c = 0, p = ix; c < cols; c++, p += s1) o[io++] = Math.exp(x[p]);
}
function logL(o: NumArray, io: number, x: NumArray, ix: number, s0: number, s1: number, rows: number, cols: number): void {
  for (let r = 0; r < rows; r++, ix += s0) for (let c = 0, p = ix; c < cols; c++, p += s1) o[io++] = Math.log(x[p]);
}
function sinL(o: NumArray, io: number, x: NumArray, ix: number, s0: number, s1: number, rows: number, cols: number): void {
  for (let r = 0; r < rows; r++, ix += s0) for (let c = 0, p = ix; c < cols; c++, p += s1) o[io++] = Math.sin(x[p]);
}
function cosL(o: NumArray, io: number, x: NumArray, ix: number, s0: number, s1: number, rows: number, cols: number): void {
  for (let r = 0; r < rows; r++, ix += s0) for (let c = 0, p = ix; c < cols; c++, p += s1) o[io++] = Math.cos(x[p]);
}
function tanhL(o: NumArray, io: number, x: NumArray, ix: number, s0: number, s1: number, rows: number, cols: number): void {
  for (let r = 0; r < rows; r++, ix += s0) for (let c = 0, p = ix; c < cols; c++, p += s1) o[io++] = Math.tanh(x[p]);
}
function atanL(o: NumArray, io: number, x: NumArray, ix: number, s0: number, s1: number, rows: number, cols: number): void {
  for (let r = 0; r < rows; r++, ix += s0) for (let c = 0, p = ix; c < cols; c++, p += s1) o[io++] = Math.atan(x[p]);
}
function erfL(o: NumArray, io: number, x: NumArray, ix: number, s0: number, s1: number, rows: number, cols: number): void {
  for (let r = 0; r < rows; r++, ix += s0) for (let c = 0, p = ix; c < cols; c++, p += s1) o[io++] = erf(x[p]);
}
function floorL(o: NumArray, io: number, x: NumArray, ix: number, s0: number, s1: number, rows: number, cols: number): void {
  for (let r = 0; r < rows; r++, ix += s0) for (let c = 0, p = ix; c < cols; c++, p += s1) o[io++] = Math.floor(x[p]);
}
function ceilL(o: NumArray, io: number, x: NumArray, ix: number, s0: number, s1: number, rows: number, cols: number): void {
  for (let r = 0; r < rows; r++, ix += s0) for (let c = 0, p = ix; c < cols; c++, p += s1) o[io++] = Math.ceil(x[p]);
}
function roundL(o: NumArray, io: number, x: NumArray, ix: number, s0: number, s1: number, rows: number, cols: number): void {
  for (let r = 0; r < rows; r++, ix += s0) for (let c = 0, p = ix; c < cols; c++, p += s1) o[io++] = roundHalfEven(x[p]);
}
function logicalNotL(o: NumArray, io: number, x: NumArray, ix: number, s0: number, s1: number, rows: number, cols: number): void {
  for (let r = 0; r < rows; r++, ix += s0) for (let c = 0, p = ix; c < cols; c++, p += s1) o[io++] = x[p] === 0 ? 1 : 0;
}
function isNaNL(o: NumArray, io: number, x: NumArray, ix: number, s0: number, s1: number, rows: number, cols: number): void {
  for (let r = 0; r < rows; r++, ix += s0) for (let c = 0, p = ix; c < cols; c++, p += s1) o[io++] = x[p] !== x[p] ? 1 : 0;
}
function isFiniteL(o: NumArray, io: number, x: NumArray, ix: number, s0: number, s1: number, rows: number, cols: number): void {
  // x - x is 0 for finite x and NaN for NaN and ±Infinity.
  for (let r = 0; r < rows; r++, ix += s0) for (let c = 0, p = ix; c < cols; c++, p += s1) o[io++] = x[p] - x[p] === 0 ? 1 : 0;
}
function squareL(o: NumArray, io: number, x: NumArray, ix: number, s0: number, s1: number, rows: number, cols: number): void {
  for (let r = 0; r < rows; r++, ix += s0) for (let c = 0, p = ix; c < cols; c++, p += s1) o[io++] = x[p] * x[p];
}
function rsqrtL(o: NumArray, io: number, x: NumArray, ix: number, s0: number, s1: number, rows: number, cols: number): void {
  for (let r = 0; r < rows; r++, ix += s0) for (let c = 0, p = ix; c < cols; c++, p += s1) o[io++] = 1 / Math.sqrt(x[p]);
}
function expm1L(o: NumArray, io: number, x: NumArray, ix: number, s0: number, s1: number, rows: number, cols: number): void {
  for (let r = 0; r < rows; r++, ix += s0) for (let c = 0, p = ix; c < cols; c++, p += s1) o[io++] = Math.expm1(x[p]);
}
function log1pL(o: NumArray, io: number, x: NumArray, ix: number, s0: number, s1: number, rows: number, cols: number): void {
  for (let r = 0; r < rows; r++, ix += s0) for (let c = 0, p = ix; c < cols; c++, p += s1) o[io++] = Math.log1p(x[p]);
}
function tanL(o: NumArray, io: number, x: NumArray, ix: number, s0: number, s1: number, rows: number, cols: number): void {
  for (let r = 0; r < rows; r++, ix += s0) for (let c = 0, p = ix; c < cols; c++, p += s1) o[io++] = Math.tan(x[p]);
}
function asinL(o: NumArray, io: number, x: NumArray, ix: number, s0: number, s1: number, rows: number, cols: number): void {
  for (let r = 0; r < rows; r++, ix += s0) for (let c = 0, p = ix; c < cols; c++, p += s1) o[io++] = Math.asin(x[p]);
}
function acosL(o: NumArray, io: number, x: NumArray, ix: number, s0: number, s1: number, rows: number, cols: number): void {
  for (let r = 0; r < rows; r++, ix += s0) for (let c = 0, p = ix; c < cols; c++, p += s1) o[io++] = Math.acos(x[p]);
}
function sinhL(o: NumArray, io: number, x: NumArray, ix: number, s0: number, s1: number, rows: number, cols: number): void {
  for (let r = 0; r < rows; r++, ix += s0) for (let c = 0, p = ix; c < cols; c++, p += s1) o[io++] = Math.sinh(x[p]);
}
function coshL(o: NumArray, io: number, x: NumArray, ix: number, s0: number, s1: number, rows: number, cols: number): void {
  for (let r = 0; r < rows; r++, ix += s0) for (let c = 0, p = ix; c < cols; c++, p += s1) o[io++] = Math.cosh(x[p]);
}
function asinhL(o: NumArray, io: number, x: NumArray, ix: number, s0: number, s1: number, rows: number, cols: number): void {
  for (let r = 0; r < rows; r++, ix += s0) for (let c = 0, p = ix; c < cols; c++, p += s1) o[io++] = Math.asinh(x[p]);
}
function acoshL(o: NumArray, io: number, x: NumArray, ix: number, s0: number, s1: number, rows: number, cols: number): void {
  for (let r = 0; r < rows; r++, ix += s0) for (let c = 0, p = ix; c < cols; c++, p += s1) o[io++] = Math.acosh(x[p]);
}
function atanhL(o: NumArray, io: number, x: NumArray, ix: number, s0: number, s1: number, rows: number, cols: number): void {
  for (let r = 0; r < rows; r++, ix += s0) for (let c = 0, p = ix; c < cols; c++, p += s1) o[io++] = Math.atanh(x[p]);
}
function truncL(o: NumArray, io: number, x: NumArray, ix: number, s0: number, s1: number, rows: number, cols: number): void {
  for (let r = 0; r < rows; r++, ix += s0) for (let c = 0, p = ix; c < cols; c++, p += s1) o[io++] = Math.trunc(x[p]);
}
function isInfL(o: NumArray, io: number, x: NumArray, ix: number, s0: number, s1: number, rows: number, cols: number): void {
  for (let r = 0; r < rows; r++, ix += s0) for (let c = 0, p = ix; c < cols; c++, p += s1) o[io++] = x[p] === Infinity || x[p] === -Infinity ? 1 : 0;
}
function sigmoidL(o: NumArray, io: number, x: NumArray, ix: number, s0: number, s1: number, rows: number, cols: number): void {
  for (let r = 0; r < rows; r++, ix += s0) for (let c = 0, p = ix; c < cols; c++, p += s1) o[io++] = sigmoid(x[p]);
}
// relu / relu6 keep NaN, as TensorFlow's max(x, 0) does. relu6's `> 6` test is rarely true, so predictable.
function reluL(o: NumArray, io: number, x: NumArray, ix: number, s0: number, s1: number, rows: number, cols: number): void {
  for (let r = 0; r < rows; r++, ix += s0) for (let c = 0, p = ix; c < cols; c++, p += s1) o[io++] = relu(x[p]);
}
function relu6L(o: NumArray, io: number, x: NumArray, ix: number, s0: number, s1: number, rows: number, cols: number): void {
  for (let r = 0; r < rows; r++, ix += s0) for (let c = 0, p = ix; c < cols; c++, p += s1) o[io++] = Math.min(relu(x[p]), 6);
}
function eluL(o: NumArray, io: number, x: NumArray, ix: number, s0: number, s1: number, rows: number, cols: number): void {
  for (let r = 0; r < rows; r++, ix += s0) for (let c = 0, p = ix; c < cols; c++, p += s1) o[io++] = elu(x[p]);
}
function seluL(o: NumArray, io: number, x: NumArray, ix: number, s0: number, s1: number, rows: number, cols: number): void {
  for (let r = 0; r < rows; r++, ix += s0) for (let c = 0, p = ix; c < cols; c++, p += s1) o[io++] = selu(x[p]);
}
function geluL(o: NumArray, io: number, x: NumArray, ix: number, s0: number, s1: number, rows: number, cols: number): void {
  for (let r = 0; r < rows; r++, ix += s0) for (let c = 0, p = ix; c < cols; c++, p += s1) o[io++] = gelu(x[p]);
}
function siluL(o: NumArray, io: number, x: NumArray, ix: number, s0: number, s1: number, rows: number, cols: number): void {
  for (let r = 0; r < rows; r++, ix += s0) for (let c = 0, p = ix; c < cols; c++, p += s1) o[io++] = x[p] * sigmoid(x[p]);
}
function softplusL(o: NumArray, io: number, x: NumArray, ix: number, s0: number, s1: number, rows: number, cols: number): void {
  for (let r = 0; r < rows; r++, ix += s0) for (let c = 0, p = ix; c < cols; c++, p += s1) o[io++] = softplus(x[p]);
}
function softsignL(o: NumArray, io: number, x: NumArray, ix: number, s0: number, s1: number, rows: number, cols: number): void {
  // At ±Inf the quotient is Inf/Inf; the limit ±1 is the right answer (the conformance kit's rule).
  for (let r = 0; r < rows; r++, ix += s0) {
    for (let c = 0, p = ix; c < cols; c++, p += s1) {
      const v = x[p];
      o[io++] = v === Infinity ? 1 : v === -Infinity ? -1 : v / (1 + Math.abs(v));
    }
  }
}
function expF32L(o: NumArray, io: number, x: NumArray, ix: number, s0: number, s1: number, rows: number, cols: number): void {
  for (let r = 0; r < rows; r++, ix += s0) for (let c = 0, p = ix; c < cols; c++, p += s1) o[io++] = expF32(x[p]);
}
function sigmoidF32L(o: NumArray, io: number, x: NumArray, ix: number, s0: number, s1: number, rows: number, cols: number): void {
  for (let r = 0; r < rows; r++, ix += s0) for (let c = 0, p = ix; c < cols; c++, p += s1) o[io++] = sigmoidF32(x[p]);
}
function siluF32L(o: NumArray, io: number, x: NumArray, ix: number, s0: number, s1: number, rows: number, cols: number): void {
  for (let r = 0; r < rows; r++, ix += s0) for (let c = 0, p = ix; c < cols; c++, p += s1) o[io++] = x[p] * sigmoidF32(x[p]);
}
function erfF32L(o: NumArray, io: number, x: NumArray, ix: number, s0: number, s1: number, rows: number, cols: number): void {
  for (let r = 0; r < rows; r++, ix += s0) for (let c = 0, p = ix; c < cols; c++, p += s1) o[io++] = erfF32(x[p]);
}
function geluF32L(o: NumArray, io: number, x: NumArray, ix: number, s0: number, s1: number, rows: number, cols: number): void {
  for (let r = 0; r < rows; r++, ix += s0) for (let c = 0, p = ix; c < cols; c++, p += s1) o[io++] = geluF32(x[p]);
}
function squareIntL(o: NumArray, io: number, x: NumArray, ix: number, s0: number, s1: number, rows: number, cols: number): void {
  for (let r = 0; r < rows; r++, ix += s0) for (let c = 0, p = ix; c < cols; c++, p += s1) o[io++] = Math.imul(x[p], x[p]);
}

// Contiguous float32 loops for the ops that dominate real models, unrolled by two: zero-based indexing and two
// independent evaluations per iteration run exp-based ops ~1.5x faster than the general block loop.
type Contig1 = (o: Float32Array, x: Float32Array, n: number) => void;
function expC(o: Float32Array, x: Float32Array, n: number): void {
  let i = 0;
  for (; i + 2 <= n; i += 2) {
    o[i] = expF32(x[i]);
    o[i + 1] = expF32(x[i + 1]);
  }
  if (i < n) o[i] = expF32(x[i]);
}
function sigmoidC(o: Float32Array, x: Float32Array, n: number): void {
  let i = 0;
  for (; i + 2 <= n; i += 2) {
    o[i] = sigmoidF32(x[i]);
    o[i + 1] = sigmoidF32(x[i + 1]);
  }
  if (i < n) o[i] = sigmoidF32(x[i]);
}
function siluC(o: Float32Array, x: Float32Array, n: number): void {
  let i = 0;
  for (; i + 2 <= n; i += 2) {
    o[i] = x[i] * sigmoidF32(x[i]);
    o[i + 1] = x[i + 1] * sigmoidF32(x[i + 1]);
  }
  if (i < n) o[i] = x[i] * sigmoidF32(x[i]);
}
function tanhC(o: Float32Array, x: Float32Array, n: number): void {
  let i = 0;
  for (; i + 2 <= n; i += 2) {
    o[i] = Math.tanh(x[i]);
    o[i + 1] = Math.tanh(x[i + 1]);
  }
  if (i < n) o[i] = Math.tanh(x[i]);
}
function geluC(o: Float32Array, x: Float32Array, n: number): void {
  let i = 0;
  for (; i + 2 <= n; i += 2) {
    o[i] = geluF32(x[i]);
    o[i + 1] = geluF32(x[i + 1]);
  }
  if (i < n) o[i] = geluF32(x[i]);
}
function logC(o: Float32Array, x: Float32Array, n: number): void {
  let i = 0;
  for (; i + 2 <= n; i += 2) {
    o[i] = Math.log(x[i]);
    o[i + 1] = Math.log(x[i + 1]);
  }
  if (i < n) o[i] = Math.log(x[i]);
}
function sqrtC(o: Float32Array, x: Float32Array, n: number): void {
  let i = 0;
  for (; i + 2 <= n; i += 2) {
    o[i] = Math.sqrt(x[i]);
    o[i + 1] = Math.sqrt(x[i + 1]);
  }
  if (i < n) o[i] = Math.sqrt(x[i]);
}
function negC(o: Float32Array, x: Float32Array, n: number): void {
  let i = 0;
  for (; i + 2 <= n; i += 2) {
    o[i] = -x[i];
    o[i + 1] = -x[i + 1];
  }
  if (i < n) o[i] = -x[i];
}
function squareC(o: Float32Array, x: Float32Array, n: number): void {
  let i = 0;
  for (; i + 2 <= n; i += 2) {
    o[i] = x[i] * x[i];
    o[i + 1] = x[i + 1] * x[i + 1];
  }
  if (i < n) o[i] = x[i] * x[i];
}
const F32_CONTIG: Partial<Record<UnaryOp, Contig1>> = {
  exp: expC,
  sigmoid: sigmoidC,
  silu: siluC,
  tanh: tanhC,
  gelu: geluC,
  log: logC,
  sqrt: sqrtC,
  neg: negC,
  square: squareC,
};

/** float32 fast paths on a contiguous view; false when none applies. */
function unaryF32Contig(op: UnaryOp, o: Float32Array, x: Float32Array, offset: number, c: Collapsed): boolean {
  if (c.shape.length !== 1 || c.strides[0][0] !== 1) return false;
  if (op === 'relu') {
    reluF32Bits(o, 0, x, offset, o.length);
    return true;
  }
  const loop = F32_CONTIG[op];
  if (!loop) return false;
  loop(o, offset === 0 ? x : x.subarray(offset, offset + o.length), o.length);
  return true;
}

/** The block loop of every unary op. */
const FLOAT_LOOPS: Record<UnaryOp, Loop1> = {
  neg: negL,
  abs: absL,
  sign: signL,
  sqrt: sqrtL,
  reciprocal: reciprocalL,
  exp: expL,
  log: logL,
  sin: sinL,
  cos: cosL,
  tanh: tanhL,
  atan: atanL,
  erf: erfL,
  floor: floorL,
  ceil: ceilL,
  round: roundL,
  logicalNot: logicalNotL,
  isNaN: isNaNL,
  isFinite: isFiniteL,
  square: squareL,
  rsqrt: rsqrtL,
  expm1: expm1L,
  log1p: log1pL,
  tan: tanL,
  asin: asinL,
  acos: acosL,
  sinh: sinhL,
  cosh: coshL,
  asinh: asinhL,
  acosh: acoshL,
  atanh: atanhL,
  trunc: truncL,
  isInf: isInfL,
  sigmoid: sigmoidL,
  relu: reluL,
  relu6: relu6L,
  elu: eluL,
  selu: seluL,
  gelu: geluL,
  silu: siluL,
  softplus: softplusL,
  softsign: softsignL,
};

/** float32 (and float16, computed in float32): exp-based ops use the inlined expF32 instead of Math.exp. */
const F32_LOOPS: Record<UnaryOp, Loop1> = { ...FLOAT_LOOPS, exp: expF32L, sigmoid: sigmoidF32L, silu: siluF32L, erf: erfF32L, gelu: geluF32L };

const INT_LOOPS: Record<UnaryOp, Loop1> = { ...FLOAT_LOOPS, square: squareIntL };

/** Every extended op this kernel implements natively (all of them, core's list), for the backend descriptor. */
export const NATIVE_EXTENDED_UNARY_OPS = EXTENDED_UNARY_OPS;

/** Ops that map {0, 1} into {0, 1}, so bool runs them in place; the rest go through a float64 temporary. */
const BOOL_NATIVE: ReadonlySet<UnaryOp> = new Set<UnaryOp>([
  'abs',
  'sign',
  'sqrt',
  'floor',
  'ceil',
  'round',
  'trunc',
  'square',
  'relu',
  'relu6',
  'logicalNot',
  'isNaN',
  'isFinite',
  'isInf',
]);

/** Ops whose output is bool whatever the input dtype. */
const BOOL_OUTPUT: ReadonlySet<UnaryOp> = new Set<UnaryOp>(['isNaN', 'isFinite', 'isInf']);

/**
 * `out = op(x)`: `x` is a view of the output's shape; the output is contiguous with x's dtype (bool for
 * isNaN / isFinite / isInf).
 */
export function unaryKernel(op: UnaryOp, dtype: BackendDType, out: AnyArray, x: Operand<AnyArray>, shape: readonly number[]): void {
  if (out.length === 0) return;
  const c = collapse(shape, [x.strides]);
  switch (dtype) {
    case 'float32':
      if (unaryF32Contig(op, out as Float32Array, x.arr as Float32Array, x.offset, c)) return;
      return drive1(F32_LOOPS[op], out as NumArray, x.arr as NumArray, x.offset, c);
    case 'float64':
      return drive1(FLOAT_LOOPS[op], out as NumArray, x.arr as NumArray, x.offset, c);
    case 'int32':
      return drive1(INT_LOOPS[op], out as NumArray, x.arr as NumArray, x.offset, c);
    case 'float16': {
      const wide = widenHalf(x.arr as Uint16Array);
      if (BOOL_OUTPUT.has(op)) return drive1(F32_LOOPS[op], out as NumArray, wide, x.offset, c);
      const tmp = new Float32Array(out.length);
      if (!unaryF32Contig(op, tmp, wide, x.offset, c)) drive1(F32_LOOPS[op], tmp, wide, x.offset, c);
      return narrowHalfInto(out as Uint16Array, tmp);
    }
    case 'bool': {
      if (BOOL_NATIVE.has(op)) return drive1(INT_LOOPS[op], out as NumArray, x.arr as NumArray, x.offset, c);
      const tmp = new Float64Array(out.length);
      drive1(FLOAT_LOOPS[op], tmp, x.arr as NumArray, x.offset, c);
      const o = out as Uint8Array;
      for (let i = 0; i < tmp.length; i++) o[i] = tmp[i] !== 0 ? 1 : 0;
      return;
    }
    case 'string':
      throw unsupported('unary', `'${op}'`, dtype);
  }
}
