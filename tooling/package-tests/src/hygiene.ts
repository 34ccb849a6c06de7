/**
 * Package hygiene of one packed tarball: publint (package.json against the files in the tarball) and
 * `attw` from @arethetypeswrong/cli (does every entry point resolve to types, in node10, node16 CJS/ESM and
 * bundler resolution). Each finding is one line: `<tool> <level or kind> <code or entry point>: <message>`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';
import { run } from './workspace.js';

/** publint's findings (suggestions included). */
export async function publintFindings(tarball: string): Promise<string[]> {
  const bytes = readFileSync(tarball);
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  const r = await publint({ pack: { tarball: buffer }, level: 'suggestion' });
  // formatMessage colours its output when the terminal allows (CI does): compare plain text.
  return r.messages.map((m) => `publint ${m.type} ${m.code}: ${formatMessage(m, r.pkg) ?? ''}`.replace(/\x1b\[[0-9;]*m/g, '').trim());
}

interface AttwProblem {
  kind: string;
  entrypoint?: string;
  resolutionKind?: string;
}

/** Extensions of entry points that are modules (or their types), which attw can analyse. */
const MODULE_EXTENSIONS = /\.(?:[cm]?js|d\.[cm]?ts|json)$/;

/**
 * The `exports` subpaths of a packed package that name a non-module asset (e.g. `./lab-kernels.wasm`, loaded
 * with `new URL(..., import.meta.url)` or a bundler's `?url`): attw would report them as unresolvable in every
 * mode, because no resolution mode turns a .wasm file into types. Subpaths without an extension are modules.
 */
export async function assetEntrypoints(tarball: string): Promise<string[]> {
  const r = await run('tar', ['-xzOf', tarball, 'package/package.json'], import.meta.dirname);
  if (r.code !== 0) throw new Error(`cannot read package.json from ${tarball}: ${r.stderr.trim()}`);
  const { exports } = JSON.parse(r.stdout) as { exports?: unknown };
  if (!exports || typeof exports !== 'object') return [];
  return Object.keys(exports).filter((k) => k.startsWith('./') && /\.[a-z0-9]+$/i.test(k) && !MODULE_EXTENSIONS.test(k));
}

/**
 * attw's problems, one line per kind and entry point, listing the resolution modes it fails in. Asset entry
 * points ({@link assetEntrypoints}) are excluded; every module entry point is checked in every mode, node10
 * included (TypeScript users on `moduleResolution: "node"` still exist).
 */
export async function attwFindings(tarball: string): Promise<string[]> {
  const bin = join(import.meta.dirname, '..', 'node_modules', '.bin', 'attw');
  const assets = await assetEntrypoints(tarball);
  const exclude = assets.length ? ['--exclude-entrypoints', ...assets] : [];
  const r = await run(bin, [tarball, '--format', 'json', ...exclude], import.meta.dirname);
  let parsed: { analysis?: { problems?: AttwProblem[] } };
  try {
    parsed = JSON.parse(r.stdout) as typeof parsed;
  } catch {
    return [`attw failed (exit ${r.code}): ${r.stderr.trim() || r.stdout.trim()}`];
  }
  const byKey = new Map<string, string[]>();
  for (const p of parsed.analysis?.problems ?? []) {
    const key = `attw ${p.kind} ${p.entrypoint ?? ''}`.trim();
    byKey.set(key, [...(byKey.get(key) ?? []), p.resolutionKind ?? '?']);
  }
  return [...byKey].map(([key, modes]) => `${key} (${modes.join(', ')})`);
}
