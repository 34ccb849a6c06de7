/**
 * Batched matmul, plain and fused (`act(op(A) @ op(B) + bias)`), as one tiled kernel.
 *
 * A workgroup computes a tileM x tileN block of one output matrix. Each step along k, the workgroup stages a
 * tileM x tileK block of A and a tileK x tileN block of B in workgroup memory; each thread then accumulates a
 * rowsPerThread x 4 register block (one vec4 of columns per row), so every value read from workgroup memory
 * feeds 4 (A) or rowsPerThread (B) multiply-adds. Global loads are vec4 when the stored matrix's contiguous
 * axis, offset and batch stride are multiples of 4 (so the whole tile row moves in 16-byte loads), else scalar
 * with bounds checks. Transposes only change the load addressing: the staged tiles always have the same layout.
 *
 * Bias and activation are runtime parameters (an absent bias binds a dummy buffer), so plain and fused matmul
 * with any activation share one pipeline per layout variant: fewer shader compiles on a model's first step.
 */
import type { BackendDType, FusedActivation, FusedMatMulArgs, MatMulArgs } from '@lab/core';
import { ACTIVATE_FN, ACTIVATION_CODES, ACTIVATION_LIB } from '../wgsl/activation.js';
import { inputDecl, outputDecl, paramsDecl, storageType } from '../wgsl/common.js';
import { mathLib } from '../wgsl/math.js';
import type { GPUData } from '../data.js';
import type { KernelHost, MatMulTile, Program } from './types.js';

/** Tiling of ordinary shapes unless the plugin options say otherwise: 64-thread workgroups, 4x4 outputs per thread (see README). */
export const DEFAULT_TILE: MatMulTile = { tileM: 32, tileN: 32, tileK: 16, rowsPerThread: 4 };

/**
 * Narrow outputs (n <= 16: classifier heads, their weight gradients, small networks): a 32x32 tile would
 * compute 32 columns to keep 10, so the tile is 8 columns wide (16 threads of 4x4), with a k-step of 8.
 */
export const NARROW_TILE: MatMulTile = { tileM: 32, tileN: 8, tileK: 8, rowsPerThread: 4 };

/**
 * Short outputs (m <= 8: batch-1 inference, vector-matrix products): a 32-row tile would compute 32 rows to keep
 * one, so the tile is 4 rows by 64 columns (16 threads of 4x4).
 */
export const SHORT_TILE: MatMulTile = { tileM: 4, tileN: 64, tileK: 16, rowsPerThread: 4 };

/**
 * The built-in tiling of an `m` x `n` output (per matrix of a batch). Three shape classes keep the pipeline
 * count small (shapes stay uniforms; each class adds at most its own layout variants): short (m <= 8) first,
 * since it wastes most, then narrow (n <= 16), else the default. A small k needs no class of its own: the last
 * k-step of every tiling runs only to K.
 */
export function selectTile(m: number, n: number): MatMulTile {
  if (m <= 8) return SHORT_TILE;
  if (n <= 16) return NARROW_TILE;
  return DEFAULT_TILE;
}

/** Checks a tiling is one the kernel can run. */
export function validateTile(t: MatMulTile, maxInvocations: number, maxSharedBytes: number): void {
  const ok =
    t.tileN % 4 === 0 &&
    t.tileM % t.rowsPerThread === 0 &&
    t.tileK % 4 === 0 &&
    t.tileM % 4 === 0 &&
    (t.tileN / 4) * (t.tileM / t.rowsPerThread) <= maxInvocations &&
    (t.tileM * t.tileK + t.tileK * t.tileN) * 4 <= maxSharedBytes;
  if (!ok) {
    throw new Error(
      `webgpu: matmul tile ${JSON.stringify(t)} is invalid: tileN, tileM and tileK must be multiples of 4, tileM a ` +
        `multiple of rowsPerThread, (tileN/4)*(tileM/rowsPerThread) <= ${maxInvocations} threads and the tiles ` +
        `within ${maxSharedBytes} bytes of workgroup memory`,
    );
  }
}

/** Everything that selects a matmul pipeline. */
export interface MatMulVariant {
  readonly dtype: BackendDType;
  readonly transposeA: boolean;
  readonly transposeB: boolean;
  readonly vecA: boolean;
  readonly vecB: boolean;
  readonly vecOut: boolean;
  readonly tile: MatMulTile;
}

