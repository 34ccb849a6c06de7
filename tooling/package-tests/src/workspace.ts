/**
 * The workspace as a publisher sees it: which packages are published, building them (through turbo, so an
 * up-to-date build is a cache hit) and packing them with `pnpm pack` (which rewrites `workspace:` ranges).
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The monorepo root. */
export const ROOT = resolve(fileURLToPath(new URL('../../..', import.meta.url)));

/** One workspace package that is published to the registry. */
export interface PublishedPackage {
  readonly name: string;
  readonly version: string;
  readonly dir: string;
}

/** Every `packages/*` package that is not private, sorted by name. */
export function publishedPackages(): PublishedPackage[] {
  const out: PublishedPackage[] = [];
  for (const d of readdirSync(join(ROOT, 'packages'))) {
    const file = join(ROOT, 'packages', d, 'package.json');
    if (!existsSync(file)) continue;
    const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name: string; version: string; private?: boolean };
    if (!pkg.private) out.push({ name: pkg.name, version: pkg.version, dir: join(ROOT, 'packages', d) });
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
}

/** The environment of a child process, without the npm_* / pnpm variables a parent `pnpm run` sets. */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (/^(npm_|pnpm_|PNPM_)/i.test(k) || k === 'INIT_CWD' || k === 'NODE_OPTIONS') continue;
    env[k] = v;
  }
  return { ...env, TURBO_TELEMETRY_DISABLED: '1', TURBO_NO_UPDATE_NOTIFIER: '1', NO_COLOR: '1', ...extra };
}

/** The result of a finished command. */
export interface RunResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a command to completion (asynchronously, so several can run at once). */
export function run(cmd: string, args: string[], cwd: string, env = cleanEnv()): Promise<RunResult> {
  return new Promise((done, fail) => {
    const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', fail);
    child.on('close', (code) => done({ code: code ?? 1, stdout, stderr }));
  });
}

/** Like {@link run}, but throws with the command's output when it fails. */
export async function runOk(cmd: string, args: string[], cwd: string, env = cleanEnv()): Promise<RunResult> {
  const r = await run(cmd, args, cwd, env);
  if (r.code !== 0) {
    throw new Error(`${cmd} ${args.join(' ')} (in ${cwd}) exited ${r.code}\n${tail(r.stdout)}\n${tail(r.stderr)}`);
  }
  return r;
}

/** The last lines of a long log. */
export function tail(s: string, lines = 40): string {
  return s.trimEnd().split('\n').slice(-lines).join('\n');
}

/**
 * Builds the given packages and their dependencies with turbo (`--continue`, so one failing package does not stop
 * the others). Returns the names whose build failed, and turbo's log.
 */
export function buildPackages(names: readonly string[]): { failed: string[]; log: string } {
  const args = ['exec', 'turbo', 'run', 'build', ...names.map((n) => `--filter=${n}`)];
  args.push('--continue', '--output-logs=errors-only', '--ui=stream', '--concurrency=2', '--env-mode=loose');
  const r = spawnSync('pnpm', args, { cwd: ROOT, env: cleanEnv(), encoding: 'utf8', maxBuffer: 64 << 20 });
  const log = `${r.stdout ?? ''}\n${r.stderr ?? ''}`;
  if (r.status === 0) return { failed: [], log };
  const failed = new Set<string>();
  for (const m of log.matchAll(/(@lab\/[\w-]+)#build/g)) failed.add(m[1]);
  // A failure turbo did not attribute (no task line) counts against every package we asked for.
  if (failed.size === 0) names.forEach((n) => failed.add(n));
  return { failed: [...failed], log };
}

/** `pnpm pack` one package into `dest`; returns the tarball's path. */
export async function packPackage(pkg: PublishedPackage, dest: string): Promise<string> {
  await runOk('pnpm', ['pack', '--pack-destination', dest], pkg.dir);
  const file = `${pkg.name.replace(/^@/, '').replace('/', '-')}-${pkg.version}.tgz`;
  const path = join(dest, file);
  if (!existsSync(path)) throw new Error(`pnpm pack ${pkg.name}: expected ${path}`);
  return path;
}

/** The last lines turbo printed for one package's build (`<name>:build: ...`). */
export function buildLogOf(log: string, name: string, lines = 25): string {
  const own = log.split('\n').filter((l) => l.startsWith(`${name}:build:`));
  return own.length ? own.slice(-lines).join('\n') : tail(log, lines);
}
