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

/**
 * attw's problems, one line per kind and entry point, listing the resolution modes it fails in. Every entry point
 * of `exports` is checked in every mode, node10 included (TypeScript users on `moduleResolution: "node"` still
 * exist), with nothing excluded: a package exports modules only (an asset such as a .wasm file ships as a file,
 * not as an export, since no resolution mode can give it types).
 */
export async function attwFindings(tarball: string): Promise<string[]> {
  const bin = join(import.meta.dirname, '..', 'node_modules', '.bin', 'attw');
  const r = await run(bin, [tarball, '--format', 'json'], import.meta.dirname);
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

/** The paths of the files in a packed tarball, relative to the package (without tar's leading `package/`). */
export async function tarballFiles(tarball: string): Promise<string[]> {
  const r = await run('tar', ['-tzf', tarball], import.meta.dirname);
  if (r.code !== 0) throw new Error(`cannot list ${tarball}: ${r.stderr.trim()}`);
  return r.stdout.split('\n').filter(Boolean).map((f) => f.replace(/^package\//, ''));
}

/** One text file of a packed tarball (`path` relative to the package). */
export async function tarballText(tarball: string, path: string): Promise<string> {
  const r = await run('tar', ['-xzOf', tarball, `package/${path}`], import.meta.dirname);
  if (r.code !== 0) throw new Error(`cannot read ${path} from ${tarball}: ${r.stderr.trim()}`);
  return r.stdout;
}