/** Parameter slots. */
const S = { M: 0, N: 1, K: 2, BATCH_BASE: 3, A_OFF: 4, B_OFF: 5, A_BS: 6, B_BS: 7, ALPHA: 8, ACT: 9, HAS_BIAS: 10 } as const;

/** Picks the variant for a call: vec4 loads where the layout allows them. */
export function matmulVariant(a: MatMulArgs, tile: MatMulTile): MatMulVariant {
  const aligned = (off: number, bs: number): boolean => off % 4 === 0 && bs % 4 === 0;
  const aRow = a.transposeA ? a.m : a.k;
  const bRow = a.transposeB ? a.k : a.n;
  return {
    dtype: a.dtype,
    transposeA: a.transposeA,
    transposeB: a.transposeB,
    vecA: aRow % 4 === 0 && aligned(a.aOffset, a.aBatchStride),
    vecB: bRow % 4 === 0 && aligned(a.bOffset, a.bBatchStride),
    vecOut: a.n % 4 === 0,
    tile,
  };
}

/** The pipeline of a variant; `name` labels it in errors (`matmul`, `fusedMatMul`, `conv2d`). */
export function matmulProgram(v: MatMulVariant, name = 'matmul'): Program {
  const t = storageType(v.dtype, name);
  if (t === 'u32') throw new Error(`${name}: dtype bool is not supported by the webgpu backend`);
  const { tileM, tileN, tileK, rowsPerThread } = v.tile;
  const key =
    `matmul|${v.dtype}|${+v.transposeA}${+v.transposeB}|${+v.vecA}${+v.vecB}${+v.vecOut}|` +
    `${tileM}x${tileN}x${tileK}r${rowsPerThread}`;
  return { name, key, nIn: 3, nOut: 1, source: () => matmulSource(v, t) };
}

