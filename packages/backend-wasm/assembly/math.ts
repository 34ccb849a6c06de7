// Software transcendentals. Scalar f32 paths use AssemblyScript's Mathf/Math (ports of musl, < 1 ulp); the SIMD
// versions below serve the hot ops (exp, tanh, sigmoid, softmax) at about 1-2 ulp.

// ---------------------------------------------------------------------------------------------- SIMD exp
// Cody-Waite range reduction x = n ln2 + r, |r| <= ln2/2, then the Cephes expf polynomial.
/** Round-to-nearest of x / ln2 by the 1.5 * 2^23 trick: afterwards the low bits of the result hold n. */
@inline function expRound(x: v128): v128 {
  return f32x4.add(f32x4.mul(x, f32x4.splat(1.44269504088896341)), f32x4.splat(12582912.0));
}

/** e^r for the reduced r = x - n ln2 (n from {@link expRound}'s `t`), by the Cephes expf polynomial. */
@inline function expReduced(x: v128, t: v128): v128 {
  const fx = f32x4.sub(t, f32x4.splat(12582912.0));
  let r = f32x4.sub(x, f32x4.mul(fx, f32x4.splat(0.693359375)));
  r = f32x4.sub(r, f32x4.mul(fx, f32x4.splat(-2.12194440e-4)));
  let p = f32x4.splat(1.9875691500e-4);
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(1.3981999507e-3));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(8.3334519073e-3));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(4.1665795894e-2));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(1.6666665459e-1));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(5.0000001201e-1));
  const y = f32x4.add(f32x4.add(f32x4.mul(f32x4.mul(p, r), r), r), f32x4.splat(1.0));
  return y;
}

// 2^n is applied as two halves so that results in the subnormal range and overflow to +inf come out right.
@inline export function expV(x: v128): v128 {
  // pmin/pmax are single minps/maxps instructions (f32x4.min/max are not, on x64); both keep a NaN x because
  // every comparison with it is false.
  x = f32x4.pmin(f32x4.pmax(x, f32x4.splat(-104.0)), f32x4.splat(89.0));
  const t = expRound(x);
  const y = expReduced(x, t);
  const n = i32x4.sub(t, i32x4.splat(0x4b400000));
  const n1 = i32x4.shr_s(n, 1);
  const n2 = i32x4.sub(n, n1);
  const s1 = i32x4.shl(i32x4.add(n1, i32x4.splat(127)), 23);
  const s2 = i32x4.shl(i32x4.add(n2, i32x4.splat(127)), 23);
  return f32x4.mul(f32x4.mul(y, s1), s2);
}

/**
 * exp for x <= 0 (softmax's x - max): one 2^n scale instead of two; results below the smallest normal float
 * (e^-87.3) flush to 0, a difference of < 1.2e-38 that no softmax output can show.
 */
@inline export function expNegV(x: v128): v128 {
  const tiny = f32x4.lt(x, f32x4.splat(-87.3));
  x = f32x4.pmax(x, f32x4.splat(-87.3));
  const t = expRound(x);
  const y = expReduced(x, t);
  // the low bits of t hold n (see expV); 2^n is (n + 127) << 23
  const scale = i32x4.shl(i32x4.add(i32x4.sub(t, i32x4.splat(0x4b400000)), i32x4.splat(127)), 23);
  return v128.andnot(f32x4.mul(y, scale), tiny);
}

// tanh: odd polynomial (Cephes tanhf) below 0.625 where 1 - 2/(e^2x + 1) would cancel; the exp form above.
@inline export function tanhV(x: v128): v128 {
  const ax = f32x4.abs(x);
  const z = f32x4.mul(x, x);
  let p = f32x4.splat(-5.70498872745e-3);
  p = f32x4.add(f32x4.mul(p, z), f32x4.splat(2.06390887954e-2));
  p = f32x4.add(f32x4.mul(p, z), f32x4.splat(-5.37397155531e-2));
  p = f32x4.add(f32x4.mul(p, z), f32x4.splat(1.33314422036e-1));
  p = f32x4.add(f32x4.mul(p, z), f32x4.splat(-3.33332819422e-1));
  const small = f32x4.add(f32x4.mul(f32x4.mul(p, z), x), x);
  const e = expV(f32x4.add(ax, ax));
  const big = f32x4.sub(f32x4.splat(1.0), f32x4.div(f32x4.splat(2.0), f32x4.add(e, f32x4.splat(1.0))));
  // copy the sign of x onto the large-|x| branch (also maps NaN through: big is NaN then)
  const signed = v128.or(v128.and(big, i32x4.splat(0x7fffffff)), v128.and(x, i32x4.splat(0x80000000)));
  return v128.bitselect(small, signed, f32x4.lt(ax, f32x4.splat(0.625)));
}

@inline export function sigmoidV(x: v128): v128 {
  return f32x4.div(f32x4.splat(1.0), f32x4.add(f32x4.splat(1.0), expV(f32x4.neg(x))));
}

