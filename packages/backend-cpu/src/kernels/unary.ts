/**
 * Unary elementwise kernel: every primitive and every extended op, natively.
 *
 * One block loop per op (strided.ts), picked once per call. The loops read numbers from any typed array and
 * store into the output's typed array, so int32 inputs reuse the float loops: the Int32Array store truncates
 * toward zero and wraps (NaN and ±Infinity become 0), e.g. `reciprocal(0)` is 0 like integer division by zero.
 * Only `square` needs an integer loop (a double product can be inexact before the wrap). float16 runs in float32.
 */
import { EXTENDED_UNARY_OPS, isBoolUnary, type BackendDType, type UnaryOp } from '@lab/core';
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
/**
 * The inverse error function in float64: `x P(t)`, with `w = -log(1 - x^2)` cut into three ranges and `t` an
 * affine map of `w` or `sqrt(w)` (the layout of Giles, "Approximating the erfinv function", GPU Computing Gems,
 * 2011). The polynomials are least-squares Chebyshev fits of erfinv(x) / x made for lab, each within 7e-16
 * (relative) in float64 arithmetic. ±1 give ±Infinity, |x| > 1 and NaN give NaN.
 */
function erfinv(x: number): number {
  const ax = Math.abs(x);
  if (!(ax < 1)) return ax === 1 ? x * Infinity : NaN;
  // 1 - x^2 without cancellation: log1p below 0.5, the exact (1 - |x|) factor above
  const w = ax < 0.5 ? -Math.log1p(-x * x) : -Math.log((1 - ax) * (1 + ax));
  let t: number;
  if (w < 6.25) {
    t = w - 3.125;
    return x * (1.6536545626831027 + t * (0.2401581824255897 + t * (-0.006033670871426835 + t * (-0.0007407025341668028 + t * (0.00018673420802049328 + t * (-1.3882523361584087e-05 + t * (-1.3654691784237959e-06 + t * (4.234787770422557e-07 + t * (-2.9070387698927485e-08 + t * (-4.112633280947279e-09 + t * (1.0512207513845116e-09 + t * (-5.415435817169476e-11 + t * (-1.2977659196547482e-11 + t * (2.633559907621316e-12 + t * (-8.103600627687836e-14 + t * (-4.0552462575666954e-14 + t * (6.578224282734588e-15 + t * (2.1532989801742722e-17 + t * (-1.2878201282360963e-16 + t * (1.113205089717972e-17 + t * (1.0902127289425494e-18 + t * (-1.6799573252473116e-19))))))))))))))))))))));
  }
  if (w < 16) {
    t = Math.sqrt(w) - 3.25;
    return x * (3.0838856104922208 + t * (1.0052589676941592 + t * (0.005370914553563052 + t * (-0.0037512085075576363 + t * (0.0024914420973908375 + t * (-0.001688275556321603 + t * (0.0009532893562763403 + t * (-0.00035503751692834046 + t * (2.40313252930244e-05 + t * (6.82848304945795e-05 + t * (-4.7319334808778655e-05 + t * (1.2475377015983698e-05 + t * (2.9267872287550303e-06 + t * (-4.014010335785518e-06 + t * (1.496852686475154e-06 + t * (1.8388706833090645e-08 + t * (-2.6958109708570234e-07 + t * (9.069252863037179e-08))))))))))))))))));
  }
  t = Math.sqrt(w) - 5;
  return x * (4.849906401408584 + t * (1.0103004648645317 + t * (-0.0001387193184378908 + t * (-0.00021503011920300506 + t * (7.59952791946173e-05 + t * (-1.9681779155833582e-05 + t * (4.5260451036316056e-06 + t * (-9.929777781884417e-07 + t * (2.2907404498031655e-07 + t * (-6.772390272866608e-08 + t * (2.8999557872969234e-08 + t * (-1.4944774640329634e-08 + t * (7.791602339677166e-09 + t * (-3.799376309885496e-09 + t * (1.3992494503570262e-09 + t * (-2.529963272541642e-10))))))))))))))));
}
function erfinvL(o: NumArray, io: number, x: NumArray, ix: number, s0: number, s1: number, rows: number, cols: number): void {
  for (let r = 0; r < rows; r++, ix += s0) for (let c = 0, p = ix; c < cols; c++, p += s1) o[io++] = erfinv(x[p]);
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
  erfinv: erfinvL,
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
      if (isBoolUnary(op)) return drive1(F32_LOOPS[op], out as NumArray, wide, x.offset, c);
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
