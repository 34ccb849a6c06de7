// exp(x - c) for x <= c, the hot loop of softmax, logSoftmax and logSumExp rows (c is the row's max).
//
// Why not math.ts's expV: that one takes any x (overflow, subnormals), at ~29 SIMD operations per vector. Here
// the argument is never positive, so the work is ~19 operations:
// - reduction in base 2: y = (x - c) * log2(e), n = round(y), r = y - n, exp = 2^n * 2^r. Rounding y costs at
//   most |y| * 2^-24 of relative error, which only grows where the result is already tiny next to the row's
//   largest entry (e^-10 at |y| = 14): measured against float64, at most 3.2 ulp for |x - c| < 2, 4e-6 relative
//   for results near 1e-38, and never more than 2.3e-8 of the row's largest value.
// - 2^r on [-1/2, 1/2] by a degree-5 polynomial fitted for minimax relative error (9.2e-8).
// - one pmax clamps y at -127: then 2^n is built by shifting n + 127 into the exponent field, and n = -127 gives
//   the bit pattern 0, i.e. exactly +0 (so -Inf entries, masked attention scores, give exactly 0). Results
//   below 2^-126 flush to 0, which no softmax output can show. Rows whose smallest entry keeps y >= -127 skip the
//   clamp (rowNeedsClamp): it would change no bit there.
// - a NaN stays NaN (pmax keeps its first operand when the comparison is false) and reaches the row's sum.

/** 1.5 * 2^23 + 127: adding it rounds to an integer and leaves n + 127 in the low mantissa bits. */
const MAGIC: f32 = 12583039.0;
const LOG2E: f32 = 1.44269504088896341;

/** 2^(y) for a vector of y in [-127, 0]: the caller clamps. */
@inline function exp2Clamped(y: v128): v128 {
  const t = f32x4.add(y, f32x4.splat(MAGIC));
  // nearest (one roundps) gives the same n as t - MAGIC, both round half to even, and measured ~3% faster
  const r = f32x4.sub(y, f32x4.nearest(y));
  let p = f32x4.add(f32x4.mul(f32x4.splat(0.0013264658628031611), r), f32x4.splat(0.00967156607657671));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(0.055507343262434006));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(0.24022240936756134));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(0.6931470036506653));
  const e = f32x4.add(f32x4.mul(p, r), f32x4.splat(1.0));
  return f32x4.mul(e, i32x4.shl(t, 23));
}

/** exp(x - c) per lane, for x <= c (see the file comment). `vc` is c splatted. */
@inline export function expShiftedV(x: v128, vc: v128): v128 {
  return exp2Clamped(f32x4.pmax(f32x4.mul(f32x4.sub(x, vc), f32x4.splat(LOG2E)), f32x4.splat(-127.0)));
}

/**
 * expShiftedV without the clamp: the same bits when every lane's (x - c) * log2(e) is >= -127, which
 * {@link rowNeedsClamp} checks once per row. One SIMD operation less per vector (of ~19, in a loop bound by the
 * FP pipes) measured 3-7% off a softmax row (in CPU time, against the clamped loop in one process).
 */
@inline function expShiftedNoClampV(x: v128, vc: v128): v128 {
  return exp2Clamped(f32x4.mul(f32x4.sub(x, vc), f32x4.splat(LOG2E)));
}

/** The smallest entry of the row that {@link rowMaxF32} last scanned (NaN ignored; +Infinity for n = 0). */
let lastRowMin: f32 = Infinity;

/**
 * Whether exp(x - c) over the row that {@link rowMaxF32} last scanned needs the clamp at -127: rounding is
 * monotonic, so when the smallest entry gives (min - c) * log2(e) >= -127 every entry does, and the clamp would
 * change nothing. True for -Infinity entries (masked scores), ranges wider than ~88, and NaN (a row of -Infinity).
 */
@inline export function rowNeedsClamp(c: f32): bool {
  return !((lastRowMin - c) * LOG2E >= -127.0);
}

