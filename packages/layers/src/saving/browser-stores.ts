/**
 * Browser stores: IndexedDB (one transaction per save), downloads (two files through an `<a download>` click),
 * and user-selected files (`<input type="file" multiple>`) for loading what was downloaded.
 */
import type { ModelFiles, ModelStore } from './stores.js';
import { WEIGHTS_NAME } from './stores.js';

/** The part of the IndexedDB API used here (`globalThis.indexedDB`, or an implementation passed in). */
export type IDBFactoryLike = Pick<IDBFactory, 'open'>;

const DB_NAME = 'lab-models';
const STORE = 'models';

function openDb(factory: IDBFactoryLike): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = factory.open(DB_NAME, 1);
    req.onupgradeneeded = () => {
      if (!req.result.objectStoreNames.contains(STORE)) req.result.createObjectStore(STORE);
    };
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(new Error(`indexedDBStore: cannot open database '${DB_NAME}': ${req.error?.message ?? 'unknown error'}`));
  });
}

function run<T>(db: IDBDatabase, mode: IDBTransactionMode, fn: (s: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    const tx = db.transaction(STORE, mode);
    const req = fn(tx.objectStore(STORE));
    let result: T;
    req.onsuccess = () => {
      result = req.result;
    };
    tx.oncomplete = () => resolve(result);
    tx.onerror = () => reject(new Error(`indexedDBStore: ${tx.error?.message ?? req.error?.message ?? 'transaction failed'}`));
    tx.onabort = () => reject(new Error(`indexedDBStore: transaction aborted: ${tx.error?.message ?? ''}`));
  });
}

interface Stored {
  modelJson: string;
  weightsName: string;
  weights: Uint8Array;
}

function isStored(v: unknown): v is Stored {
  const o = v as Stored;
  return !!o && typeof o.modelJson === 'string' && typeof o.weightsName === 'string' && o.weights instanceof Uint8Array;
}

/**
 * A model in IndexedDB under `key` (database `lab-models`), written in one transaction (atomic).
 * @param key - the model's key in the `lab-models` database.
 * @param factory - the IndexedDB factory (default: the global `indexedDB`).
 * @returns a ModelStore for {@link saveModel} and {@link loadModel}.
 * @example
 * ```ts
 * await saveModel(m, indexedDBStore('my-model'));
 * const again = await loadModel(indexedDBStore('my-model'));
 * ```
 */
export function indexedDBStore(key: string, factory?: IDBFactoryLike): ModelStore {
  const get = (): IDBFactoryLike => {
    const f = factory ?? (globalThis as { indexedDB?: IDBFactoryLike }).indexedDB;
    if (!f) throw new Error('indexedDBStore: no indexedDB here; pass an IDBFactory');
    return f;
  };
  const read = async (): Promise<Stored> => {
    const db = await openDb(get());
    try {
      const v = await run<unknown>(db, 'readonly', (s) => s.get(key));
      if (v === undefined) throw new Error(`load: no model under key '${key}' in IndexedDB`);
      if (!isStored(v)) throw new Error(`load: the IndexedDB entry '${key}' is not a saved lab model`);
      return v;
    } finally {
      db.close();
    }
  };
  return {
    description: `indexeddb:${key}`,
    async write(files: ModelFiles) {
      const db = await openDb(get());
      try {
        await run(db, 'readwrite', (s) => s.put({ modelJson: files.modelJson, weightsName: files.weightsName, weights: files.weights }, key));
      } finally {
        db.close();
      }
    },
    async readModelJson(maxBytes) {
      const v = await read();
      if (v.modelJson.length > maxBytes) throw new Error(`load: model.json is over the limit of ${maxBytes} bytes`);
      return v.modelJson;
    },
    async readWeights(name, byteLength) {
      const v = await read();
      if (v.weightsName !== name) throw new Error(`load: the IndexedDB entry '${key}' holds weights '${v.weightsName}', not '${name}'`);
      if (v.weights.byteLength !== byteLength) throw new Error(`load: the weights have ${v.weights.byteLength} bytes, but model.json says ${byteLength}; they are truncated`);
      return v.weights;
    },
  };
}

