/**
 * The WebGPU backend's options and the counters its `stats()` returns.
 */
import type { DeviceOptions } from './device.js';
import type { MatMulTile } from './kernels/types.js';

/** Options of the WebGPU backend. */
export interface WebGPUBackendOptions extends DeviceOptions {
  /** Kernels encoded before a submit is forced (default 64). Reads and `sync()` submit earlier. */
  readonly maxKernelsPerSubmit?: number;
  /** Bytes of idle buffers the pool keeps for reuse (default 256 MiB). */
  readonly poolBytes?: number;
  /** Compile the common pipelines asynchronously during `create` (default true). */
  readonly prewarm?: boolean;
  /** Matmul tiling (default 32x32 outputs, k-step 16, 4 rows per thread); see the README on tuning it. */
  readonly matmulTile?: MatMulTile;
  /**
   * Synchronous reads (`dataSync()`, `arraySync()`, `item()`, `toString()`) through a canvas, in browsers. Each one
   * stalls the GPU pipeline (see the README). Default: on where a one-time probe (a known pattern through the
   * canvases, on a throwaway device, before the backend's own) reads back exactly; with a `device` of yours only
   * if an earlier backend's probe on this page passed (a failing probe loses every device of the page). `true`:
   * on without the probe (you know the canvases work); `false`: off, so every synchronous read fails with core's
   * message naming the async call (a way to find them). Node (Dawn has no canvas) never reads synchronously.
   */
  readonly syncRead?: boolean;
  /** Elements one synchronous read moves per canvas pass (default and most 16M; a larger buffer goes in chunks). */
  readonly syncReadChunk?: number;
}

/** Counters for tuning and tests: how many submits and compiles a workload costs. */
export interface WebGPUStats {
  /** Command buffers submitted. */
  submits: number;
  /** Kernel dispatches encoded. */
  kernels: number;
  /** Pipelines compiled, synchronously on a cache miss plus asynchronously by prewarm. */
  pipelineCompiles: number;
  syncCompiles: number;
  asyncCompiles: number;
  /** Pipeline lookups served from the cache. */
  pipelineCacheHits: number;
  /** GPU buffers created, and allocations served from the pool instead. */
  buffersCreated: number;
  buffersReused: number;
  /** Idle pooled buffers and their bytes. */
  pooledBuffers: number;
  pooledBytes: number;
  /** Live (allocated, not freed) buffers and their bytes. */
  liveBuffers: number;
  liveBytes: number;
  /** Reads (GPU to host) and writes (host to GPU). */
  reads: number;
  writes: number;
  /** Buffers cleared with clearBuffer because they came back from the pool dirty and were read before written. */
  clears: number;
}
