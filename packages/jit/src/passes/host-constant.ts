/**
 * Reading a small graph constant while compiling, only where that costs a memory copy: on a backend that keeps
 * tensors in host memory and reads them cheaply (cpu, wasm: core's `readsCheaply`). On backends whose reads are
 * asynchronous or stall a device (webgpu) compiling must not read at all (a synchronous read there fails in Node
 * and stalls the GPU in a browser), so the passes that want a constant's value skip that optimisation instead.
 */
import { readsCheaply, type Tensor } from '@lab/core';

/** `t`'s values when its backend reads cheaply, else null (and null when the read fails). */
export function hostConstantValues(t: Tensor): ArrayLike<unknown> | null {
  const backend = t.handle?.backend;
  if (!backend || !readsCheaply(backend)) return null;
  try {
    // eslint-disable-next-line no-restricted-properties -- guarded above: only backends that read host memory cheaply; the compile step itself is synchronous
    return t.dataSync();
  } catch {
    return null;
  }
}