/** The part of the DOM used to trigger downloads. */
export interface DownloadDocument {
  /** Creates the link whose `click()` starts a download of `href` under the file name `download`. */
  createElement(tag: 'a'): {
    href: string;
    download: string;
    /** Starts the download. */
    click(): void;
  };
}

/**
 * Saves by downloading two files: `<prefix>.json` (model.json) and the weights file under the name model.json
 * gives it. Write-only: load them back with {@link browserFilesStore}.
 * @param prefix - the downloaded model.json's name without `.json` (default 'model').
 * @param doc - the document that makes the download links (default: the global `document`).
 * @returns a write-only ModelStore for {@link saveModel}.
 * @example
 * ```ts
 * await saveModel(m, browserDownloadStore('digits')); // downloads digits.json and its weights file
 * ```
 */
export function browserDownloadStore(prefix = 'model', doc?: DownloadDocument): ModelStore {
  const fail = async (): Promise<never> => {
    throw new Error('browserDownloadStore is write-only; load downloaded files with browserFilesStore(files)');
  };
  return {
    description: `download:${prefix}`,
    async write(files) {
      const d = doc ?? (globalThis as { document?: DownloadDocument }).document;
      if (!d) throw new Error('browserDownloadStore: no document here (browsers only)');
      const save = (name: string, blob: Blob) => {
        const url = URL.createObjectURL(blob);
        const a = d.createElement('a');
        a.href = url;
        a.download = name;
        a.click();
        setTimeout(() => URL.revokeObjectURL(url), 0);
      };
      save(`${prefix}.json`, new Blob([files.modelJson], { type: 'application/json' }));
      save(files.weightsName, new Blob([files.weights as Uint8Array<ArrayBuffer>], { type: 'application/octet-stream' }));
    },
    readModelJson: fail,
    readWeights: fail,
  };
}

/** The part of the File API used here. */
export interface FileLike {
  readonly name: string;
  readonly size: number;
  /** The file's bytes. */
  arrayBuffer(): Promise<ArrayBuffer>;
  /** The file's contents decoded as UTF-8. */
  text(): Promise<string>;
}

/**
 * Loads from user-selected files (`input.files`): the one `.json` file is model.json, and the weights file must
 * be among the files under the name model.json gives. Read-only.
 * @param files - the files the user picked (`input.files`): the model.json and its weights file.
 * @returns a read-only ModelStore for {@link loadModel}.
 * @example
 * ```ts
 * const picker = document.querySelector('input[type=file]');
 * if (picker instanceof HTMLInputElement && picker.files) m = await loadModel(browserFilesStore(picker.files));
 * ```
 */
export function browserFilesStore(files: ArrayLike<FileLike>): ModelStore {
  const list = Array.from(files);
  return {
    description: 'selected files',
    async write() {
      throw new Error('browserFilesStore is read-only; save with browserDownloadStore() or indexedDBStore()');
    },
    async readModelJson(maxBytes) {
      const json = list.filter((f) => f.name.endsWith('.json'));
      if (json.length !== 1) throw new Error(`load: select exactly one .json file (model.json) with the weights file; got ${json.length}`);
      if (json[0].size > maxBytes) throw new Error(`load: ${json[0].name} is over the limit of ${maxBytes} bytes`);
      return json[0].text();
    },
    async readWeights(name, byteLength) {
      if (!WEIGHTS_NAME.test(name)) throw new Error(`load: invalid weights file name '${name}' in model.json`);
      const f = list.find((x) => x.name === name);
      if (!f) throw new Error(`load: the weights file '${name}' named in model.json was not selected`);
      if (f.size !== byteLength) throw new Error(`load: ${name} has ${f.size} bytes, but model.json says ${byteLength}; the file is truncated`);
      return new Uint8Array(await f.arrayBuffer());
    },
  };
}
