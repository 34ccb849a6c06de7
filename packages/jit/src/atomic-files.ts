/**
 * Replacing a set of files in one directory atomically (Node only: imported by ./node.ts alone). A module is two
 * files (`module.json`, `weights.bin`) that must change together, and two renames are not one: a process killed
 * between them would leave a new graph over old weights. So a save is a small journal:
 *
 * 1. every file is written to `<name>.<pid>.<random>.tmp` beside it and fsynced;
 * 2. a commit record `.lab-commit` naming those temporaries is written (temporary, fsync, rename): the commit;
 * 3. the temporaries are renamed over the files, then the record is removed.
 *
 * Killed before 2, the old files are intact; after it, readers follow the record to the new files
 * ({@link committedPaths}), and the next save finishes the renames. That save also removes temporaries whose
 * writer is gone.
 */
import { open, readFile, readdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';

/** The commit record's name (a dot file: not part of the module's listing). */
const RECORD = '.lab-commit';
/** `<name>.<pid>.<random>.tmp`: the pid tells a later save whether the writer is still running. */
const TEMP = /^(.+)\.(\d+)\.[a-z0-9]+\.tmp$/;

interface CommitRecord {
  /** `<pid>.<random>` of the save. */
  readonly tag: string;
  /** The files it replaces. */
  readonly names: readonly string[];
}

async function exists(file: string): Promise<boolean> {
  try {
    await (await open(file, 'r')).close();
    return true;
  } catch {
    return false;
  }
}

/** fsyncs a directory so the renames in it are durable (skipped where directories cannot be opened). */
async function syncDir(dir: string): Promise<void> {
  let h;
  try {
    h = await open(dir, 'r');
  } catch {
    return;
  }
  try {
    await h.sync();
  } catch {
    // Some file systems refuse fsync on a directory; each rename is still atomic.
  } finally {
    await h.close();
  }
}

async function writeSynced(file: string, data: Uint8Array | string): Promise<void> {
  const h = await open(file, 'w');
  try {
    await h.writeFile(data);
    await h.sync();
  } finally {
    await h.close();
  }
}

/** The commit record of `dir`, or null when there is none (or it cannot be read: then nothing was committed). */
async function readRecord(dir: string): Promise<CommitRecord | null> {
  let text: string;
  try {
    text = await readFile(join(dir, RECORD), 'utf8');
  } catch {
    return null;
  }
  try {
    const r = JSON.parse(text) as CommitRecord;
    if (typeof r.tag === 'string' && /^\d+\.[a-z0-9]+$/.test(r.tag) && Array.isArray(r.names) && r.names.every((n) => typeof n === 'string' && !/[\\/]/.test(n))) {
      return r;
    }
  } catch {
    // fall through: a record is written by rename, so a bad one was not ours
  }
  return null;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as { code?: string }).code === 'EPERM';
  }
}

/** Finishes a save that committed but was killed before its renames, then removes dead writers' temporaries. */
async function recover(dir: string, names: readonly string[]): Promise<void> {
  const r = await readRecord(dir);
  if (r) {
    for (const n of r.names) {
      const tmp = join(dir, `${n}.${r.tag}.tmp`);
      if (await exists(tmp)) await rename(tmp, join(dir, n));
    }
    await syncDir(dir);
    await rm(join(dir, RECORD), { force: true });
  }
  const ours = new Set([...names, RECORD]);
  for (const entry of await readdir(dir)) {
    const m = TEMP.exec(entry);
    if (m && ours.has(m[1]) && Number(m[2]) !== process.pid && !alive(Number(m[2]))) await rm(join(dir, entry), { force: true });
  }
}

/**
 * Replaces the files `entries` (name, contents) in the existing directory `dir` so that a reader going through
 * {@link committedPaths} sees all the old files or all the new ones, even if the process dies at any point.
 */
export async function replaceFiles(dir: string, entries: readonly (readonly [name: string, data: Uint8Array | string])[]): Promise<void> {
  const names = entries.map(([n]) => n);
  await recover(dir, names);
  const tag = `${process.pid}.${Math.random().toString(36).slice(2, 10)}`;
  const temps = names.map((n) => join(dir, `${n}.${tag}.tmp`));
  const recordTmp = join(dir, `${RECORD}.${tag}.tmp`);
  try {
    for (let i = 0; i < entries.length; i++) await writeSynced(temps[i], entries[i][1]);
    await writeSynced(recordTmp, JSON.stringify({ tag, names } satisfies CommitRecord));
    await rename(recordTmp, join(dir, RECORD));
  } catch (e) {
    // Not committed: the old files stand; drop what this save wrote.
    for (const t of [...temps, recordTmp]) await rm(t, { force: true });
    throw e;
  }
  await syncDir(dir);
  for (let i = 0; i < entries.length; i++) await rename(temps[i], join(dir, names[i]));
  await syncDir(dir);
  await rm(join(dir, RECORD), { force: true });
}

/**
 * Reads each of `names` in `dir`: the file itself, or the committed temporary of a save that was killed between
 * its commit and its renames (that save's files are the current version). A temporary renamed away while it is
 * being read is read under its final name.
 */
export async function readCommitted(dir: string, names: readonly string[]): Promise<Uint8Array[]> {
  const r = await readRecord(dir);
  const out: Uint8Array[] = [];
  for (const n of names) {
    let data: Uint8Array | null = null;
    if (r && r.names.includes(n)) {
      try {
        data = await readFile(join(dir, `${n}.${r.tag}.tmp`));
      } catch {
        data = null;
      }
    }
    out.push(data ?? (await readFile(join(dir, n))));
  }
  return out;
}
