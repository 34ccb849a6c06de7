import type { DataValues } from '../dtype.js';
import { ENGINE } from '../engine/engine.js';
import { isContiguous, sizeOf } from '../util/shape.js';
import { float16BitsToFloat32 } from '../util/float16.js';
import type { DataHandle } from '../engine/data-handle.js';
import type { Tensor } from './tensor.js';
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

/** Reads a tensor's values asynchronously (works on every backend). */
export async function readData(t: Tensor): Promise<DataValues> {
  if (t.complexParts) {
    const [re, im] = await Promise.all([readData(t.complexParts[0]), readData(t.complexParts[1])]);
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

/** Reads a tensor's values synchronously, or explains why the backend cannot. */
export function readDataSync(t: Tensor): DataValues {
  if (t.complexParts) return interleave(readDataSync(t.complexParts[0]), readDataSync(t.complexParts[1]));
  if (sizeOf(t.shape) === 0) return finish(t, emptyOf(t));
  const b = t.handle!.backend;
  if (!b.readSync) {
    throw new Error(
      `dataSync: backend '${ENGINE.nameOf(b)}' cannot read synchronously; use await tensor.data() (or array()) instead`,
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
    default:
      return new Float32Array(0);
  }
}

/** Turns flat values into nested arrays following the tensor's shape. */
export function toNested(t: Tensor, values: DataValues): ArrayValue {
  const shape = t.shape;
  const at = (i: number): ArrayValue => {
    if (t.dtype === 'bool') return values[i] !== 0;
    if (t.dtype === 'complex64') return { re: values[2 * i] as number, im: values[2 * i + 1] as number };
    return values[i] as number | string;
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
