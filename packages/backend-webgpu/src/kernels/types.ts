/**
 * What a kernel module sees of the backend: data lookup and one `run` that encodes a dispatch. Kernel modules
 * build a {@link Program} (WGSL source plus the cache key that identifies it) and its parameters.
 */
import type { DataId } from '@lab/core';
import type { GPUData } from '../data.js';

/** Writes one dispatch's parameter block (see wgsl/common.ts `paramsDecl`). */
export interface ParamWriter {
  u32(slot: number, value: number): void;
  i32(slot: number, value: number): void;
  f32(slot: number, value: number): void;
}

/**
 * A compute pipeline's recipe. Bindings are fixed by convention: inputs at 0..nIn-1 (read-only storage), outputs
 * at nIn..nIn+nOut-1 (read-write storage), the parameter block (uniform) at nIn+nOut.
 */
export interface Program {
  /** Kernel name, used in error messages and object labels (`binary:add`, `matmul`). */
  readonly name: string;
  /** Cache key: must change whenever the source would. */
  readonly key: string;
  readonly nIn: number;
  readonly nOut: number;
  /** Builds the WGSL source; only called on a cache miss. */
  source(): string;
}

/** One dispatch of a program. */
export interface Dispatch {
  readonly program: Program;
  readonly inputs: readonly GPUData[];
  readonly outputs: readonly GPUData[];
  /** True when the kernel writes only part of its outputs (copy/fill into windows, scatter): they must be zero-valid. */
  readonly partialOutputs?: boolean;
  readonly params?: (w: ParamWriter) => void;
  readonly workgroups: readonly [number, number, number];
}

/** Matmul tiling: a workgroup computes tileM x tileN outputs, each thread rowsPerThread x 4 of them. */
export interface MatMulTile {
  readonly tileM: number;
  readonly tileN: number;
  readonly tileK: number;
  readonly rowsPerThread: number;
}

/** The backend as kernels see it. */
export interface KernelHost {
  /** The GPUData behind a DataId, or a clear error naming `op` (freed, foreign, from a lost device). */
  data(id: DataId, op: string): GPUData;
  /** Encodes one dispatch into the current batch. */
  run(d: Dispatch): void;
  /** Copies bytes between two buffers inside the current batch (kept in order with the dispatches). */
  copyBuffer(src: GPUData, dst: GPUData, bytes: number): void;
  /** A temporary buffer for a kernel's own use; give it back with {@link KernelHost.releaseTemp}. */
  temp(size: number, like: GPUData): GPUData;
  releaseTemp(d: GPUData): void;
  /** A small zero buffer to bind where an optional input (a bias) is absent; never written. */
  dummy(): GPUData;
  readonly maxWorkgroupsPerDim: number;
  /** The matmul tiling for an output of `m` rows and `n` columns: the configured one, or the shape class's. */
  matmulTile(m: number, n: number): MatMulTile;
}
