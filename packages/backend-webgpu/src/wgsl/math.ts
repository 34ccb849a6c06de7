/**
 * WGSL math library: the functions the kernels need beyond WGSL's builtins, each with the edge cases of the cpu
 * backend (JS Math semantics) written out, because WGSL leaves NaN/Inf behaviour to the implementation and
 * SwiftShader's builtins do return finite garbage there (`log(0)` = -88, `log(-1)` = 0, `tanh(100)` = NaN).
 *
 * Functions are registered with their dependencies; {@link mathLib} emits only the ones a kernel uses, in
 * dependency order, so small kernels stay small (shader compiles are the slow part of a first run).
 */
import { FLOAT_BITS } from './common.js';

interface Snippet {
  readonly deps: readonly string[];
  readonly code: string;
}

const LIB: Record<string, Snippet> = {
  bits: { deps: [], code: FLOAT_BITS },
  // JS ToInt32 of a truncated float: NaN/Inf -> 0, out-of-range values wrap modulo 2^32 (what Int32Array stores).
  f2i: {
    deps: ['bits'],
    code: /* wgsl */ `
fn f2i(x: f32) -> i32 {
  if (!is_finite(x)) { return 0i; }
  let t = trunc(x);
  if (abs(t) < 2147483648.0) { return i32(t); }
  // Exact in f32: t is a multiple of its ulp (>= 256 here) and the remainder fits 24 significant bits.
  let m = t - 4294967296.0 * floor(t / 4294967296.0);
  return bitcast<i32>(u32(m));
}`,
  },
  sign_f: {
    deps: ['bits'],
    code: /* wgsl */ `
fn sign_f(x: f32) -> f32 {
  if (is_nan(x)) { return x; }
  if (x > 0.0) { return 1.0; }
  if (x < 0.0) { return -1.0; }
  return x;
}`,
  },
  // Round half to even, without relying on the driver's round(); x - floor(x) is exact in f32.
  round_f: {
    deps: [],
    code: /* wgsl */ `
fn round_f(x: f32) -> f32 {
  let f = floor(x);
  let d = x - f;
  if (d > 0.5) { return f + 1.0; }
  if (d < 0.5) { return f; }
  return select(f + 1.0, f, f * 0.5 == floor(f * 0.5));
}`,
  },
  exp_f: {
    deps: ['bits'],
    code: /* wgsl */ `
fn exp_f(x: f32) -> f32 {
  if (is_nan(x)) { return x; }
  if (x > 88.72284) { return inf_f(); }
  if (x < -103.97208) { return 0.0; }
  return exp(x);
}`,
  },
  log_f: {
    deps: ['bits'],
    code: /* wgsl */ `
fn log_f(x: f32) -> f32 {
  if (is_nan(x) || x < 0.0) { return nan_f(); }
  if (x == 0.0) { return -inf_f(); }
  if (is_inf(x)) { return x; }
  return log(x);
}`,
  },
  sqrt_f: {
    deps: ['bits'],
    code: /* wgsl */ `
fn sqrt_f(x: f32) -> f32 {
  if (is_nan(x) || x < 0.0) { return nan_f(); }
  if (is_inf(x) || x == 0.0) { return x; }
  return sqrt(x);
}`,
  },
  // Taylor series near 0 (exp(x) - 1 would cancel), exp(x) - 1 elsewhere (at most ~2 bits lost at |x| = 0.35).
  expm1_f: {
    deps: ['exp_f'],
    code: /* wgsl */ `
fn expm1_f(x: f32) -> f32 {
  if (abs(x) < 0.35) {
    return x * (1.0 + x * (0.5 + x * (0.16666667 + x * (0.041666668 + x * (0.008333334 + x * (0.0013888889 + x * (0.0001984127 + x * 0.0000248016)))))));
  }
  return exp_f(x) - 1.0;
}`,
  },
  // 2 atanh(x / (2 + x)) as a series near 0; Kahan's correction log(u) * x / (u - 1) elsewhere.
  log1p_f: {
    deps: ['log_f'],
    code: /* wgsl */ `
fn log1p_f(x: f32) -> f32 {
  if (abs(x) < 0.25) {
    let s = x / (2.0 + x);
    let s2 = s * s;
    return 2.0 * s * (1.0 + s2 * (0.33333334 + s2 * (0.2 + s2 * (0.14285715 + s2 * (0.11111111 + s2 * 0.09090909)))));
  }
  let u = 1.0 + x;
  if (is_inf(u) || u == 0.0 || u < 0.0) { return log_f(u); }
  return log_f(u) * (x / (u - 1.0));
}`,
  },
  // Maclaurin series below 0.5 (relative accuracy near 0), Numerical Recipes' erfc fit (< 1.2e-7) above.
  erf_f: {
    deps: ['exp_f', 'bits'],
    code: /* wgsl */ `
fn erf_f(x: f32) -> f32 {
  if (is_nan(x)) { return x; }
  let ax = abs(x);
  if (ax < 0.5) {
    let t = x * x;
    return x * (1.1283791670955126 + t * (-0.37612638903183754 + t * (0.11283791670955126 + t * (-0.026866170645131252 + t * (0.005223977625442188 + t * (-0.0008548327023450852 + t * 0.00012055332981789664))))));
  }
  if (ax > 10.0) { return select(-1.0, 1.0, x > 0.0); }
  let z = 1.0 / (1.0 + 0.5 * ax);
  let r = z * exp_f(-ax * ax - 1.26551223 + z * (1.00002368 + z * (0.37409196 + z * (0.09678418 + z * (-0.18628806 + z * (0.27886807 + z * (-1.13520398 + z * (1.48851587 + z * (-0.82215223 + z * 0.17087277)))))))));
  return select(r - 1.0, 1.0 - r, x > 0.0);
}`,
  },
  tanh_f: {
    deps: ['expm1_f', 'bits'],
    code: /* wgsl */ `
fn tanh_f(x: f32) -> f32 {
  if (is_nan(x)) { return x; }
  let ax = abs(x);
  if (ax > 9.1) { return select(-1.0, 1.0, x > 0.0); }
  let t = expm1_f(2.0 * ax);
  let r = t / (t + 2.0);
  return select(-r, r, x >= 0.0);
}`,
  },
  sinh_f: {
    deps: ['expm1_f', 'exp_f', 'bits'],
    code: /* wgsl */ `
fn sinh_f(x: f32) -> f32 {
  if (is_nan(x)) { return x; }
  let ax = abs(x);
  var r: f32;
  if (ax < 1.0) {
    let t = expm1_f(ax);
    r = 0.5 * (t + t / (t + 1.0));
  } else if (ax < 88.0) {
    let e = exp_f(ax);
    r = 0.5 * (e - 1.0 / e);
  } else {
    let e = exp_f(0.5 * ax);
    r = 0.5 * e * e;
  }
  return select(-r, r, x >= 0.0);
}`,
  },
  cosh_f: {
    deps: ['exp_f', 'bits'],
    code: /* wgsl */ `
fn cosh_f(x: f32) -> f32 {
  if (is_nan(x)) { return x; }
  let ax = abs(x);
  if (ax < 88.0) {
    let e = exp_f(ax);
    return 0.5 * (e + 1.0 / e);
  }
  let e = exp_f(0.5 * ax);
  return 0.5 * e * e;
}`,
  },
  asinh_f: {
    deps: ['log1p_f', 'log_f', 'bits'],
    code: /* wgsl */ `
fn asinh_f(x: f32) -> f32 {
  if (is_nan(x) || is_inf(x)) { return x; }
  let ax = abs(x);
  var r: f32;
  if (ax > 1e18) {
    r = log_f(ax) + 0.6931471805599453;
  } else {
    r = log1p_f(ax + ax * ax / (1.0 + sqrt(1.0 + ax * ax)));
  }
  return select(-r, r, x >= 0.0);
}`,
  },
  acosh_f: {
    deps: ['log1p_f', 'log_f', 'bits'],
    code: /* wgsl */ `
fn acosh_f(x: f32) -> f32 {
  if (is_nan(x) || x < 1.0) { return nan_f(); }
  if (is_inf(x)) { return x; }
  if (x > 1e18) { return log_f(x) + 0.6931471805599453; }
  let t = x - 1.0;
  return log1p_f(t + sqrt(2.0 * t + t * t));
}`,
  },
  atanh_f: {
    deps: ['log1p_f', 'bits'],
    code: /* wgsl */ `
fn atanh_f(x: f32) -> f32 {
  if (is_nan(x) || abs(x) > 1.0) { return nan_f(); }
  if (abs(x) == 1.0) { return x * inf_f(); }
  let ax = abs(x);
  let r = 0.5 * log1p_f(2.0 * ax / (1.0 - ax));
  return select(-r, r, x >= 0.0);
}`,
  },
  // asin/acos through atan2 with sqrt((1 - x)(1 + x)), which stays accurate near |x| = 1: SwiftShader's own
  // acos is off by 7e-5 (acos(0) = 1.5707288).
  asin_f: {
    deps: ['atan2_f'],
    code: /* wgsl */ `
fn asin_f(x: f32) -> f32 {
  if (is_nan(x) || abs(x) > 1.0) { return nan_f(); }
  return atan2_f(x, sqrt((1.0 - x) * (1.0 + x)));
}`,
  },
  acos_f: {
    deps: ['atan2_f'],
    code: /* wgsl */ `
fn acos_f(x: f32) -> f32 {
  if (is_nan(x) || abs(x) > 1.0) { return nan_f(); }
  return atan2_f(sqrt((1.0 - x) * (1.0 + x)), x);
}`,
  },
  // sin/cos/tan: WGSL only promises 2^-11 absolute error and SwiftShader delivers about that (5e-5). Here:
  // Cody-Waite reduction by pi/2 (three-part constant, exact products for |x| < ~5e4) and Cephes' single
  // precision polynomials on [-pi/4, pi/4]; beyond that range the builtin (large arguments need Payne-Hanek).
  trig_f: {
    deps: ['bits'],
    code: /* wgsl */ `
fn sin_poly(r: f32) -> f32 {
  let z = r * r;
  return ((-1.9515295891e-4 * z + 8.3321608736e-3) * z - 1.6666654611e-1) * z * r + r;
}
fn cos_poly(r: f32) -> f32 {
  let z = r * r;
  return ((2.443315711809948e-5 * z - 1.388731625493765e-3) * z + 4.166664568298827e-2) * z * z - 0.5 * z + 1.0;
}
// Returns (sin x, cos x) for finite |x| < 51000.
fn sincos_red(x: f32) -> vec2<f32> {
  let k = round(x * 0.6366197723675814);
  let r = ((x - k * 1.5703125) - k * 4.837512969970703125e-4) - k * 7.54978995489188216e-8;
  let s = sin_poly(r);
  let c = cos_poly(r);
  let q = i32(k) & 3i;
  if (q == 0i) { return vec2<f32>(s, c); }
  if (q == 1i) { return vec2<f32>(c, -s); }
  if (q == 2i) { return vec2<f32>(-s, -c); }
  return vec2<f32>(-c, s);
}
fn sin_f(x: f32) -> f32 {
  if (!is_finite(x)) { return nan_f(); }
  if (abs(x) >= 51000.0) { return sin(x); }
  return sincos_red(x).x;
}
fn cos_f(x: f32) -> f32 {
  if (!is_finite(x)) { return nan_f(); }
  if (abs(x) >= 51000.0) { return cos(x); }
  return sincos_red(x).y;
}
fn tan_f(x: f32) -> f32 {
  if (!is_finite(x)) { return nan_f(); }
  if (abs(x) >= 51000.0) { return tan(x); }
  let sc = sincos_red(x);
  return sc.x / sc.y;
}
fn atan_f(x: f32) -> f32 {
  if (is_nan(x)) { return x; }
  if (is_inf(x)) { return select(-1.5707963267948966, 1.5707963267948966, x > 0.0); }
  return atan(x);
}`,
  },
  atan2_f: {
    deps: ['bits'],
    code: /* wgsl */ `
fn atan2_f(y: f32, x: f32) -> f32 {
  if (is_nan(x) || is_nan(y)) { return nan_f(); }
  let pi = 3.141592653589793;
  if (is_inf(x) || is_inf(y)) {
    var r: f32;
    if (is_inf(x) && is_inf(y)) { r = select(0.75 * pi, 0.25 * pi, x > 0.0); }
    else if (is_inf(y)) { r = 0.5 * pi; }
    else { r = select(pi, 0.0, x > 0.0); }
    let neg_y = (bitcast<u32>(y) & 0x80000000u) != 0u;
    return select(r, -r, neg_y);
  }
  if (y == 0.0 && x == 0.0) {
    // atan2(+-0, +0) = +-0 and atan2(+-0, -0) = +-pi, as Math.atan2.
    let neg_x = (bitcast<u32>(x) & 0x80000000u) != 0u;
    let neg_y = (bitcast<u32>(y) & 0x80000000u) != 0u;
    let r = select(0.0, pi, neg_x);
    return select(r, -r, neg_y);
  }
  return atan2(y, x);
}`,
  },
  sigmoid_f: {
    deps: ['exp_f', 'bits'],
    code: /* wgsl */ `
fn sigmoid_f(x: f32) -> f32 {
  if (is_nan(x)) { return x; }
  if (x >= 0.0) { return 1.0 / (1.0 + exp_f(-x)); }
  let e = exp_f(x);
  return e / (1.0 + e);
}`,
  },
  softplus_f: {
    deps: ['log1p_f', 'exp_f', 'bits'],
    code: /* wgsl */ `
fn softplus_f(x: f32) -> f32 {
  if (is_nan(x)) { return x; }
  return max(x, 0.0) + log1p_f(exp_f(-abs(x)));
}`,
  },
  // gelu is the exact (erf) form, TF's default (approximate=False).
  gelu_f: {
    deps: ['erf_f'],
    code: /* wgsl */ `
fn gelu_f(x: f32) -> f32 { return 0.5 * x * (1.0 + erf_f(x * 0.7071067811865476)); }`,
  },
  elu_f: {
    deps: ['expm1_f'],
    code: /* wgsl */ `
fn elu_f(x: f32) -> f32 { return select(x, expm1_f(x), x < 0.0); }`,
  },
  selu_f: {
    deps: ['expm1_f'],
    code: /* wgsl */ `
fn selu_f(x: f32) -> f32 { return 1.0507009873554805 * select(x, 1.6732632423543772 * expm1_f(x), x < 0.0); }`,
  },
  // C / TensorFlow pow rules (the cpu backend's): pow(x, 0) = 1 and pow(1, y) = 1 even for NaN, pow(-1, +-Inf)
  // = 1, negative bases only with integer exponents; small integer exponents by repeated squaring (x^2 is
  // exact), the rest via exp2/log2.
  pow_f: {
    deps: ['bits'],
    code: /* wgsl */ `
fn is_odd_int_f(b: f32) -> bool {
  return abs(b) < 16777216.0 && trunc(b) == b && (b - 2.0 * floor(b * 0.5)) == 1.0;
}
fn pow_f(a: f32, b: f32) -> f32 {
  if (b == 0.0 || a == 1.0) { return 1.0; }
  if (is_nan(a) || is_nan(b)) { return nan_f(); }
  let aa = abs(a);
  if (is_inf(b)) {
    if (aa == 1.0) { return 1.0; }
    if ((aa > 1.0) == (b > 0.0)) { return inf_f(); }
    return 0.0;
  }
  let odd = is_odd_int_f(b);
  let neg_a = (bitcast<u32>(a) & 0x80000000u) != 0u;
  if (a == 0.0 || is_inf(a)) {
    // (+-0)^b and (+-Inf)^b: magnitude 0 or Inf, sign kept only for odd integer exponents.
    let big = (a == 0.0) == (b < 0.0);
    var r = select(0.0, inf_f(), big);
    if (neg_a && odd) { r = -r; }
    return r;
  }
  let is_int = trunc(b) == b;
  if (a < 0.0 && !is_int) { return nan_f(); }
  var r: f32;
  if (is_int && abs(b) <= 64.0) {
    var e = u32(abs(b));
    var base = aa;
    r = 1.0;
    loop {
      if ((e & 1u) != 0u) { r = r * base; }
      e = e >> 1u;
      if (e == 0u) { break; }
      base = base * base;
    }
    if (b < 0.0) { r = 1.0 / r; }
  } else {
    r = exp2(b * log2(aa));
  }
  if (a < 0.0 && odd) { r = -r; }
  return r;
}`,
  },
  // int32 power with wrapping; negative exponents follow Math.pow then truncation (only +-1 survive).
  pow_i: {
    deps: [],
    code: /* wgsl */ `
fn pow_i(a: i32, b: i32) -> i32 {
  if (b < 0i) {
    if (a == 1i) { return 1i; }
    if (a == -1i) { return select(1i, -1i, (b & 1i) != 0i); }
    return 0i;
  }
  var r = 1i;
  var base = a;
  var e = u32(b);
  loop {
    if ((e & 1u) != 0u) { r = r * base; }
    e = e >> 1u;
    if (e == 0u) { break; }
    base = base * base;
  }
  return r;
}`,
  },
  // int32 division truncates; division by zero gives 0 (TF); INT_MIN / -1 wraps to INT_MIN.
  div_i: {
    deps: [],
    code: /* wgsl */ `
fn div_i(a: i32, b: i32) -> i32 {
  if (b == 0i) { return 0i; }
  if (b == -1i) { return 0i - a; }
  return a / b;
}
fn floordiv_i(a: i32, b: i32) -> i32 {
  let q = div_i(a, b);
  if (b == 0i) { return 0i; }
  let r = a - q * b;
  if (r != 0i && ((r < 0i) != (b < 0i))) { return q - 1i; }
  return q;
}
fn mod_i(a: i32, b: i32) -> i32 {
  if (b == 0i) { return 0i; }
  let r = a - div_i(a, b) * b;
  if (r != 0i && ((r < 0i) != (b < 0i))) { return r + b; }
  return r;
}`,
  },
  // Floor modulo (result has the divisor's sign), as TF's floormod on floats.
  mod_f: {
    deps: ['bits'],
    code: /* wgsl */ `
fn mod_f(a: f32, b: f32) -> f32 {
  if (is_nan(a) || is_nan(b) || is_inf(a) || b == 0.0) { return nan_f(); }
  var r: f32;
  if (is_inf(b)) { r = a; } else { r = a - b * trunc(a / b); }
  if (r != 0.0 && ((r < 0.0) != (b < 0.0))) { r = r + b; }
  return r;
}
fn floordiv_f(a: f32, b: f32) -> f32 { return floor(a / b); }`,
  },
};

/** WGSL source of the named library functions and everything they depend on, each once. */
export function mathLib(names: Iterable<string>): string {
  const seen = new Set<string>();
  const out: string[] = [];
  const visit = (n: string): void => {
    if (seen.has(n)) return;
    const s = LIB[n];
    if (!s) throw new Error(`internal: unknown WGSL library function '${n}'`);
    seen.add(n);
    for (const d of s.deps) visit(d);
    out.push(s.code);
  };
  for (const n of names) visit(n);
  return out.join('\n');
}