function matmulSource(v: MatMulVariant, t: 'f32' | 'i32'): string {
  const { tileM: TM, tileN: TN, tileK: TK, rowsPerThread: RPT } = v.tile;
  const WX = TN / 4;
  const WY = TM / RPT;
  const NT = WX * WY;
  const v4 = `vec4<${t}>`;
  const zero = t === 'f32' ? '0.0' : '0i';
  const decls = [
    inputDecl(0, 'A', v.vecA ? v4 : t),
    inputDecl(1, 'B', v.vecB ? v4 : t),
    inputDecl(2, 'bias', t),
    outputDecl(3, 'out', v.vecOut ? v4 : t),
  ];
  const paramBinding = 4;

  // Loads of one k-step's tiles into workgroup memory. `tid` walks the tile so that consecutive threads read
  // consecutive addresses of the stored layout (coalesced).
  let loadA: string;
  if (v.vecA && !v.transposeA) {
    loadA = `for (var e = tid; e < ${(TM * TK) / 4}u; e = e + ${NT}u) {
      let r = e / ${TK / 4}u; let c4 = e % ${TK / 4}u;
      var val = ${v4}(${zero});
      if (row0 + r < M && k0 + c4 * 4u < K) { val = A[(aBase + (row0 + r) * K + k0) / 4u + c4]; }
      As[r][c4 * 4u] = val.x; As[r][c4 * 4u + 1u] = val.y; As[r][c4 * 4u + 2u] = val.z; As[r][c4 * 4u + 3u] = val.w;
    }`;
  } else if (v.vecA) {
    loadA = `for (var e = tid; e < ${(TM * TK) / 4}u; e = e + ${NT}u) {
      let c = e / ${TM / 4}u; let r4 = e % ${TM / 4}u;
      var val = ${v4}(${zero});
      if (k0 + c < K && row0 + r4 * 4u < M) { val = A[(aBase + (k0 + c) * M + row0) / 4u + r4]; }
      As[r4 * 4u][c] = val.x; As[r4 * 4u + 1u][c] = val.y; As[r4 * 4u + 2u][c] = val.z; As[r4 * 4u + 3u][c] = val.w;
    }`;
  } else if (!v.transposeA) {
    loadA = `for (var e = tid; e < ${TM * TK}u; e = e + ${NT}u) {
      let r = e / ${TK}u; let c = e % ${TK}u;
      var val = ${zero};
      if (row0 + r < M && k0 + c < K) { val = A[aBase + (row0 + r) * K + k0 + c]; }
      As[r][c] = val;
    }`;
  } else {
    loadA = `for (var e = tid; e < ${TM * TK}u; e = e + ${NT}u) {
      let c = e / ${TM}u; let r = e % ${TM}u;
      var val = ${zero};
      if (row0 + r < M && k0 + c < K) { val = A[aBase + (k0 + c) * M + row0 + r]; }
      As[r][c] = val;
    }`;
  }
  let loadB: string;
  if (v.vecB && !v.transposeB) {
    loadB = `for (var e = tid; e < ${(TK * TN) / 4}u; e = e + ${NT}u) {
      let r = e / ${TN / 4}u; let c4 = e % ${TN / 4}u;
      var val = ${v4}(${zero});
      if (k0 + r < K && col0 + c4 * 4u < N) { val = B[(bBase + (k0 + r) * N + col0) / 4u + c4]; }
      Bs[r][c4] = val;
    }`;
  } else if (v.vecB) {
    loadB = `for (var e = tid; e < ${(TK * TN) / 4}u; e = e + ${NT}u) {
      let c = e / ${TK / 4}u; let k4 = e % ${TK / 4}u;
      var val = ${v4}(${zero});
      if (col0 + c < N && k0 + k4 * 4u < K) { val = B[(bBase + (col0 + c) * K + k0) / 4u + k4]; }
      let cv = c / 4u; let cc = c % 4u;
      Bs[k4 * 4u][cv][cc] = val.x; Bs[k4 * 4u + 1u][cv][cc] = val.y; Bs[k4 * 4u + 2u][cv][cc] = val.z; Bs[k4 * 4u + 3u][cv][cc] = val.w;
    }`;
  } else if (!v.transposeB) {
    loadB = `for (var e = tid; e < ${TK * TN}u; e = e + ${NT}u) {
      let r = e / ${TN}u; let c = e % ${TN}u;
      var val = ${zero};
      if (k0 + r < K && col0 + c < N) { val = B[bBase + (k0 + r) * N + col0 + c]; }
      Bs[r][c / 4u][c % 4u] = val;
    }`;
  } else {
    loadB = `for (var e = tid; e < ${TK * TN}u; e = e + ${NT}u) {
      let c = e / ${TK}u; let r = e % ${TK}u;
      var val = ${zero};
      if (k0 + r < K && col0 + c < N) { val = B[bBase + (col0 + c) * K + k0 + r]; }
      Bs[r][c / 4u][c % 4u] = val;
    }`;
  }

  const accRows = Array.from({ length: RPT }, (_, i) => i);
  const fma = accRows.map((i) => `acc[${i}] = acc[${i}] + As[ty * ${RPT}u + ${i}u][kk] * bv;`).join('\n        ');
  const epiFn =
    t === 'f32'
      ? `fn epi(v: f32, col: u32, act: u32, has_bias: bool, alpha: f32) -> f32 {
  var x = v;
  if (has_bias) { x = x + bias[col]; }
  return activate(x, act, alpha);
}`
      : `fn epi(v: i32, col: u32, act: u32, has_bias: bool, alpha: f32) -> i32 {
  var x = v;
  if (has_bias) { x = x + bias[col]; }
  if (act == 0u) { return x; }
  return f2i(activate(f32(x), act, alpha));
}`;
  let store: string;
  if (v.vecOut) {
    const e4 = `${v4}(${[0, 1, 2, 3].map((q) => `epi(acc[i][${q}], col + ${q}u, act, has_bias, alpha)`).join(', ')})`;
    store = `if (row < M && col < N) {
      if (plain) { out[(obase + row * N + col) / 4u] = acc[i]; }
      else { out[(obase + row * N + col) / 4u] = ${e4}; }
    }`;
  } else {
    store = `for (var q = 0u; q < 4u; q = q + 1u) {
        if (row < M && col + q < N) { out[obase + row * N + col + q] = epi(acc[i][q], col + q, act, has_bias, alpha); }
      }`;
  }

  return `${decls.join('\n')}
${paramsDecl(paramBinding)}
${mathLib([...ACTIVATION_LIB, ...(t === 'i32' ? ['f2i'] : [])])}
${ACTIVATE_FN}
${epiFn}
var<workgroup> As: array<array<${t}, ${TK}>, ${TM}>;
var<workgroup> Bs: array<array<${v4}, ${WX}>, ${TK}>;

@compute @workgroup_size(${WX}, ${WY}, 1)
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>) {
  let M = p(${S.M}u);
  let N = p(${S.N}u);
  let K = p(${S.K}u);
  let batch = wid.z + p(${S.BATCH_BASE}u);
  let aBase = p(${S.A_OFF}u) + batch * p(${S.A_BS}u);
  let bBase = p(${S.B_OFF}u) + batch * p(${S.B_BS}u);
  let obase = batch * M * N;
  let alpha = pf(${S.ALPHA}u);
  let act = p(${S.ACT}u);
  let has_bias = p(${S.HAS_BIAS}u) != 0u;
  let plain = act == 0u && !has_bias;
  let row0 = wid.y * ${TM}u;
  let col0 = wid.x * ${TN}u;
  let tx = lid.x;
  let ty = lid.y;
  let tid = ty * ${WX}u + tx;
  var acc: array<${v4}, ${RPT}>;
  for (var i = 0u; i < ${RPT}u; i = i + 1u) { acc[i] = ${v4}(${zero}); }
  for (var k0 = 0u; k0 < K; k0 = k0 + ${TK}u) {
    ${loadA}
    ${loadB}
    workgroupBarrier();
    // Full k-steps run a constant trip count (unrollable); the last partial one stops at K instead of
    // multiplying staged zeros (what makes [N,2]x[2,64] cheap without a small-k tiling).
    let kn = min(${TK}u, K - k0);
    if (kn == ${TK}u) {
      for (var kk = 0u; kk < ${TK}u; kk = kk + 1u) {
        let bv = Bs[kk][tx];
        ${fma}
      }
    } else {
      for (var kk = 0u; kk < kn; kk = kk + 1u) {
        let bv = Bs[kk][tx];
        ${fma}
      }
    }
    workgroupBarrier();
  }
  let col = col0 + tx * 4u;
  for (var i = 0u; i < ${RPT}u; i = i + 1u) {
    let row = row0 + ty * ${RPT}u + i;
    ${store}
  }
}`;
}

