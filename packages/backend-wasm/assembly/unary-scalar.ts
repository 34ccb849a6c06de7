// The double-precision semantics of every unary op, one function `<op>F64` per op of core's UNARY_OP_DEFS: the
// generated dispatch (generated/unary-codes.ts) calls each by that name, so a listed op without its function here
// fails the AssemblyScript compile. Each is inlined into the dispatch (one call site).
import { erf64 } from './math';

@inline export function negF64(x: f64): f64 { return -x; }
@inline export function absF64(x: f64): f64 { return Math.abs(x); }
@inline export function signF64(x: f64): f64 { return x > 0 ? 1.0 : x < 0 ? -1.0 : x; } // Math.sign: NaN and -0 pass through
@inline export function sqrtF64(x: f64): f64 { return Math.sqrt(x); }
@inline export function reciprocalF64(x: f64): f64 { return 1.0 / x; }
@inline export function expF64(x: f64): f64 { return Math.exp(x); }
@inline export function logF64(x: f64): f64 { return Math.log(x); }
@inline export function sinF64(x: f64): f64 { return Math.sin(x); }
@inline export function cosF64(x: f64): f64 { return Math.cos(x); }
@inline export function tanhF64(x: f64): f64 { return Math.tanh(x); }
@inline export function atanF64(x: f64): f64 { return Math.atan(x); }
@inline export function erfF64(x: f64): f64 { return erf64(x); }
@inline export function floorF64(x: f64): f64 { return Math.floor(x); }
@inline export function ceilF64(x: f64): f64 { return Math.ceil(x); }
@inline export function roundF64(x: f64): f64 { return nearest<f64>(x); }
@inline export function logicalNotF64(x: f64): f64 { return x == 0 ? 1.0 : 0.0; }
@inline export function isNaNF64(x: f64): f64 { return x != x ? 1.0 : 0.0; }
@inline export function isFiniteF64(x: f64): f64 { return isFinite(x) ? 1.0 : 0.0; }
@inline export function squareF64(x: f64): f64 { return x * x; }
@inline export function rsqrtF64(x: f64): f64 { return 1.0 / Math.sqrt(x); }
@inline export function expm1F64(x: f64): f64 { return Math.expm1(x); }
@inline export function log1pF64(x: f64): f64 { return Math.log1p(x); }
@inline export function tanF64(x: f64): f64 { return Math.tan(x); }
@inline export function asinF64(x: f64): f64 { return Math.asin(x); }
@inline export function acosF64(x: f64): f64 { return Math.acos(x); }
@inline export function sinhF64(x: f64): f64 { return Math.sinh(x); }
@inline export function coshF64(x: f64): f64 { return Math.cosh(x); }
@inline export function asinhF64(x: f64): f64 { return Math.asinh(x); }
@inline export function acoshF64(x: f64): f64 { return Math.acosh(x); }
@inline export function atanhF64(x: f64): f64 { return Math.atanh(x); }
@inline export function truncF64(x: f64): f64 { return Math.trunc(x); }
@inline export function isInfF64(x: f64): f64 { return x == Infinity || x == -Infinity ? 1.0 : 0.0; }
@inline export function sigmoidF64(x: f64): f64 { return 1.0 / (1.0 + Math.exp(-x)); }
@inline export function reluF64(x: f64): f64 { return x > 0 ? x : x != x ? x : 0.0; }
@inline export function relu6F64(x: f64): f64 { return x != x ? x : x > 6.0 ? 6.0 : x > 0 ? x : 0.0; }
@inline export function eluF64(x: f64): f64 { return x > 0 ? x : Math.expm1(x); }
@inline export function seluF64(x: f64): f64 { return x > 0 ? 1.0507009873554805 * x : 1.7580993408473766 * Math.expm1(x); }
@inline export function geluF64(x: f64): f64 { return 0.5 * x * (1.0 + erf64(x * 0.7071067811865476)); }
@inline export function siluF64(x: f64): f64 { return x / (1.0 + Math.exp(-x)); }
@inline export function softplusF64(x: f64): f64 { return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x)); }
@inline export function softsignF64(x: f64): f64 { return isFinite(x) ? x / (1.0 + Math.abs(x)) : x != x ? x : x > 0 ? 1.0 : -1.0; }

// erfinv: x P(t) over three ranges of w = -log(1 - x^2) (Giles' layout, GPU Computing Gems 2011), with lab's own
// least-squares fits of erfinv(x) / x; the same polynomials as the cpu backend (kernels/unary.ts), < 7e-16 relative.
@inline function erfinvCentral(t: f64): f64 { // w < 6.25, t = w - 3.125
  return 1.6536545626831027 + t * (0.2401581824255897 + t * (-0.006033670871426835 + t * (-0.0007407025341668028 + t * (0.00018673420802049328 + t * (-1.3882523361584087e-05 + t * (-1.3654691784237959e-06 + t * (4.234787770422557e-07 + t * (-2.9070387698927485e-08 + t * (-4.112633280947279e-09 + t * (1.0512207513845116e-09 + t * (-5.415435817169476e-11 + t * (-1.2977659196547482e-11 + t * (2.633559907621316e-12 + t * (-8.103600627687836e-14 + t * (-4.0552462575666954e-14 + t * (6.578224282734588e-15 + t * (2.1532989801742722e-17 + t * (-1.2878201282360963e-16 + t * (1.113205089717972e-17 + t * (1.0902127289425494e-18 + t * (-1.6799573252473116e-19)))))))))))))))))))));
}
@inline function erfinvTail(t: f64): f64 { // 6.25 <= w < 16, t = sqrt(w) - 3.25
  return 3.0838856104922208 + t * (1.0052589676941592 + t * (0.005370914553563052 + t * (-0.0037512085075576363 + t * (0.0024914420973908375 + t * (-0.001688275556321603 + t * (0.0009532893562763403 + t * (-0.00035503751692834046 + t * (2.40313252930244e-05 + t * (6.82848304945795e-05 + t * (-4.7319334808778655e-05 + t * (1.2475377015983698e-05 + t * (2.9267872287550303e-06 + t * (-4.014010335785518e-06 + t * (1.496852686475154e-06 + t * (1.8388706833090645e-08 + t * (-2.6958109708570234e-07 + t * (9.069252863037179e-08)))))))))))))))));
}
@inline function erfinvFarTail(t: f64): f64 { // w >= 16, t = sqrt(w) - 5
  return 4.849906401408584 + t * (1.0103004648645317 + t * (-0.0001387193184378908 + t * (-0.00021503011920300506 + t * (7.59952791946173e-05 + t * (-1.9681779155833582e-05 + t * (4.5260451036316056e-06 + t * (-9.929777781884417e-07 + t * (2.2907404498031655e-07 + t * (-6.772390272866608e-08 + t * (2.8999557872969234e-08 + t * (-1.4944774640329634e-08 + t * (7.791602339677166e-09 + t * (-3.799376309885496e-09 + t * (1.3992494503570262e-09 + t * (-2.529963272541642e-10)))))))))))))));
}
export function erfinvF64(x: f64): f64 {
  const ax = Math.abs(x);
  if (!(ax < 1.0)) return ax == 1.0 ? x * Infinity : NaN;
  const w = ax < 0.5 ? -Math.log1p(-x * x) : -Math.log((1.0 - ax) * (1.0 + ax));
  const p = w < 6.25 ? erfinvCentral(w - 3.125) : w < 16.0 ? erfinvTail(Math.sqrt(w) - 3.25) : erfinvFarTail(Math.sqrt(w) - 5.0);
  return x * p;
}
