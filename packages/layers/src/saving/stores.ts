/**
 * Where saved models live. A {@link ModelStore} holds `model.json` and one weights blob; a {@link BlobStore}
 * holds a weights-only file. Memory and Web Storage are built in here; directories and files on disk are in
 * ./file-store.ts (reached from `@lab/layers/node`, or from a path given to `saveModel` in Node).
 */

/** The files of a saved model. */
export interface ModelFiles {
  /** The text of model.json. */
  modelJson: string;
  /** The weights file's name (content-addressed: `weights.<hash>.safetensors`). */
  weightsName: string;
  /** The weights file's bytes. */
  weights: Uint8Array;
}

/** A place a model is saved to and loaded from. */
export interface ModelStore {
  /** A description for messages (a path, a key). */
  readonly description: string;
  /** Writes the files so a reader sees either the old model or the new one, never a mix. */
  write(files: ModelFiles): Promise<void>;
  /** Reads model.json (at most `maxBytes`). */
  readModelJson(maxBytes: number): Promise<string>;
  /** Reads the weights blob named in model.json; fails if its size is not `byteLength`. */
  readWeights(name: string, byteLength: number): Promise<Uint8Array>;
}

/** A place one weights blob is saved to and loaded from. */
export interface BlobStore {
  /** A description for messages. */
  readonly description: string;
  /** Writes the blob atomically. */
  write(bytes: Uint8Array): Promise<void>;
  /** Reads the blob (at most `maxBytes`). */
  read(maxBytes: number): Promise<Uint8Array>;
}

/** The weights file name pattern: nothing else is ever opened. */
export const WEIGHTS_NAME = /^weights\.[0-9a-f]{16}\.safetensors$/;

/**
 * An in-memory store (tests, browsers, sending a model elsewhere): the files are in `files` after saving.
 * @returns a ModelStore that keeps the saved files in memory, in its `files` property.
 * @example
 * ```ts
 * const store = memoryStore();
 * await saveModel(m, store);
 * const copy = await loadModel(store); // same architecture and weights
 * ```
 */
export function memoryStore(): ModelStore & { files: ModelFiles | null } {
  const s = {
    description: 'memory',
    files: null as ModelFiles | null,
    async write(files: ModelFiles) {
      s.files = { modelJson: files.modelJson, weightsName: files.weightsName, weights: files.weights.slice() };
    },
    async readModelJson(maxBytes: number) {
      if (!s.files) throw new Error('load: nothing was saved to this memory store');
      if (s.files.modelJson.length > maxBytes) throw new Error(`load: model.json is over the limit of ${maxBytes} bytes`);
      return s.files.modelJson;
    },
    async readWeights(name: string, byteLength: number) {
      if (!s.files || name !== s.files.weightsName) throw new Error(`load: no weights named '${name}' in this memory store`);
      if (s.files.weights.byteLength !== byteLength) {
        throw new Error(`load: the weights have ${s.files.weights.byteLength} bytes, but model.json says ${byteLength}; they are truncated`);
      }
      return s.files.weights;
    },
  };
  return s;
}

/** The part of the Web Storage API used here (localStorage, sessionStorage, or a stand-in). */
export interface StorageLike {
  /** The value stored under `key`, or null when there is none. */
  getItem(key: string): string | null;
  /** Stores `value` under `key`; may throw when the storage is full (quota). */
  setItem(key: string, value: string): void;
}

function toBase64(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i < b.length; i += 0x8000) s += String.fromCharCode(...b.subarray(i, i + 0x8000));
  return btoa(s);
}

function fromBase64(s: string, what: string): Uint8Array {
  let bin: string;
  try {
    bin = atob(s);
  } catch {
    throw new Error(`load: ${what} is not valid base64; it is corrupt`);
  }
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/**
 * A model in Web Storage (`localStorage` by default) under `key`: one item holding model.json, the weights name
 * and the base64 weights, written with a single `setItem` (atomic). Fine for small models (storage is ~5 MB).
 * @param key - the item's key.
 * @param storage - the Storage to use (default: the global `localStorage`).
 * @returns a ModelStore for {@link saveModel} and {@link loadModel}.
 * @example
 * ```ts
 * await saveModel(m, webStorageStore('small-model'));
 * const again = await loadModel(webStorageStore('small-model'));
 * ```
 */
export function webStorageStore(key: string, storage?: StorageLike): ModelStore {
  const get = (): StorageLike => {
    const st = storage ?? (globalThis as { localStorage?: StorageLike }).localStorage;
    if (!st) throw new Error('webStorageStore: no localStorage here; pass a Storage object');
    return st;
  };
  const read = (maxBytes: number): { modelJson: string; weightsName: string; weights: string } => {
    const raw = get().getItem(key);
    if (raw === null) throw new Error(`load: no model under key '${key}'`);
    if (raw.length > maxBytes * 2) throw new Error(`load: the item '${key}' is over the size limit`);
    let v: unknown;
    try {
      v = JSON.parse(raw);
    } catch {
      throw new Error(`load: the item '${key}' is not valid JSON; it is corrupt`);
    }
    const o = v as Record<string, unknown>;
    if (!o || typeof o.modelJson !== 'string' || typeof o.weightsName !== 'string' || typeof o.weights !== 'string') {
      throw new Error(`load: the item '${key}' is not a saved lab model`);
    }
    return o as { modelJson: string; weightsName: string; weights: string };
  };
  return {
    description: `webStorage:${key}`,
    async write(files) {
      get().setItem(key, JSON.stringify({ modelJson: files.modelJson, weightsName: files.weightsName, weights: toBase64(files.weights) }));
    },
    async readModelJson(maxBytes) {
      return read(maxBytes).modelJson;
    },
    async readWeights(name, byteLength) {
      const r = read(Number.MAX_SAFE_INTEGER);
      if (r.weightsName !== name) throw new Error(`load: the item '${key}' holds weights '${r.weightsName}', not '${name}'`);
      const b = fromBase64(r.weights, `the weights under '${key}'`);
      if (b.byteLength !== byteLength) throw new Error(`load: the weights have ${b.byteLength} bytes, but model.json says ${byteLength}; they are truncated`);
      return b;
    },
  };
}
