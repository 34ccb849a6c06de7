/**
 * The {@link KernelHost} a backend hands its kernels: data lookup, dispatch encoding and temporaries, with the
 * device's limits read at call time (reinit may change the device).
 */
import type { CommandBatch } from './batch.js';
import type { DeviceState } from './device-state.js';
import { selectTile } from './kernels/matmul.js';
import type { KernelHost, MatMulTile } from './kernels/types.js';
import type { GPUMemory } from './memory.js';

/** The kernels' view of one backend; `tile` is the tiling the options fixed, or null for one per shape class. */
export function kernelHost(state: () => DeviceState, memory: GPUMemory, batch: CommandBatch, tile: MatMulTile | null): KernelHost {
  return {
    data: (id, op) => memory.data(id, op),
    run: (d) => batch.run(d),
    copyBuffer: (src, dst, bytes) => batch.copyBuffer(src, dst, bytes),
    temp: (size, like) => memory.alloc(like.dtype, size, 'temp'),
    releaseTemp: (d) => memory.free(d),
    dummy: () => state().dummy,
    // A getter, because the limit belongs to the device and reinit() may change the device.
    get maxWorkgroupsPerDim() {
      return state().maxWorkgroupsPerDim;
    },
    matmulTile: (m, n) => tile ?? selectTile(m, n),
  };
}
