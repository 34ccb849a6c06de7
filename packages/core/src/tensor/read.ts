import type { DataValues } from '../dtype.js';
import { readsCheaply } from '../backend/contract.js';
import { ENGINE } from '../engine/engine.js';
import { isContiguous, sizeOf } from '../util/shape.js';
import { float16BitsToFloat32 } from '../util/float16.js';
import type { DataHandle } from '../engine/data-handle.js';
import type { TensorCore as Tensor } from './tensor-core.js';
import type { ArrayValue } from './types.js';

/** A contiguous handle holding exactly `t`'s elements: its own buffer, or a fresh copy of its view. */
function contiguousHandle(t: Tensor): { handle: DataHandle; temp: boolean } {
  const h = t.handle!;
  if (t.offset === 0 && h.size === t.size && isContiguous(t.shape, t.strides)) return { handle: h, temp: false };
  const tmp = ENGINE.allocHandle(h.backend, h.dtype, t.size);
  h.backend.copy(t.view(), { id: tmp.id, dtype: h.dtype, shape: t.shape, strides: contiguousOf(t.shape), offset: 0 });
  return { handle: tmp, temp: true };
}

function contiguousOf(shape: readonly number[]): number[] {
  const s = new Array<number>(shape.length);
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    s[i] = acc;
    acc *= shape[i];
  }
  return s;
}

function finish(t: Tensor, v: DataValues): DataValues {
  return t.dtype === 'float16' ? float16BitsToFloat32(v as Uint16Array) : v;
}

function interleave(re: DataValues, im: DataValues): Float32Array {
  const out = new Float32Array(re.length * 2);
  for (let i = 0; i < re.length; i++) {
    out[2 * i] = re[i] as number;
    out[2 * i + 1] = im[i] as number;
  }
  return out;
}

/**
 * A tensor on a device backend (one whose reads are asynchronous or stall it: WebGPU) with up to this many
 * elements keeps a host copy of its values after a read (`data`, `array`, `dataSync`, `print`, ...), so
 * `toString()` / `console.log` show them without another device read, and later reads skip the device. Tensors on
 * host backends (cpu, wasm) keep nothing: they read cheaply. The copy is freed by `dispose()`; a Variable drops it
 * on every assign.
 */
export const HOST_CACHE_LIMIT = 1_000_000;

/** A copy the caller owns of a cached read (the contract: reads return arrays the caller may mutate). */
function copyOf(v: DataValues): DataValues {
  return Array.isArray(v) ? v.slice() : v.slice();
}

/**
 * Keeps `v` (already converted: float16 as float32, complex interleaved) as `t`'s host copy when small enough and
 * still current: a read that began at `version` and finished after an assign must not cache the old values.
 */
function remember(t: Tensor, v: DataValues, version = t.valueVersion): DataValues {
  if (t.size <= HOST_CACHE_LIMIT && version === t.valueVersion && onDevice(t)) t.hostValues = copyOf(v);
  return v;
}

/** True when reading `t` costs a device round trip (no cheap synchronous read): worth keeping what was read. */
function onDevice(t: Tensor): boolean {
  const parts = t.complexParts ?? [t];
  return parts.some((p) => p.handle !== null && !readsCheaply(p.handle.backend));
}

/**
 * `t`'s host copy, or null when it has none. Throws, naming `api`, when `t`'s backend was removed: a copy must not
 * make a tensor of a removed backend look alive (every other read of it refuses too).
 */
function hostCopy(t: Tensor, api: string): DataValues | null {
  if (!t.hostValues) return null;
  for (const p of t.complexParts ?? [t]) if (p.handle) ENGINE.assertLive(p.handle.backend, api);
  return t.hostValues;
}

/** Reads a tensor's values asynchronously (works on every backend). */
export async function readData(t: Tensor): Promise<DataValues> {
  const cached = hostCopy(t, 'data');
  if (cached) return copyOf(cached);
  const version = t.valueVersion;
  return remember(t, await readFresh(t), version);
}

async function readFresh(t: Tensor): Promise<DataValues> {
  if (t.complexParts) {
    const [re, im] = await Promise.all([readFresh(t.complexParts[0]), readFresh(t.complexParts[1])]);
    return interleave(re, im);
  }
  if (sizeOf(t.shape) === 0) return finish(t, emptyOf(t));
  const { handle, temp } = contiguousHandle(t);
  try {
    return finish(t, await handle.backend.read(handle.id));
  } finally {
    if (temp) ENGINE.release(handle);
  }
}

/** True when every buffer of `t` sits on a backend that can read synchronously (cheaply or not). */
export function canReadSync(t: Tensor): boolean {
  const parts = t.complexParts ?? [t];
  return parts.every((p) => p.size === 0 || p.handle?.backend.readSync !== undefined);
}