// ---------------------------------------------------------------------------------------------- scalar
// W. J. Cody, "Rational Chebyshev approximations for the error function", Math. Comp. 23 (1969), as in CALERF
// (netlib specfun): about 1 ulp in float64, the same algorithm the cpu backend uses, so gelu agrees to ~1e-15.
const INV_SQRT_PI = 5.6418958354775628695e-1;

@inline function erfSmall(x: f64): f64 {
  const y = Math.abs(x);
  const z = y > 1.11e-16 ? x * x : 0.0;
  let num = 1.85777706184603153e-1 * z;
  let den = z;
  num = (num + 3.16112374387056560e00) * z; den = (den + 2.36012909523441209e01) * z;
  num = (num + 1.13864154151050156e02) * z; den = (den + 2.44024637934444173e02) * z;
  num = (num + 3.77485237685302021e02) * z; den = (den + 1.28261652607737228e03) * z;
  return (x * (num + 3.20937758913846947e03)) / (den + 2.84423683343917062e03);
}

/** erfc(y) for y > 0.5; the exp(-y^2) factor is split (Cody) so it keeps full relative accuracy. */
function erfcPositive(y: f64): f64 {
  let r: f64;
  if (y <= 4.0) {
    let num = 2.15311535474403846e-8 * y;
    let den = y;
    num = (num + 5.64188496988670089e-1) * y; den = (den + 1.57449261107098347e01) * y;
    num = (num + 8.88314979438837594e00) * y; den = (den + 1.17693950891312499e02) * y;
    num = (num + 6.61191906371416295e01) * y; den = (den + 5.37181101862009858e02) * y;
    num = (num + 2.98635138197400131e02) * y; den = (den + 1.62138957456669019e03) * y;
    num = (num + 8.81952221241769090e02) * y; den = (den + 3.29079923573345963e03) * y;
    num = (num + 1.71204761263407058e03) * y; den = (den + 4.36261909014324716e03) * y;
    num = (num + 2.05107837782607147e03) * y; den = (den + 3.43936767414372164e03) * y;
    r = (num + 1.23033935479799725e03) / (den + 1.23033935480374942e03);
  } else {
    if (y >= 27.0) return 0;
    const z = 1.0 / (y * y);
    let num = 1.63153871373020978e-2 * z;
    let den = z;
    num = (num + 3.05326634961232344e-1) * z; den = (den + 2.56852019228982242e00) * z;
    num = (num + 3.60344899949804439e-1) * z; den = (den + 1.87295284992346725e00) * z;
    num = (num + 1.25781726111229246e-1) * z; den = (den + 5.27905102951428412e-1) * z;
    num = (num + 1.60837851487422766e-2) * z; den = (den + 6.05183413124413191e-2) * z;
    r = (z * (num + 6.58749161529837803e-4)) / (den + 2.33520497626869185e-3);
    r = (INV_SQRT_PI - r) / y;
  }
  const t = Math.trunc(y * 16.0) / 16.0;
  const del = (y - t) * (y + t);
  return Math.exp(-t * t) * Math.exp(-del) * r;
}

/** The error function in double precision (Cody). NaN in, NaN out. */
export function erf64(x: f64): f64 {
  const y = Math.abs(x);
  if (y <= 0.5) return erfSmall(x);
  if (y != y) return x;
  const r = y >= 6.0 ? 1.0 : 1.0 - erfcPositive(y);
  return x < 0 ? -r : r;
}

/** Round half to even (TensorFlow's `round`); wasm's `nearest` is exactly that. */
@inline export function roundEven(x: f64): f64 {
  return nearest<f64>(x);
}

/** C / TensorFlow pow: pow(1, y) is 1 even for NaN y, pow(-1, +-Inf) is 1 (JavaScript gives NaN for both). */
@inline export function powC(a: f64, b: f64): f64 {
  if (a == 1.0) return 1.0;
  if (a == -1.0 && (b == Infinity || b == -Infinity)) return 1.0;
  if (b == 0) return 1.0;
  if (b != b || a != a) return NaN;
  return Math.pow(a, b);
}

/** int32 pow by repeated squaring with wrap-around; negative exponents truncate 1 / a^-b (0 unless a is +-1). */
export function powI(a: i32, b: i32): i32 {
  if (b < 0) return a == 1 ? 1 : a == -1 ? ((b & 1) != 0 ? -1 : 1) : 0;
  let result: i32 = 1;
  let base = a;
  let e = b;
  while (e > 0) {
    if ((e & 1) != 0) result *= base;
    base *= base;
    e >>>= 1;
  }
  return result;
}

/** Floor modulo with the divisor's sign (Python / TensorFlow floormod) for floats. */
@inline export function fmodFloor(a: f64, b: f64): f64 {
  const r = a % b;
  return r != 0 && (r < 0) != (b < 0) ? r + b : r;
}
