/**
 * Scalar math shared by the kernels. Small functions on purpose: TurboFan inlines them into the (monomorphic)
 * loops that call them, so they cost nothing over writing the expression in place.
 */

// W. J. Cody, "Rational Chebyshev approximations for the error function", Math. Comp. 23 (1969), as in his
// CALERF routine (netlib specfun). Relative error below 6e-19 in exact arithmetic; about 1 ulp in float64. The
// polynomials are written out (Horner, same operation order as CALERF's loops) with the coefficients inline:
// loops over constant arrays cost a load and a bounds check per term and ran gelu ~30% slower.
const INV_SQRT_PI = 5.6418958354775628695e-1;

/** erfc(y) / exp(-y^2) for y > 0.5 (Cody's rational part); 0 beyond 27, where erfc underflows. */
function erfcRational(y: number): number {
  if (y <= 4) {
    const num = (((((((2.15311535474403846e-8 * y + 5.64188496988670089e-1) * y + 8.88314979438837594e00) * y + 6.61191906371416295e01) * y + 2.98635138197400131e02) * y + 8.81952221241769090e02) * y + 1.71204761263407058e03) * y + 2.05107837782607147e03) * y;
    const den = (((((((y + 1.57449261107098347e01) * y + 1.17693950891312499e02) * y + 5.37181101862009858e02) * y + 1.62138957456669019e03) * y + 3.29079923573345963e03) * y + 4.36261909014324716e03) * y + 3.43936767414372164e03) * y;
    return (num + 1.23033935479799725e03) / (den + 1.23033935480374942e03);
  }
  if (y >= 27) return 0;
  const z = 1 / (y * y);
  const num = ((((1.63153871373020978e-2 * z + 3.05326634961232344e-1) * z + 3.60344899949804439e-1) * z + 1.25781726111229246e-1) * z + 1.60837851487422766e-2) * z;
  const den = ((((z + 2.56852019228982242e00) * z + 1.87295284992346725e00) * z + 5.27905102951428412e-1) * z + 6.05183413124413191e-2) * z;
  return (INV_SQRT_PI - (z * (num + 6.58749161529837803e-4)) / (den + 2.33520497626869185e-3)) / y;
}

/** erf for |x| <= 0.5: x P(x^2) / Q(x^2). */
function erfSmall(x: number): number {
  const z = Math.abs(x) > 1.11e-16 ? x * x : 0;
  const num = (((1.85777706184603153e-1 * z + 3.16112374387056560e00) * z + 1.13864154151050156e02) * z + 3.77485237685302021e02) * z;
  const den = (((z + 2.36012909523441209e01) * z + 2.44024637934444173e02) * z + 1.28261652607737228e03) * z;
  return (x * (num + 3.20937758913846947e03)) / (den + 2.84423683343917062e03);
}

/** erfc(y) for y > 0.5. exp(-y^2) as exp(-t^2) exp(-(y-t)(y+t)), t = y rounded to 1/16 (Cody): no y*y error. */
function erfcLarge(y: number): number {
  const t = Math.trunc(y * 16) / 16;
  return Math.exp(-t * t) * Math.exp(-(y - t) * (y + t)) * erfcRational(y);
}

/** {@link erfcLarge} with one inlined expF32: the split only matters past float32 precision. */
function erfcLargeF32(y: number): number {
  return expF32(-y * y) * erfcRational(y);
}

/** The error function, to about 1 ulp in float64 (Cody's rational approximations). NaN in, NaN out. */
export function erf(x: number): number {
  const y = Math.abs(x);
  if (y <= 0.5) return erfSmall(x);
  if (y !== y) return x;
  if (y >= 6) return x < 0 ? -1 : 1; // erfc(6) < 2.2e-17: 1 - it rounds to 1
  const r = 1 - erfcLarge(y);
  return x < 0 ? -r : r;
}

/** {@link erf} for float32 / float16 results (one expF32 instead of two Math.exp). Relative error ~1e-15. */
export function erfF32(x: number): number {
  const y = Math.abs(x);
  if (y <= 0.5) return erfSmall(x);
  if (y !== y) return x;
  if (y >= 6) return x < 0 ? -1 : 1;
  const r = 1 - erfcLargeF32(y);
  return x < 0 ? -r : r;
}

