/**
 * Writing an exported model to a `.onnx` file (Node), atomically: the bytes go to a temporary file beside the
 * target, fsynced, then renamed over it, so a reader or a process killed mid-save finds the old file or the new
 * one. Node's modules are reached at run time (`process.getBuiltinModule`), never imported, so browser bundles of
 * @lab/onnx see no Node module.
 */
import { removeStaleTemporaries, writeAtomic, type AtomicWriteFs, type Functional, type PathLike, type Sequential } from '@lab/layers';
import { exportOnnxAsync, type ExportOptions } from './export.js';

interface NodeProcess {
  versions?: { node?: string };
  getBuiltinModule?: (name: string) => unknown;
}

function nodeProcess(): NodeProcess {
  const p = (globalThis as { process?: NodeProcess }).process;
  if (!p?.versions?.node) {
    throw new Error('saveOnnx: writing a file needs Node.js; in a browser, use exportOnnxAsync(model) and save the bytes yourself');
  }
  return p;
}

async function nodeModules(p: NodeProcess): Promise<{ fs: AtomicWriteFs; path: PathLike }> {
  if (typeof p.getBuiltinModule === 'function') {
    return { fs: p.getBuiltinModule('node:fs/promises') as AtomicWriteFs, path: p.getBuiltinModule('node:path') as PathLike };
  }
  // Node before 20.16: variables, so that no bundler tries to resolve them for a browser build.
  const fsName = 'node:fs/promises';
  const pathName = 'node:path';
  const [fs, path] = await Promise.all([
    import(/* @vite-ignore */ /* webpackIgnore: true */ fsName) as Promise<AtomicWriteFs>,
    import(/* @vite-ignore */ /* webpackIgnore: true */ pathName) as Promise<PathLike>,
  ]);
  return { fs, path };
}

/** Writes `bytes` to `file` atomically (temporary, fsync, rename, fsync of the directory: @lab/layers' writer). */
export async function writeFileAtomic(file: string, bytes: Uint8Array): Promise<void> {
  const { fs, path } = await nodeModules(nodeProcess());
  const base = path.basename(file);
  // Temporaries of this file left by saves that were killed (their writer is gone).
  await removeStaleTemporaries(fs, path, path.dirname(file), (name) => name === base);
  await writeAtomic(fs, path, file, bytes);
}

/**
 * Exports `model` (see {@link exportOnnxAsync}) and writes it to the file `file` atomically: a reader, or a
 * process killed during the save, finds the previous file or the new one, never a partial one. Node only.
 *
 * @param model A built Sequential or functional model.
 * @param file The `.onnx` file to write; its directory must exist.
 * @param options Export options (graph name).
 * @returns When the file is in place.
 * @example
 * ```ts
 * await saveOnnx(model, 'model.onnx');
 * ```
 */
export async function saveOnnx(model: Sequential | Functional, file: string, options: ExportOptions = {}): Promise<void> {
  nodeProcess();
  await writeFileAtomic(file, await exportOnnxAsync(model, options));
}
