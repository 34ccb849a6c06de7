/**
 * WGSL pieces every kernel shares: how dtypes are stored, the parameter block, the linear invocation index and
 * the float bit tests.
 *
 * Why bit tests: WGSL lets implementations assume floats are finite, and SwiftShader does (measured: `x != x` is
 * false for NaN, `max(NaN, 1)` is 1, `log(0)` is -88 and `tanh(100)` is NaN). Every NaN/Inf rule of the cpu
 * backend is therefore spelled out with integer tests on the bits, which no compiler may fold away.
 */
import type { BackendDType } from '@lab/core';

/** The WGSL type a dtype is stored as: bool is one u32 (0 or 1) per element, so kernels index it directly. */
export type StorageType = 'f32' | 'i32' | 'u32';

/** Storage type of a dtype the backend supports; throws naming the op otherwise. */
export function storageType(dtype: BackendDType, op = 'webgpu'): StorageType {
  switch (dtype) {
    case 'float32':
      return 'f32';
    case 'int32':
      return 'i32';
    case 'bool':
      return 'u32';
    default:
      throw new Error(`${op}: dtype ${dtype} is not supported by the webgpu backend (float32, int32 and bool are)`);
  }
}

/** Number of u32 slots in a kernel's parameter block (a 256-byte uniform binding). */
export const PARAM_WORDS = 64;
/** Bytes of one parameter block: equal to the usual minUniformBufferOffsetAlignment, so blocks pack densely. */
export const PARAM_BYTES = PARAM_WORDS * 4;

/**
 * The parameter block: shapes, strides, offsets and scalars of one dispatch. Passing them as data (not baked into
 * the source) is what lets one pipeline serve every shape. Uniform arrays need a 16-byte element stride, hence
 * vec4 packing with `p(i)` to address single words.
 */
export function paramsDecl(binding: number): string {
  return /* wgsl */ `
struct Params { v: array<vec4<u32>, ${PARAM_WORDS / 4}> }
@group(0) @binding(${binding}) var<uniform> P: Params;
fn p(i: u32) -> u32 { return P.v[i / 4u][i % 4u]; }
fn pi(i: u32) -> i32 { return bitcast<i32>(P.v[i / 4u][i % 4u]); }
fn pf(i: u32) -> f32 { return bitcast<f32>(P.v[i / 4u][i % 4u]); }
`;
}

/**
 * NaN/Inf helpers. The constants live in private variables: a const-expression that evaluates to NaN or Inf is a
 * shader-creation error in WGSL, a private variable's value is not a const-expression.
 */
export const FLOAT_BITS = /* wgsl */ `
var<private> NAN_BITS: u32 = 0x7fc00000u;
var<private> INF_BITS: u32 = 0x7f800000u;
fn nan_f() -> f32 { return bitcast<f32>(NAN_BITS); }
fn inf_f() -> f32 { return bitcast<f32>(INF_BITS); }
fn is_nan(x: f32) -> bool { return (bitcast<u32>(x) & 0x7fffffffu) > 0x7f800000u; }
fn is_inf(x: f32) -> bool { return (bitcast<u32>(x) & 0x7fffffffu) == 0x7f800000u; }
fn is_finite(x: f32) -> bool { return (bitcast<u32>(x) & 0x7fffffffu) < 0x7f800000u; }
// x != 0 with NaN counting as nonzero (JS truthiness of numbers, minus the NaN exception: TF casts NaN to true).
fn nz_f(x: f32) -> bool { return (bitcast<u32>(x) & 0x7fffffffu) != 0u; }
// NaN-propagating max/min; equal operands merge sign bits so max(-0, 0) = 0 and min(-0, 0) = -0 like Math.max/min.
fn max_f(a: f32, b: f32) -> f32 {
  if (is_nan(a)) { return a; }
  if (is_nan(b)) { return b; }
  if (a == b) { return bitcast<f32>(bitcast<u32>(a) & bitcast<u32>(b)); }
  return select(b, a, a > b);
}
fn min_f(a: f32, b: f32) -> f32 {
  if (is_nan(a)) { return a; }
  if (is_nan(b)) { return b; }
  if (a == b) { return bitcast<f32>(bitcast<u32>(a) | bitcast<u32>(b)); }
  return select(b, a, a < b);
}
`;

/** Workgroup size of the one-thread-per-element kernels. */
export const EW_WORKGROUP = 256;

/**
 * The builtins and the linear invocation index of a 1-D kernel spread over a 2-D grid (dispatches are capped at
 * 65535 workgroups per dimension, so big tensors use y as well).
 */
export const LINEAR_MAIN_ARGS =
  '@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) lix: u32, @builtin(num_workgroups) nwg: vec3<u32>';
export const LINEAR_INDEX = `let gi = (wid.y * nwg.x + wid.x) * ${EW_WORKGROUP}u + lix;`;

/** Workgroup counts [x, y, 1] covering `groups` workgroups within the per-dimension limit. */
export function grid(groups: number, maxPerDim: number): [number, number, number] {
  if (groups <= maxPerDim) return [Math.max(groups, 1), 1, 1];
  const y = Math.ceil(groups / maxPerDim);
  return [Math.ceil(groups / y), y, 1];
}

/** Workgroup counts for `n` invocations of the linear kernels. */
export function linearGrid(n: number, maxPerDim: number): [number, number, number] {
  return grid(Math.ceil(n / EW_WORKGROUP), maxPerDim);
}

/** Declares a read-only storage binding. */
export function inputDecl(binding: number, name: string, type: string): string {
  return `@group(0) @binding(${binding}) var<storage, read> ${name}: array<${type}>;`;
}

/** Declares a read-write storage binding. */
export function outputDecl(binding: number, name: string, type: string): string {
  return `@group(0) @binding(${binding}) var<storage, read_write> ${name}: array<${type}>;`;
}

/**
 * Converts a value of storage type `from` to storage type `to` with the cpu backend's rules: float to int
 * truncates with JS ToInt32 wrapping (NaN and Inf give 0), anything to bool is `!= 0` (NaN is true).
 */
export function convertExpr(expr: string, from: StorageType, to: StorageType): string {
  if (from === to) return expr;
  if (to === 'u32') {
    if (from === 'f32') return `u32(nz_f(${expr}))`;
    return `u32(${expr} != 0i)`;
  }
  if (to === 'f32') return `f32(${expr})`;
  // to i32
  if (from === 'f32') return `f2i(${expr})`;
  return `i32(${expr})`;
}
