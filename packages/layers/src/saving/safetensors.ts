/**
 * The weights container: the safetensors layout (8-byte little-endian header length, a JSON header of
 * `{ name: { dtype, shape, data_offsets } , __metadata__ }`, then the packed data), so Python's `safetensors`
 * can read lab's weights. Every field is validated before any tensor is made.
 */
import { fromValues, type DType, type Tensor, type DataValues } from '@lab/core';
import { parseJson, obj, arr, str, shapeOf, uint, type Json } from './json.js';

/** One stored tensor. */
export interface TensorEntry {
  name: string;
  dtype: DType;
  shape: number[];
  /** Byte range in the data section. */
  begin: number;
  end: number;
}

/** A parsed container: entries in file order, metadata, and the data section. */
export interface ParsedContainer {
  entries: TensorEntry[];
  metadata: Record<string, string>;
  data: Uint8Array;
}

const CODES: Readonly<Record<string, DType>> = { F32: 'float32', F64: 'float64', F16: 'float16', I32: 'int32', BOOL: 'bool' };
const CODE_OF: Readonly<Record<string, string>> = { float32: 'F32', float64: 'F64', float16: 'F16', int32: 'I32', bool: 'BOOL' };
const BYTES: Readonly<Record<string, number>> = { float32: 4, float64: 8, float16: 2, int32: 4, bool: 1 };

const MAX_HEADER = 100 * 1024 * 1024;

function assertLittleEndian(): void {
  if (new Uint8Array(new Uint16Array([1]).buffer)[0] !== 1) throw new Error('lab weights: big-endian platforms are not supported');
}

/** Bytes per element of a storable dtype, or an error for strings and complex64. */
export function bytesOf(dtype: DType, name: string): number {
  const b = BYTES[dtype];
  if (!b) throw new Error(`save: weight '${name}' has dtype ${dtype}, which cannot be stored (float32, float64, float16, int32, bool only)`);
  return b;
}

/** A tensor's values read to the host, ready to be packed. */
export interface HostTensor {
  name: string;
  dtype: DType;
  shape: readonly number[];
  values: Exclude<DataValues, string[]>;
}

/**
 * Reads named tensors to the host with `await data()` (every backend, webgpu included), all reads queued at once.
 * Checks the dtypes first, so nothing is read when a weight cannot be stored.
 */
export async function readTensors(tensors: readonly { name: string; tensor: Tensor }[]): Promise<HostTensor[]> {
  for (const { name, tensor } of tensors) bytesOf(tensor.dtype, name);
  const values = await Promise.all(tensors.map(({ tensor }) => tensor.data()));
  return tensors.map(({ name, tensor }, i) => ({ name, dtype: tensor.dtype, shape: [...tensor.shape], values: values[i] as Exclude<DataValues, string[]> }));
}

/** Packs named host tensors (in order; see {@link readTensors}) into a container. */
export function encodeContainer(tensors: readonly HostTensor[], metadata: Record<string, string>): Uint8Array {
  assertLittleEndian();
  const header: Record<string, unknown> = { __metadata__: metadata };
  const chunks: Uint8Array[] = [];
  let offset = 0;
  for (const tensor of tensors) {
    const name = tensor.name;
    if (name in header) throw new Error(`save: two weights are named '${name}'`);
    const n = bytesOf(tensor.dtype, name) * tensor.shape.reduce((a, b) => a * b, 1);
    const v = tensor.values;
    const bytes = tensor.dtype === 'float16'
      ? new Uint8Array(v.buffer, v.byteOffset, n)
      : new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
    if (bytes.byteLength !== n) throw new Error(`save: internal size mismatch for '${name}'`);
    header[name] = { dtype: CODE_OF[tensor.dtype], shape: tensor.shape, data_offsets: [offset, offset + n] };
    chunks.push(bytes);
    offset += n;
  }
  let json = JSON.stringify(header);
  // Pad the header with spaces so the data starts 8-byte aligned (the safetensors convention).
  while ((8 + json.length) % 8 !== 0) json += ' ';
  const head = new TextEncoder().encode(json);
  const out = new Uint8Array(8 + head.byteLength + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(head.byteLength), true);
  out.set(head, 8);
  let p = 8 + head.byteLength;
  for (const c of chunks) {
    out.set(c, p);
    p += c.byteLength;
  }
  return out;
}

