/**
 * Model directories and weights files on disk (Node). The stores take Node's `fs/promises` and `path` from the
 * caller instead of importing them: `@lab/layers/node` passes its static imports, and `saveModel(model, path)`
 * in the main entry reaches them at run time (./node-files.ts), so a browser bundle of `@lab/layers` never
 * contains an import of a Node module.
 */
import { WEIGHTS_NAME, type BlobStore, type ModelStore } from './stores.js';
import { removeStaleTemporaries, writeAtomic } from './atomic-write.js';

/** The parts of `node:fs/promises` the file stores use. */
export interface FsPromisesLike {
  /** Opens `path` (`flags` as Node's, e.g. 'w'); the handle writes, flushes to disk and closes. */
  open(
    path: string,
    flags: string,
  ): Promise<{
    /** Writes all of `data` to the file. */
    writeFile(data: Uint8Array | string): Promise<void>;
    /** Flushes the file's data to the disk (fsync), so a rename after it cannot expose a partial file. */
    sync(): Promise<void>;
    /** Closes the handle. */
    close(): Promise<void>;
  }>;
  /** Removes `path`; with `force`, a missing path is not an error. */
  rm(path: string, options: { force: boolean }): Promise<void>;
  /** Renames `from` to `to`, replacing `to` (atomic within one file system). */
  rename(from: string, to: string): Promise<void>;
  /** The size in bytes of the file at `path`; rejects when it does not exist. */
  stat(path: string): Promise<{ size: number }>;
  /** The whole content of the file at `path`. */
  readFile(path: string): Promise<Uint8Array>;
  /** Creates the directory `path` (and, with `recursive`, its parents; an existing one is not an error). */
  mkdir(path: string, options: { recursive: boolean }): Promise<unknown>;
  /** The names of the entries of the directory `path`. */
  readdir(path: string): Promise<string[]>;
}

/** The parts of `node:path` the file stores use. */
export interface PathLike {
  /** Joins path segments with the platform's separator. */
  join(...parts: string[]): string;
  /** The directory part of `path`. */
  dirname(path: string): string;
  /** The last segment of `path` (the file name). */
  basename(path: string): string;
}

/** Node's file system and path modules, as the stores get them. */
export interface NodeFiles {
  /** `node:fs/promises`. */
  fs: FsPromisesLike;
  /** `node:path`. */
  path: PathLike;
}

/** Gives the stores Node's modules when they first touch the disk (may throw where there is no file system). */
export type NodeFilesProvider = () => Promise<NodeFiles>;

async function readLimited(fs: FsPromisesLike, file: string, maxBytes: number, what: string, exact?: number): Promise<Uint8Array> {
  let size: number;
  try {
    size = (await fs.stat(file)).size;
  } catch {
    throw new Error(`load: ${what} not found at ${file}`);
  }
  if (exact !== undefined && size !== exact) {
    throw new Error(`load: ${what} ${file} has ${size} bytes, but model.json says ${exact}; the file is truncated or was replaced`);
  }
  if (size > maxBytes) throw new Error(`load: ${what} ${file} has ${size} bytes, over the limit of ${maxBytes}`);
  const b = await fs.readFile(file);
  return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
}

/** A model directory (`model.json` plus `weights.<hash>.safetensors`) through the given file system. */
export function fileStoreWith(dir: string, files: NodeFilesProvider): ModelStore {
  return {
    description: dir,
    async write(f) {
      const { fs, path } = await files();
      await fs.mkdir(dir, { recursive: true });
      // Temporaries of saves that were killed (the previous file is intact beside them) go first.
      await removeStaleTemporaries(fs, path, dir, (n) => n === 'model.json' || WEIGHTS_NAME.test(n));
      // Weights first, under a content-addressed name, then model.json: the rename of model.json is the commit.
      await writeAtomic(fs, path, path.join(dir, f.weightsName), f.weights);
      await writeAtomic(fs, path, path.join(dir, 'model.json'), f.modelJson);
      for (const name of await fs.readdir(dir)) {
        if (WEIGHTS_NAME.test(name) && name !== f.weightsName) await fs.rm(path.join(dir, name), { force: true });
      }
    },
    async readModelJson(maxBytes) {
      const { fs, path } = await files();
      const b = await readLimited(fs, path.join(dir, 'model.json'), maxBytes, 'model.json');
      return new TextDecoder().decode(b);
    },
    async readWeights(name, byteLength) {
      if (!WEIGHTS_NAME.test(name)) throw new Error(`load: invalid weights file name '${name}' in model.json`);
      const { fs, path } = await files();
      return readLimited(fs, path.join(dir, name), Number.MAX_SAFE_INTEGER, 'the weights file', byteLength);
    },
  };
}

/** A weights file, written atomically, through the given file system. */
export function fileBlobStoreWith(file: string, files: NodeFilesProvider): BlobStore {
  return {
    description: file,
    async write(bytes) {
      const { fs, path } = await files();
      await fs.mkdir(path.dirname(file), { recursive: true });
      await removeStaleTemporaries(fs, path, path.dirname(file), (n) => n === path.basename(file));
      await writeAtomic(fs, path, file, bytes);
    },
    async read(maxBytes) {
      const { fs } = await files();
      return readLimited(fs, file, maxBytes, 'the weights file');
    },
  };
}
