/**
 * The WGSL library functions of the unary ops (and of the activations other kernels fuse), with the edge cases
 * of the cpu backend written out (see math.ts for why), and the f32 expression of every unary op.
 */
import type { UnaryOp } from '@lab/core';
import type { Snippet } from './math.js';

/** Library entries of the unary ops, merged into math.ts's library. */
export const UNARY_LIB: Readonly<Record<string, Snippet>> = {
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
  // erfinv in f32: Giles' single-precision polynomials ("Approximating the erfinv function", GPU Computing Gems,
  // 2011), about 2 ulp; 1 - x^2 through log1p below 0.5 so small |x| keep their relative accuracy.
  erfinv_f: {
    deps: ['log1p_f', 'log_f', 'bits'],
    code: /* wgsl */ `
fn erfinv_f(x: f32) -> f32 {
  let ax = abs(x);
  if (is_nan(x) || ax > 1.0) { return nan_f(); }
  if (ax == 1.0) { return x * inf_f(); }
  var w: f32;
  if (ax < 0.5) { w = -log1p_f(-x * x); } else { w = -log_f((1.0 - ax) * (1.0 + ax)); }
  var p: f32;
  if (w < 5.0) {
    let t = w - 2.5;
    p = 2.81022636e-08;
    p = 3.43273939e-07 + p * t;
    p = -3.5233877e-06 + p * t;
    p = -4.39150654e-06 + p * t;
    p = 0.00021858087 + p * t;
    p = -0.00125372503 + p * t;
    p = -0.00417768164 + p * t;
    p = 0.246640727 + p * t;
    p = 1.50140941 + p * t;
  } else {
    let t = sqrt(w) - 3.0;
    p = -0.000200214257;
    p = 0.000100950558 + p * t;
    p = 0.00134934322 + p * t;
    p = -0.00367342844 + p * t;
    p = 0.00573950773 + p * t;
    p = -0.0076224613 + p * t;
    p = 0.00943887047 + p * t;
    p = 1.00167406 + p * t;
    p = 2.83297682 + p * t;
  }
  return p * x;
}`,
  },
};

/**
 * The f32 form of every unary op: a WGSL expression of `a`. The library functions it calls (from this file or
 * math.ts) are found by name ({@link libFor}), so adding an op is its expression plus, if it needs one, its
 * function above. A missing op is a compile error (the record is keyed by core's UnaryOp).
 */
export const UNARY_F32: Readonly<Record<UnaryOp, string>> = {
  neg: '-a',
  abs: 'bitcast<f32>(bitcast<u32>(a) & 0x7fffffffu)',
  sign: 'sign_f(a)',
  sqrt: 'sqrt_f(a)',
  reciprocal: '1.0 / a',
  exp: 'exp_f(a)',
  log: 'log_f(a)',
  sin: 'sin_f(a)',
  cos: 'cos_f(a)',
  tanh: 'tanh_f(a)',
  atan: 'atan_f(a)',
  erf: 'erf_f(a)',
  floor: 'floor(a)',
  ceil: 'ceil(a)',
  round: 'round_f(a)',
  logicalNot: 'select(0.0, 1.0, !nz_f(a))',
  isNaN: 'is_nan(a)',
  isFinite: 'is_finite(a)',
  square: 'a * a',
  rsqrt: '1.0 / sqrt_f(a)',
  expm1: 'expm1_f(a)',
  log1p: 'log1p_f(a)',
  tan: 'tan_f(a)',
  asin: 'asin_f(a)',
  acos: 'acos_f(a)',
  sinh: 'sinh_f(a)',
  cosh: 'cosh_f(a)',
  asinh: 'asinh_f(a)',
  acosh: 'acosh_f(a)',
  atanh: 'atanh_f(a)',
  trunc: 'trunc(a)',
  isInf: 'is_inf(a)',
  sigmoid: 'sigmoid_f(a)',
  relu: 'select(a, 0.0, a < 0.0)',
  relu6: 'select(clamp(a, 0.0, 6.0), a, is_nan(a))',
  elu: 'elu_f(a)',
  selu: 'selu_f(a)',
  gelu: 'gelu_f(a)',
  silu: 'select(a * sigmoid_f(a), 0.0, is_inf(a) && a < 0.0)',
  softplus: 'softplus_f(a)',
  softsign: 'select(a / (1.0 + abs(a)), sign_f(a), is_inf(a))',
  erfinv: 'erfinv_f(a)',
};
