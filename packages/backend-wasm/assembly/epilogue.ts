// Bias + activation applied to finished output rows of fused matmul and conv2d.
import { F32 } from './common';
import { unaryF64, RELU, RELU6, SIGMOID, TANH, GELU, ELU } from './unary';
import { tanhV, sigmoidV } from './math';

export const ACT_LINEAR = 0, ACT_RELU = 1, ACT_RELU6 = 2, ACT_SIGMOID = 3, ACT_TANH = 4, ACT_GELU = 5, ACT_ELU = 6, ACT_LEAKY = 7;

@inline function actScalar(act: i32, x: f64, alpha: f64): f64 {
  switch (act) {
    case ACT_RELU: return unaryF64(RELU, x);
    case ACT_RELU6: return unaryF64(RELU6, x);
    case ACT_SIGMOID: return unaryF64(SIGMOID, x);
    case ACT_TANH: return unaryF64(TANH, x);
    case ACT_GELU: return unaryF64(GELU, x);
    case ACT_ELU: return unaryF64(ELU, x);
    case ACT_LEAKY: return x < 0 ? alpha * x : x;
    default: return x;
  }
}

/**
 * rows [r0, r1) of a contiguous [*, n] output: x = act(x + bias[j]). `bias` 0 means no bias. The f32 SIMD paths
 * use the same formulas as the unary kernels so fused and unfused results agree.
 */
export function epilogue(dtype: i32, out: usize, n: i32, r0: i32, r1: i32, bias: usize, act: i32, alpha: f64): void {
  if (bias == 0 && act == ACT_LINEAR) return;
  for (let r = r0; r < r1; r++) {
    if (dtype == F32) {
      const row = out + (<usize>(r * n) << 2);
      let j = 0;
      for (; j + 4 <= n; j += 4) {
        const p = row + (<usize>j << 2);
        let v = v128.load(p);
        if (bias != 0) v = f32x4.add(v, v128.load(bias + (<usize>j << 2)));
        if (act == ACT_RELU) v = v128.andnot(v, f32x4.le(v, f32x4.splat(0))); // unary.ts's relu: NaN kept, x <= 0 to +0
        else if (act == ACT_SIGMOID) v = sigmoidV(v);
        else if (act == ACT_TANH) v = tanhV(v);
        else if (act != ACT_LINEAR) {
          v = f32x4.replace_lane(v, 0, <f32>actScalar(act, <f64>f32x4.extract_lane(v, 0), alpha));
          v = f32x4.replace_lane(v, 1, <f32>actScalar(act, <f64>f32x4.extract_lane(v, 1), alpha));
          v = f32x4.replace_lane(v, 2, <f32>actScalar(act, <f64>f32x4.extract_lane(v, 2), alpha));
          v = f32x4.replace_lane(v, 3, <f32>actScalar(act, <f64>f32x4.extract_lane(v, 3), alpha));
        }
        v128.store(p, v);
      }
      for (; j < n; j++) {
        const p = row + (<usize>j << 2);
        let v = load<f32>(p);
        if (bias != 0) v += load<f32>(bias + (<usize>j << 2));
        if (act == ACT_RELU) v = <f32>unaryF64(RELU, <f64>v);
        else if (act == ACT_SIGMOID) v = f32x4.extract_lane(sigmoidV(f32x4.splat(v)), 0);
        else if (act == ACT_TANH) v = f32x4.extract_lane(tanhV(f32x4.splat(v)), 0);
        else v = <f32>actScalar(act, <f64>v, alpha);
        store<f32>(p, v);
      }
    } else {
      const row = out + (<usize>(r * n) << 3);
      for (let j = 0; j < n; j++) {
        const p = row + (<usize>j << 3);
        let v = load<f64>(p);
        if (bias != 0) v += load<f64>(bias + (<usize>j << 3));
        store<f64>(p, actScalar(act, v, alpha));
      }
    }
  }
}