/** Runs matmul or fusedMatMul (`name` is the kernel reported in errors). */
export function matmul(host: KernelHost, args: MatMulArgs | FusedMatMulArgs, name = 'activation' in args ? 'fusedMatMul' : 'matmul'): void {
  const fused = 'activation' in args;
  const activation: FusedActivation = fused ? args.activation : 'linear';
  const biasId = fused ? args.bias : undefined;
  const a = host.data(args.a, name);
  const b = host.data(args.b, name);
  const out = host.data(args.out, name);
  const bias: GPUData | undefined = biasId !== undefined ? host.data(biasId, name) : undefined;
  if (args.batch * args.m * args.n === 0) return;
  const tile = host.matmulTile(args.m, args.n);
  const program = matmulProgram(matmulVariant(args, tile), name);
  const { tileM, tileN } = tile;
  const gx = Math.ceil(args.n / tileN);
  const gy = Math.ceil(args.m / tileM);
  const max = host.maxWorkgroupsPerDim;
  if (gx > max || gy > max) {
    throw new Error(`${name}: output [${args.m},${args.n}] is too large for one webgpu dispatch`);
  }
  const alpha = fused && args.alpha !== undefined ? args.alpha : 0.2;
  // Batches beyond the z limit go in several dispatches, each told where its batch range starts.
  for (let start = 0; start < args.batch; start += max) {
    const count = Math.min(max, args.batch - start);
    host.run({
      program,
      inputs: [a, b, bias ?? host.dummy()],
      outputs: [out],
      params: (w) => {
        w.u32(S.M, args.m);
        w.u32(S.N, args.n);
        w.u32(S.K, args.k);
        w.u32(S.BATCH_BASE, start);
        w.u32(S.A_OFF, args.aOffset);
        w.u32(S.B_OFF, args.bOffset);
        w.u32(S.A_BS, args.aBatchStride);
        w.u32(S.B_BS, args.bBatchStride);
        w.f32(S.ALPHA, alpha);
        w.u32(S.ACT, ACTIVATION_CODES[activation]);
        w.u32(S.HAS_BIAS, bias ? 1 : 0);
      },
      workgroups: [gx, gy, count],
    });
  }
}