/**
 * Largest of n contiguous f32, ignoring NaN: a NaN entry reaches every output through the row's sum instead
 * (exp(NaN - c) is NaN), which saves the NaN test per vector. -Infinity for n = 0. The smallest entry is kept for
 * {@link rowNeedsClamp}: one pmin per vector in a loop bound by loads and stores, not by the FP pipes, where it
 * costs less than the clamp it saves in the exp loop. With `o` != 0, the same loop
 * also multiplies the n floats at `o` by `scale` in place (softmax's last pass over the previous row): the next
 * row's loads then overlap with that store-bound pass, which measured 13% off a 1000x1000 softmax. Both uses share
 * this one loop, so a row's max never depends on which rows a thread was given.
 */
@inline export function rowMaxF32(x: usize, n: i32, o: usize = 0, scale: f32 = 1): f32 {
  let i = 0;
  let v0 = f32x4.splat(-Infinity);
  let v1 = f32x4.splat(-Infinity);
  let v2 = f32x4.splat(-Infinity);
  let v3 = f32x4.splat(-Infinity);
  let w0 = f32x4.splat(Infinity);
  let w1 = f32x4.splat(Infinity);
  const vs = f32x4.splat(scale);
  // four accumulators, 16 floats per iteration: fewer loop back-edges (each also checks for interrupts in V8).
  // pmax is one maxps on x64 (f32x4.max is several: it has to order NaN and -0). pmin(a0, a2) returns a0 when
  // a0 is NaN, hiding a2 from the min: harmless, since a row with a NaN gives NaN everywhere, clamped or not.
  for (; i + 16 <= n; i += 16) {
    const p = x + (<usize>i << 2);
    if (o != 0) {
      const q = o + (<usize>i << 2);
      v128.store(q, f32x4.mul(v128.load(q), vs));
      v128.store(q, f32x4.mul(v128.load(q, 16), vs), 16);
      v128.store(q, f32x4.mul(v128.load(q, 32), vs), 32);
      v128.store(q, f32x4.mul(v128.load(q, 48), vs), 48);
    }
    const a0 = v128.load(p);
    const a1 = v128.load(p, 16);
    const a2 = v128.load(p, 32);
    const a3 = v128.load(p, 48);
    v0 = f32x4.pmax(v0, a0);
    v1 = f32x4.pmax(v1, a1);
    v2 = f32x4.pmax(v2, a2);
    v3 = f32x4.pmax(v3, a3);
    w0 = f32x4.pmin(w0, f32x4.pmin(a0, a2));
    w1 = f32x4.pmin(w1, f32x4.pmin(a1, a3));
  }
  // then 4 at a time: a 1000-wide row would otherwise end in 8 scalar steps
  for (; i + 4 <= n; i += 4) {
    if (o != 0) {
      const q = o + (<usize>i << 2);
      v128.store(q, f32x4.mul(v128.load(q), vs));
    }
    const a = v128.load(x + (<usize>i << 2));
    v0 = f32x4.pmax(v0, a);
    w0 = f32x4.pmin(w0, a);
  }
  // lanes are never NaN (the accumulators keep their value for a NaN), so shuffles reduce exactly like max/min
  let v = f32x4.pmax(f32x4.pmax(v0, v1), f32x4.pmax(v2, v3));
  v = f32x4.pmax(v, v128.shuffle<f32>(v, v, 2, 3, 0, 1));
  let m = f32x4.extract_lane(f32x4.pmax(v, v128.shuffle<f32>(v, v, 1, 0, 3, 2)), 0);
  let w = f32x4.pmin(w0, w1);
  w = f32x4.pmin(w, v128.shuffle<f32>(w, w, 2, 3, 0, 1));
  let lo = f32x4.extract_lane(f32x4.pmin(w, v128.shuffle<f32>(w, w, 1, 0, 3, 2)), 0);
  for (; i < n; i++) {
    const e = load<f32>(x + (<usize>i << 2));
    if (e > m) m = e;
    if (e < lo) lo = e;
    if (o != 0) store<f32>(o + (<usize>i << 2), load<f32>(o + (<usize>i << 2)) * scale);
  }
  lastRowMin = lo;
  return m;
}

