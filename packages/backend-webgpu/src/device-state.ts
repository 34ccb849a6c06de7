/**
 * Everything bound to one GPUDevice: its buffer pools, pipeline cache, parameter buffer and limits. The backend
 * replaces it wholesale when the device is lost and re-created (`reinit`), and every GPUData carries the
 * generation it was made in, so data of an old device is refused instead of misused.
 */
import { BufferPool } from './buffer-pool.js';
import type { PooledBuffer } from './buffer-pool.js';
import { GPUData } from './data.js';
import type { DeviceContext } from './device.js';
import { PipelineCache } from './pipeline-cache.js';
import { PARAM_BYTES } from './wgsl/common.js';

// GPUBufferUsage / GPUMapMode values as literals: the module must load before Dawn installs its globals.
const USAGE_MAP_READ = 0x0001;
/** GPUBufferUsage.COPY_SRC. */
export const USAGE_COPY_SRC = 0x0004;
const USAGE_COPY_DST = 0x0008;
const USAGE_UNIFORM = 0x0040;
const USAGE_STORAGE = 0x0080;
/** GPUMapMode.READ. */
export const MAP_MODE_READ = 0x0001;
/** Usage of tensor buffers. */
export const DATA_USAGE = USAGE_STORAGE | USAGE_COPY_SRC | USAGE_COPY_DST;
/** Usage of the staging buffers reads map. */
export const STAGING_USAGE = USAGE_MAP_READ | USAGE_COPY_DST;

/** Device-bound state, replaced wholesale by `WebGPUBackend.reinit`. */
export interface DeviceState {
  readonly ctx: DeviceContext;
  readonly device: GPUDevice;
  readonly pool: BufferPool;
  readonly staging: BufferPool;
  readonly pipelines: PipelineCache;
  readonly paramsBuffer: GPUBuffer;
  readonly paramStride: number;
  readonly paramCapacity: number;
  readonly maxBinding: number;
  readonly maxWorkgroupsPerDim: number;
  readonly generation: number;
  /** Bound where an optional input is absent. */
  readonly dummy: GPUData;
}

/** What building the state needs from the backend. */
export interface DeviceStateHooks {
  /** Bytes of idle tensor buffers the pool keeps. */
  readonly poolBytes: number;
  /** Kernels per submit: one parameter block each. */
  readonly maxKernels: number;
  /** Destroys a buffer a pool evicted (after the pending batch if it may use it). */
  retire(b: PooledBuffer): void;
  /** Records an error-scope result. */
  track(check: Promise<Error | null>): void;
  /** Called when this device is lost or destroyed; the hook ignores a device it no longer uses. */
  lost(device: GPUDevice, reason: string, message: string): void;
}

/** Bytes of one dispatch's parameter block on `device`: 256, or the device's larger uniform offset alignment. */
export function paramStrideOf(device: GPUDevice): number {
  return Math.max(PARAM_BYTES, device.limits.minUniformBufferOffsetAlignment);
}

let nextGeneration = 1;

/** Builds the state of a freshly acquired device and hooks its loss. */
export function createDeviceState(ctx: DeviceContext, hooks: DeviceStateHooks): DeviceState {
  const device = ctx.device;
  const generation = nextGeneration++;
  const stride = paramStrideOf(device);
  const state: DeviceState = {
    ctx,
    device,
    pool: new BufferPool(device, hooks.poolBytes, (b) => hooks.retire(b), 'lab tensor'),
    staging: new BufferPool(device, 64 * 1024 * 1024, (b) => hooks.retire(b), 'lab staging'),
    pipelines: new PipelineCache(device, (check) => hooks.track(check)),
    paramsBuffer: device.createBuffer({ size: stride * hooks.maxKernels, usage: USAGE_UNIFORM | USAGE_COPY_DST, label: 'lab params' }),
    paramStride: stride,
    paramCapacity: stride * hooks.maxKernels,
    maxBinding: Math.min(device.limits.maxStorageBufferBindingSize, device.limits.maxBufferSize),
    maxWorkgroupsPerDim: device.limits.maxComputeWorkgroupsPerDimension,
    generation,
    dummy: new GPUData(
      { buffer: device.createBuffer({ size: 16, usage: DATA_USAGE, label: 'lab dummy' }), bytes: 16, usage: DATA_USAGE, lastUse: 0 },
      'float32',
      4,
      generation,
    ),
  };
  void device.lost.then((info) => hooks.lost(device, info.reason, info.message));
  if (ctx.owned) {
    // `lost` settles a tick after destroy(); hooking destroy() makes the very next call fail clearly.
    const dev = device as GPUDevice & { destroy: () => void };
    const original = dev.destroy.bind(dev);
    dev.destroy = () => {
      hooks.lost(device, 'destroyed', 'GPUDevice.destroy() was called');
      original();
    };
  }
  return state;
}