/** Round half to even (banker's rounding), TensorFlow's `round`. */
export function roundHalfEven(x: number): number {
  const r = Math.round(x); // rounds halves up (toward +Infinity)
  return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** Logistic sigmoid without overflow: exp is only taken of a non-positive number. */
export function sigmoid(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

const SELU_ALPHA = 1.6732632423543772848170429916717;
const SELU_SCALE = 1.0507009873554804934193349852946;
const SQRT1_2 = Math.SQRT1_2;

/** SELU with the Keras constants. */
export function selu(x: number): number {
  return x > 0 ? SELU_SCALE * x : SELU_SCALE * SELU_ALPHA * Math.expm1(x);
}

/**
 * GELU, exact form `x/2 (1 + erf(x/sqrt 2))` (not the tanh approximation). For u = x/sqrt 2 < -0.5 it uses
 * 1 + erf(u) = erfc(-u) directly (TensorFlow's erfc form): 1 + erf(u) would cancel to 0 for very negative x.
 */
export function gelu(x: number): number {
  const u = x * SQRT1_2;
  return u >= -0.5 ? 0.5 * x * (1 + erf(u)) : 0.5 * x * erfcLarge(-u);
}

/** {@link gelu} for float32 / float16 results. */
export function geluF32(x: number): number {
  const u = x * SQRT1_2;
  return u >= -0.5 ? 0.5 * x * (1 + erfF32(u)) : 0.5 * x * erfcLargeF32(-u);
}

/** ELU with alpha 1. */
export function elu(x: number): number {
  return x > 0 ? x : Math.expm1(x);
}

/** softplus `log(1 + e^x)` written so it neither overflows for large x nor loses digits for very negative x. */
export function softplus(x: number): number {
  return Math.log1p(Math.exp(-Math.abs(x))) + (x > 0 ? x : 0);
}

/** Sign: -1, 0 or 1; returns x itself for 0, -0 and NaN (so NaN propagates, like TensorFlow). */
export function sign(x: number): number {
  return x > 0 ? 1 : x < 0 ? -1 : x;
}

/**
 * C `pow` (IEEE 754 pow) where JavaScript's `**` differs: `1 ** NaN` and `(-1) ** ±Infinity` are 1 in C and
 * TensorFlow but NaN in JavaScript.
 */
export function powF(a: number, b: number): number {
  if (a === 1) return 1;
  if (a === -1 && (b === Infinity || b === -Infinity)) return 1;
  return Math.pow(a, b);
}

/** Floor modulo: the result has the sign of the divisor (Python / TensorFlow `floormod`). */
export function floorMod(a: number, b: number): number {
  const r = a % b;
  return r !== 0 && r < 0 !== b < 0 ? r + b : r;
}

/**
 * int32 power with wrap-around (repeated multiplication, as TensorFlow's integer pow). A negative exponent gives
 * the truncated result of `1 / a^-b`: 1 for a = 1, ±1 for a = -1, 0 otherwise (0 also for a = 0: the integer
 * division-by-zero rule).
 */
export function powI(a: number, b: number): number {
  if (b < 0) return a === 1 ? 1 : a === -1 ? (b & 1 ? -1 : 1) : 0;
  let result = 1;
  let base = a | 0;
  let e = b;
  while (e > 0) {
    if (e & 1) result = Math.imul(result, base);
    base = Math.imul(base, base);
    e >>>= 1;
  }
  return result;
}

// expF32: exp for results that are rounded to float32 (or half) anyway. Math.exp is a call into fdlibm (~11 ns
// here); this inlines in ~5 ns. x = (k/32) ln2 + r with |r| <= ln2/64, e^r by a degree-5 polynomial, 2^(k/32)
// from two tables. Relative error < 3e-15 over |x| < 708 (measured), far below float32's 6e-8, so results
// round to the same float32 as Math.exp's in all but vanishingly rare cases.
const POW2 = new Float64Array(2100);
for (let k = -1074; k < 1024; k++) POW2[k + 1075] = Math.pow(2, k);
const POW2_FRAC = new Float64Array(32);
for (let j = 0; j < 32; j++) POW2_FRAC[j] = Math.pow(2, j / 32);
const LOG2E_32 = 32 * Math.LOG2E;
const LN2_HI_32 = 6.93147180369123816490e-1 / 32; // fdlibm's split of ln 2: k * hi is exact
const LN2_LO_32 = 1.90821492927058770002e-10 / 32;
const ROUND_MAGIC = 6755399441055744; // 1.5 * 2^52: adding it rounds a double to an integer

/** exp accurate to ~1e-14 relative, for float32 / float16 results (see above); falls back to Math.exp beyond ±708. */
export function expF32(x: number): number {
  if (!(Math.abs(x) < 708)) return Math.exp(x); // NaN, ±Infinity, overflow and underflow
  const k = x * LOG2E_32 + ROUND_MAGIC - ROUND_MAGIC;
  const ki = k | 0;
  const r = x - k * LN2_HI_32 - k * LN2_LO_32;
  const p = 1 + r * (1 + r * (0.5 + r * (1 / 6 + r * (1 / 24 + r * (1 / 120)))));
  return p * POW2_FRAC[ki & 31] * POW2[(ki >> 5) + 1075];
}

/** Sigmoid on {@link expF32}, for float32 / float16 results. */
export function sigmoidF32(x: number): number {
  if (x >= 0) return 1 / (1 + expF32(-x));
  const e = expF32(x);
  return e / (1 + e);
}

/**
 * relu without a data-dependent branch: (x + |x|) / 2 is exact, and a comparison on random signs costs a
 * branch misprediction per element (measured 6 ms vs 1.5 ms per 1e6). The rare fix-up catches -Infinity
 * (which would give NaN), NaN (kept) and overflow of x + x.
 */
export function relu(x: number): number {
  const r = (x + Math.abs(x)) * 0.5;
  return r - r === 0 ? r : x < 0 ? 0 : x;
}

/** Leaky relu, branch-free like {@link relu}: max(x, 0) + alpha min(x, 0), both halves exact. */
export function leakyRelu(x: number, alpha: number): number {
  const a = Math.abs(x);
  const r = (x + a) * 0.5 + alpha * ((x - a) * 0.5);
  return r - r === 0 ? r : x < 0 ? alpha * x : x;
}

/**
 * relu over contiguous float32 on the raw bits, with integer ops only: clears every value whose sign bit is set
 * unless it is a NaN. No branch and no float conversion: ~2.5x the speed of {@link relu} per element.
 * `o` may alias `x` (in-place epilogues).
 */
export function reluF32Bits(o: Float32Array, oOffset: number, x: Float32Array, xOffset: number, n: number): void {
  const oi = new Int32Array(o.buffer, o.byteOffset + oOffset * 4, n);
  const xi = new Int32Array(x.buffer, x.byteOffset + xOffset * 4, n);
  for (let i = 0; i < n; i++) {
    const b = xi[i];
    const nan = (0x7f800000 - (b & 0x7fffffff)) >> 31; // all ones iff NaN
    oi[i] = b & ~((b >> 31) & ~nan);
  }
}
