/**
 * `@lab/layers/node`: the Node-only part of @lab/layers, model directories and weights files on disk. It imports
 * `node:fs/promises` and `node:path`, so it lives apart from the main entry, which browser bundles use.
 *
 * ```ts
 * import { saveModel, loadModel } from '@lab/layers';
 * import { fileStore } from '@lab/layers/node';
 * await saveModel(model, fileStore('saved/model'));   // same as saveModel(model, 'saved/model') in Node
 * const again = await loadModel(fileStore('saved/model'));
 * ```
 * @packageDocumentation
 */
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { fileBlobStoreWith, fileStoreWith, type NodeFiles } from './saving/file-store.js';
import type { BlobStore, ModelStore } from './saving/stores.js';

const files = (): Promise<NodeFiles> => Promise.resolve({ fs, path });

/**
 * A model directory on disk: `model.json` plus `weights.<hash>.safetensors`, each written atomically (a
 * temporary file, fsync, rename), model.json last so a reader sees the old model or the new one, never a mix.
 *
 * @param dir The directory (created when missing).
 * @returns A store for `saveModel` and `loadModel`.
 * @example
 * ```ts
 * await saveModel(model, fileStore('saved/model'));
 * ```
 */
export function fileStore(dir: string): ModelStore {
  return fileStoreWith(dir, files);
}

/**
 * A weights-only file on disk (one safetensors file), written atomically.
 *
 * @param file The file's path (its folder is created when missing).
 * @returns A store for `saveWeights` and `loadWeights`.
 * @example
 * ```ts
 * await saveWeights(model, fileBlobStore('saved/weights.safetensors'));
 * ```
 */
export function fileBlobStore(file: string): BlobStore {
  return fileBlobStoreWith(file, files);
}
