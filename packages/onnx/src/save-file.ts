/**
 * Writing an exported model to a `.onnx` file (Node), atomically: the bytes go to a temporary file beside the
 * target, fsynced, then renamed over it, so a reader or a process killed mid-save finds the old file or the new
 * one. Node's modules are reached at run time (`process.getBuiltinModule`), never imported, so browser bundles of
 * @lab/onnx see no Node module.
 */
import type { Functional, Sequential } from '@lab/layers';
import { exportOnnxAsync, type ExportOptions } from './export.js';

interface FileHandle {
  writeFile(data: Uint8Array): Promise<void>;
  sync(): Promise<void>;
  close(): Promise<void>;
}

interface Fs {
  open(path: string, flags: string): Promise<FileHandle>;
  rename(from: string, to: string): Promise<void>;
  rm(path: string, options: { force: boolean }): Promise<void>;
  readdir(path: string): Promise<string[]>;
}

interface Path {
  dirname(p: string): string;
  basename(p: string): string;
  join(...parts: string[]): string;
}

interface NodeProcess {
  pid: number;
  versions?: { node?: string };
  getBuiltinModule?: (name: string) => unknown;
  kill(pid: number, signal: number): boolean;
}

function nodeProcess(): NodeProcess {
  const p = (globalThis as { process?: NodeProcess }).process;
  if (!p?.versions?.node) {
    throw new Error('saveOnnx: writing a file needs Node.js; in a browser, use exportOnnxAsync(model) and save the bytes yourself');
  }
  return p;
}

async function nodeModules(p: NodeProcess): Promise<{ fs: Fs; path: Path }> {
  if (typeof p.getBuiltinModule === 'function') {
    return { fs: p.getBuiltinModule('node:fs/promises') as Fs, path: p.getBuiltinModule('node:path') as Path };
  }
  // Node before 20.16: variables, so that no bundler tries to resolve them for a browser build.
  const fsName = 'node:fs/promises';
  const pathName = 'node:path';
  const [fs, path] = await Promise.all([
    import(/* @vite-ignore */ /* webpackIgnore: true */ fsName) as Promise<Fs>,
    import(/* @vite-ignore */ /* webpackIgnore: true */ pathName) as Promise<Path>,
  ]);
  return { fs, path };
}

/** `<name>.<pid>.<random>.tmp`: the pid tells a later save whether its writer is still running. */
const TEMP = /^(.+)\.(\d+)\.[a-z0-9]+\.tmp$/;

function alive(p: NodeProcess, pid: number): boolean {
  try {
    p.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as { code?: string }).code === 'EPERM';
  }
}

/** Removes temporaries of `file` left by saves that were killed (their writer is gone). */
async function removeStale(p: NodeProcess, fs: Fs, path: Path, file: string): Promise<void> {
  const dir = path.dirname(file);
  const base = path.basename(file);
  for (const name of await fs.readdir(dir)) {
    const m = TEMP.exec(name);
    if (m && m[1] === base && Number(m[2]) !== p.pid && !alive(p, Number(m[2]))) await fs.rm(path.join(dir, name), { force: true });
  }
}

/** Writes `bytes` to `file` atomically (temporary, fsync, rename, fsync of the directory). */
export async function writeFileAtomic(file: string, bytes: Uint8Array): Promise<void> {
  const p = nodeProcess();
  const { fs, path } = await nodeModules(p);
  await removeStale(p, fs, path, file);
  const dir = path.dirname(file);
  const tmp = path.join(dir, `${path.basename(file)}.${p.pid}.${Math.random().toString(36).slice(2, 10)}.tmp`);
  try {
    const h = await fs.open(tmp, 'w');
    try {
      await h.writeFile(bytes);
      await h.sync();
    } finally {
      await h.close();
    }
    await fs.rename(tmp, file);
  } catch (e) {
    await fs.rm(tmp, { force: true });
    throw e;
  }
  try {
    const d = await fs.open(dir, 'r');
    try {
      await d.sync();
    } finally {
      await d.close();
    }
  } catch {
    // Directories cannot be opened or fsynced everywhere (Windows); the rename itself is atomic.
  }
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
