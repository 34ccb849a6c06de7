/**
 * Atomic file replacement for the file stores (Node): the bytes go to a temporary file in the target's own
 * directory (a rename across file systems is a copy, not atomic), which is fsynced and then renamed over the
 * target, and the directory is fsynced so the rename survives a power cut. A process killed mid-save leaves the
 * old file untouched plus a temporary; the next save removes temporaries whose writer is gone.
 */
import type { FsPromisesLike, PathLike } from './file-store.js';

/** The parts of `node:fs/promises` an atomic write uses. */
export type AtomicWriteFs = Pick<FsPromisesLike, 'open' | 'rename' | 'rm' | 'readdir'>;

interface ProcessLike {
  pid?: number;
  kill?: (pid: number, signal: number) => boolean;
}

function proc(): ProcessLike | undefined {
  return (globalThis as { process?: ProcessLike }).process;
}

/** Temporary name for `base`: `<base>.<pid>.<random>.tmp`, so a later save can tell whose it is. */
function tempName(base: string): string {
  return `${base}.${proc()?.pid ?? 0}.${Math.random().toString(36).slice(2, 10)}.tmp`;
}

/** True unless `pid` is known to be gone (signal 0 probes without sending anything). */
function alive(pid: number): boolean {
  const p = proc();
  if (!p?.kill) return true;
  try {
    p.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it exists but belongs to someone else.
    return (e as { code?: string }).code === 'EPERM';
  }
}

/** fsyncs a directory so renames in it are durable; skipped where directories cannot be opened (Windows). */
async function syncDir(fs: AtomicWriteFs, dir: string): Promise<void> {
  let h: Awaited<ReturnType<AtomicWriteFs['open']>>;
  try {
    h = await fs.open(dir, 'r');
  } catch {
    return;
  }
  try {
    await h.sync();
  } catch {
    // Some file systems refuse fsync on a directory; the rename itself is still atomic.
  } finally {
    await h.close();
  }
}

const TEMP = /^(.+)\.(\d+)\.[a-z0-9]+\.tmp$/;

/**
 * Removes temporaries in `dir` of files whose name `isOurs` accepts, left by writers that died (a killed
 * process): ones of this process or of a live one may belong to a save in progress and stay.
 * @param fs - Node's `fs/promises` (or the parts of it named by {@link AtomicWriteFs}).
 * @param path - Node's `path`.
 * @param dir - The directory to clean.
 * @param isOurs - Whether a file name (without the temporary suffix) is one this writer owns.
 * @returns When the stale temporaries are gone.
 * @example
 * ```ts
 * import * as fs from 'node:fs/promises';
 * import * as path from 'node:path';
 * await removeStaleTemporaries(fs, path, 'checkpoints', (name) => name.endsWith('.safetensors'));
 * ```
 */
export async function removeStaleTemporaries(fs: AtomicWriteFs, path: PathLike, dir: string, isOurs: (name: string) => boolean): Promise<void> {
  const own = proc()?.pid;
  let names: string[];
  try {
    names = await fs.readdir(dir);
  } catch {
    return;
  }
  for (const name of names) {
    const m = TEMP.exec(name);
    if (!m || !isOurs(m[1])) continue;
    const pid = Number(m[2]);
    if (pid !== own && !alive(pid)) await fs.rm(path.join(dir, name), { force: true });
  }
}

/**
 * Writes `bytes` to `file` atomically: a temporary file in the same directory, fsync, rename, fsync the
 * directory. Node's modules come from the caller, so this module imports none (browser bundles stay clean).
 * @param fs - Node's `fs/promises` (or the parts of it named by {@link AtomicWriteFs}).
 * @param path - Node's `path`.
 * @param file - The file to replace; its directory must exist.
 * @param bytes - The new contents.
 * @returns When the file is in place and the rename is durable.
 * @example
 * ```ts
 * import * as fs from 'node:fs/promises';
 * import * as path from 'node:path';
 * await writeAtomic(fs, path, 'checkpoints/model.json', JSON.stringify({ step: 100 }));
 * ```
 */
export async function writeAtomic(fs: AtomicWriteFs, path: PathLike, file: string, bytes: Uint8Array | string): Promise<void> {
  const dir = path.dirname(file);
  const tmp = path.join(dir, tempName(path.basename(file)));
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
  await syncDir(fs, dir);
}