/** The values already on the host (a read happened before), or null; never touches the device. */
export function cachedData(t: Tensor): DataValues | null {
  try {
    return hostCopy(t, 'toString');
  } catch {
    return null; // a removed backend: the caller's own read path reports it
  }
}

/**
 * `t`'s values in a new contiguous buffer on the initialised backend `name` (for `tensor.to(name)`), or null when
 * `t` already lives there. Reads asynchronously, so it works from WebGPU too.
 */
export async function copyToBackend(t: Tensor, name: string): Promise<DataHandle | null> {
  const desc = `${t.dtype} [${t.shape.join(',')}]`;
  const target = ENGINE.instanceNamed(name);
  if (!target) {
    throw new Error(`to: backend '${name}' is not initialised (tensor ${desc}); await init('${name}') first`);
  }
  if (t.complexParts) throw new Error(`to: complex64 tensors (${desc}) cannot move yet; move real(x) and imag(x) and rebuild with complex()`);
  const dtype = t.handle!.dtype;
  if (!target.descriptor.dtypes.includes(dtype)) {
    throw new Error(`to: backend '${name}' does not support dtype ${dtype} (tensor ${desc}); it supports ${target.descriptor.dtypes.join(', ')}`);
  }
  if (t.handle!.backend === target) return null;
  let values: DataValues;
  if (sizeOf(t.shape) === 0) values = emptyOf(t);
  else {
    const { handle, temp } = contiguousHandle(t);
    try {
      values = await handle.backend.read(handle.id);
    } finally {
      if (temp) ENGINE.release(handle);
    }
  }
  return ENGINE.handleFromValues(target, dtype, values);
}

/** The async call to name when a synchronous read `api` is impossible. */
const ASYNC_TWIN: Readonly<Record<string, string>> = {
  dataSync: 'await x.data()',
  arraySync: 'await x.array()',
  item: 'await x.itemAsync()',
  toString: 'await x.print() or await x.toStringAsync()',
};

/**
 * Reads a tensor's values synchronously, or explains why the backend cannot, naming `api` (the public call that
 * needed the read: `dataSync`, `arraySync`, `item`, ...) and the async call to use instead.
 */
export function readDataSync(t: Tensor, api = 'dataSync'): DataValues {
  // The host copy serves only where a synchronous read would work anyway: whether `dataSync()` works must not
  // depend on whether something read the tensor before.
  const cached = canReadSync(t) ? hostCopy(t, api) : null;
  if (cached) return copyOf(cached);
  return remember(t, readFreshSync(t, api));
}

/** @internal Reads synchronously without keeping a host copy (debug mode's checks read every op's output). */
export function peekDataSync(t: Tensor): DataValues {
  return hostCopy(t, 'dataSync') ?? readFreshSync(t, 'dataSync');
}

function readFreshSync(t: Tensor, api: string): DataValues {
  if (t.complexParts) return interleave(readFreshSync(t.complexParts[0], api), readFreshSync(t.complexParts[1], api));
  if (sizeOf(t.shape) === 0) return finish(t, emptyOf(t));
  const b = t.handle!.backend;
  if (!b.readSync) {
    const twin = ASYNC_TWIN[api] ?? 'await x.data()';
    throw new Error(
      `${api}: backend '${ENGINE.nameOf(b)}' cannot read synchronously here (${t.dtype} [${t.shape.join(',')}]); use ${twin} instead`,
    );
  }
  const { handle, temp } = contiguousHandle(t);
  try {
    return finish(t, b.readSync(handle.id));
  } finally {
    if (temp) ENGINE.release(handle);
  }
}

function emptyOf(t: Tensor): DataValues {
  switch (t.dtype) {
    case 'float64':
      return new Float64Array(0);
    case 'int32':
      return new Int32Array(0);
    case 'bool':
      return new Uint8Array(0);
    case 'string':
      return [];
    case 'float16':
      return new Uint16Array(0);
    case 'float32':
    case 'complex64':
      return new Float32Array(0);
  }
}

/** Turns flat values into nested arrays following the tensor's shape. */
export function toNested(t: Tensor, values: DataValues): ArrayValue {
  const shape = t.shape;
  const at = (i: number): ArrayValue => {
    if (t.dtype === 'bool') return values[i] !== 0;
    if (t.dtype === 'complex64') return { re: values[2 * i] as number, im: values[2 * i + 1] as number };
    return values[i];
  };
  if (shape.length === 0) return at(0);
  const build = (axis: number, base: number): ArrayValue[] => {
    const n = shape[axis];
    const out = new Array<ArrayValue>(n);
    if (axis === shape.length - 1) {
      for (let i = 0; i < n; i++) out[i] = at(base + i);
    } else {
      const step = sizeOf(shape.slice(axis + 1));
      for (let i = 0; i < n; i++) out[i] = build(axis + 1, base + i * step);
    }
    return out;
  };
  return build(0, 0);
}
