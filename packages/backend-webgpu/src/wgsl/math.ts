/**
 * WGSL math library: the functions the kernels need beyond WGSL's builtins, each with the edge cases of the cpu
 * backend (JS Math semantics) written out, because WGSL leaves NaN/Inf behaviour to the implementation and
 * SwiftShader's builtins do return finite garbage there (`log(0)` = -88, `log(-1)` = 0, `tanh(100)` = NaN).
 *
 * Functions are registered with their dependencies; {@link mathLib} emits only the ones a kernel uses, in
 * dependency order, so small kernels stay small (shader compiles are the slow part of a first run).
 */
import { FLOAT_BITS } from './common.js';
import { UNARY_LIB } from './unary-lib.js';

/** One library entry: WGSL functions and the entries they call. */
export interface Snippet {
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
  ...UNARY_LIB,
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

/** Every library function name, mapped to the entry that defines it. */
const DEFINED_IN: ReadonlyMap<string, string> = new Map(
  Object.entries(LIB).flatMap(([entry, s]) => [...s.code.matchAll(/\bfn\s+(\w+)\s*\(/g)].map((m) => [m[1], entry] as const)),
);

/** The library entries a WGSL expression calls (builtins and unknown names are left out). */
export function libFor(expr: string): string[] {
  const out = new Set<string>();
  for (const m of expr.matchAll(/\b(\w+)\s*\(/g)) {
    const entry = DEFINED_IN.get(m[1]);
    if (entry !== undefined) out.add(entry);
  }
  return [...out];
}