/** Parses and validates a container: header length, JSON, dtypes, shapes, byte ranges (exact, contiguous cover). */
export function parseContainer(bytes: Uint8Array, what: string): ParsedContainer {
  assertLittleEndian();
  if (bytes.byteLength < 8) throw new Error(`${what}: ${bytes.byteLength} bytes is too short to hold a header; the file is truncated`);
  const n = new DataView(bytes.buffer, bytes.byteOffset, 8).getBigUint64(0, true);
  if (n > BigInt(Math.min(MAX_HEADER, bytes.byteLength - 8))) {
    throw new Error(`${what}: the header claims ${n} bytes but the file has ${bytes.byteLength - 8} after the length field; the file is truncated or corrupt`);
  }
  const headerLen = Number(n);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + headerLen));
  } catch {
    throw new Error(`${what}: the header is not valid UTF-8; the file is corrupt`);
  }
  const header = obj(parseJson(text, `${what} header`), `${what} header`);
  const data = bytes.subarray(8 + headerLen);
  const metadata: Record<string, string> = {};
  const entries: TensorEntry[] = [];
  for (const [name, raw] of Object.entries(header)) {
    if (name === '__metadata__') {
      for (const [k, v] of Object.entries(obj(raw, `${what} __metadata__`))) metadata[k] = str(v, `${what} __metadata__.${k}`);
      continue;
    }
    const e = obj(raw, `${what} '${name}'`);
    const code = str(e.dtype, `${what} '${name}'.dtype`);
    const dtype = Object.prototype.hasOwnProperty.call(CODES, code) ? CODES[code] : undefined;
    if (!dtype) throw new Error(`${what}: weight '${name}' has unsupported dtype '${code}' (F32, F64, F16, I32, BOOL)`);
    const shape = shapeOf(e.shape, `${what} '${name}'.shape`);
    const offsets = arr(e.data_offsets, `${what} '${name}'.data_offsets`);
    if (offsets.length !== 2) throw new Error(`${what}: weight '${name}' needs data_offsets [begin, end]`);
    const begin = uint(offsets[0], `${what} '${name}'.data_offsets[0]`);
    const end = uint(offsets[1], `${what} '${name}'.data_offsets[1]`);
    const size = shape.reduce((a, b) => a * b, 1);
    if (!Number.isSafeInteger(size * BYTES[dtype]) || end - begin !== size * BYTES[dtype] || end < begin) {
      throw new Error(`${what}: weight '${name}' (${dtype} [${shape.join(',')}]) needs ${size * BYTES[dtype]} bytes, but its byte range is [${begin}, ${end})`);
    }
    if (end > data.byteLength) {
      throw new Error(`${what}: weight '${name}' ends at byte ${end}, past the ${data.byteLength} data bytes; the file is truncated`);
    }
    entries.push({ name, dtype, shape, begin, end });
  }
  // Ranges must tile the data section exactly: no overlaps, no holes, no trailing bytes.
  const sorted = [...entries].sort((a, b) => a.begin - b.begin);
  let pos = 0;
  for (const e of sorted) {
    if (e.begin !== pos) throw new Error(`${what}: weight '${e.name}' starts at byte ${e.begin}, expected ${pos} (overlapping or missing data)`);
    pos = e.end;
  }
  if (pos !== data.byteLength) throw new Error(`${what}: ${data.byteLength - pos} bytes after the last weight; the file is corrupt`);
  return { entries, metadata, data };
}

/** Makes the tensor of one validated entry (copying the bytes, so alignment never matters). */
export function entryTensor(c: ParsedContainer, e: TensorEntry): Tensor {
  const bytes = c.data.slice(e.begin, e.end);
  let values: DataValues;
  switch (e.dtype) {
    case 'float32':
      values = new Float32Array(bytes.buffer);
      break;
    case 'float64':
      values = new Float64Array(bytes.buffer);
      break;
    case 'float16':
      values = new Uint16Array(bytes.buffer);
      break;
    case 'int32':
      values = new Int32Array(bytes.buffer);
      break;
    case 'bool':
      values = bytes;
      break;
    case 'complex64':
    case 'string':
      // parseContainer admits only the dtypes in CODES, so a validated entry never has these.
      throw new Error(`internal: weight '${e.name}' has dtype ${e.dtype}, which safetensors cannot hold`);
  }
  return fromValues(values, e.shape, e.dtype);
}

/** Hex SHA-256 of bytes (WebCrypto: Node 20 and browsers). */
export async function sha256(bytes: Uint8Array): Promise<string> {
  const subtle = (globalThis as { crypto?: { subtle?: SubtleCrypto } }).crypto?.subtle;
  if (!subtle) throw new Error('lab weights: WebCrypto (crypto.subtle) is needed to checksum weights');
  const d = await subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
  return Array.from(new Uint8Array(d), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** @internal For error messages. */
export function describeJson(v: Json): string {
  return JSON.stringify(v)?.slice(0, 80) ?? 'undefined';
}