/** exp(x - c) per lane, clamped or not (a constant at every call site: the branch folds away). */
@inline function expV(x: v128, vc: v128, clamp: bool): v128 {
  return clamp ? expShiftedV(x, vc) : expShiftedNoClampV(x, vc);
}

/**
 * Sum of exp(x[i] - c) over n contiguous f32, c the max of the row that {@link rowMaxF32} last scanned; with
 * `keep`, each term is also stored to `o`. Terms add in eight f32 lanes: for n terms the error stays ~n/8 ulp of
 * the sum, inside the accumulation tolerance, and much cheaper than widening every vector to f64. Inlined: rows of
 * a transformer's attention are short (128), where a call per row shows.
 */
@inline export function rowExpSumF32(x: usize, o: usize, n: i32, c: f32, keep: bool): f64 {
  const clamp = rowNeedsClamp(c);
  if (keep) return clamp ? expSum(x, o, n, c, true, true) : expSum(x, o, n, c, true, false);
  return clamp ? expSum(x, o, n, c, false, true) : expSum(x, o, n, c, false, false);
}

/** {@link rowExpSumF32} with both choices constant. */
@inline function expSum(x: usize, o: usize, n: i32, c: f32, keep: bool, clamp: bool): f64 {
  const vc = f32x4.splat(c);
  let s0 = f32x4.splat(0), s1 = f32x4.splat(0);
  let i = 0;
  if (keep) {
    for (; i + 16 <= n; i += 16) {
      const p = x + (<usize>i << 2);
      const q = o + (<usize>i << 2);
      const e0 = expV(v128.load(p), vc, clamp);
      const e1 = expV(v128.load(p, 16), vc, clamp);
      const e2 = expV(v128.load(p, 32), vc, clamp);
      const e3 = expV(v128.load(p, 48), vc, clamp);
      v128.store(q, e0);
      v128.store(q, e1, 16);
      v128.store(q, e2, 32);
      v128.store(q, e3, 48);
      s0 = f32x4.add(s0, f32x4.add(e0, e2));
      s1 = f32x4.add(s1, f32x4.add(e1, e3));
    }
    for (; i + 4 <= n; i += 4) {
      const e0 = expV(v128.load(x + (<usize>i << 2)), vc, clamp);
      v128.store(o + (<usize>i << 2), e0);
      s0 = f32x4.add(s0, e0);
    }
  } else {
    for (; i + 16 <= n; i += 16) {
      const p = x + (<usize>i << 2);
      s0 = f32x4.add(s0, f32x4.add(expV(v128.load(p), vc, clamp), expV(v128.load(p, 32), vc, clamp)));
      s1 = f32x4.add(s1, f32x4.add(expV(v128.load(p, 16), vc, clamp), expV(v128.load(p, 48), vc, clamp)));
    }
    for (; i + 4 <= n; i += 4) s0 = f32x4.add(s0, expV(v128.load(x + (<usize>i << 2)), vc, clamp));
  }
  const st = f32x4.add(s0, s1);
  let sum = <f64>f32x4.extract_lane(st, 0) + <f64>f32x4.extract_lane(st, 1) + <f64>f32x4.extract_lane(st, 2) + <f64>f32x4.extract_lane(st, 3);
  // the tail through the same vector code, so a term never depends on where a row ends
  for (; i < n; i++) {
    const e = f32x4.extract_lane(expShiftedV(f32x4.splat(load<f32>(x + (<usize>i << 2))), vc), 0);
    if (keep) store<f32>(o + (<usize>i << 2), e);
    sum += <f64>e;
  }
  return sum;
}
