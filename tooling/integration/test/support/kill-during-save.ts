/**
 * The kill-during-save harness: a child process (./save-child.ts, bundled from source with esbuild) saves version
 * after version to one path; the parent SIGKILLs it at a random moment of its save loop, loads what is on disk,
 * and requires the last version the child reported saved or the one it was saving, never a broken or mixed file.
 * Delays come from a seeded generator, so a run's sequence of kill points is reproducible up to timing.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';
import { Rng } from '@lab/backend-testkit';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../../../..');

/** Resolves `@lab/<pkg>` and `@lab/<pkg>/<sub>` to the package's source, as the vitest aliases do. */
const labFromSource: Plugin = {
  name: 'lab-from-source',
  setup(b) {
    b.onResolve({ filter: /^@lab\// }, (args) => {
      const [, pkg, sub] = /^@lab\/([^/]+)(?:\/(.+))?$/.exec(args.path) ?? [];
      for (const dir of ['packages', 'apps', 'tooling']) {
        const file = join(root, dir, pkg, 'src', `${sub ?? 'index'}.ts`);
        if (existsSync(file)) return { path: file };
      }
      return undefined;
    });
  },
};

let bundled: Promise<string> | null = null;

/** The child script as one ES module file (built once per process). */
export function childBundle(): Promise<string> {
  bundled ??= (async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'lab-save-child-')), 'save-child.mjs');
    await build({
      entryPoints: [join(here, 'save-child.ts')],
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      outfile: out,
      plugins: [labFromSource],
      logLevel: 'error',
      // CommonJS dependencies (protobufjs) bundled into ESM call require() for Node built-ins.
      banner: { js: "import { createRequire as __labCreateRequire } from 'node:module'; const require = __labCreateRequire(import.meta.url);" },
    });
    return out;
  })();
  return bundled;
}

/** What one run of the child printed, and how it ended. */
export interface ChildRun {
  readonly saving: number[];
  readonly saved: number[];
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stderr: string;
}

/**
 * Runs the child for `writer` on `target` from version `first`: to completion of `count` saves, or until it is
 * killed `killAfterMs` after its first save began.
 */
export async function runChild(writer: string, target: string, first: number, opts: { count?: number; killAfterMs?: number }): Promise<ChildRun> {
  const script = await childBundle();
  const args = [script, writer, target, String(first), ...(opts.count !== undefined ? [String(opts.count)] : [])];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const saving: number[] = [];
  const saved: number[] = [];
  let stderr = '';
  let buf = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  child.stdout.on('data', (d: Buffer) => {
    buf += d.toString();
    let nl: number;
    while ((nl = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, nl);
      buf = buf.slice(nl + 1);
      const m = /^(saving|saved) (\d+)$/.exec(line);
      if (!m) continue;
      // The clock starts at the first save, not at start-up, whose length varies with the machine's load.
      if (m[1] === 'saving' && saving.length === 0 && opts.killAfterMs !== undefined) setTimeout(() => child.kill('SIGKILL'), opts.killAfterMs);
      (m[1] === 'saving' ? saving : saved).push(Number(m[2]));
    }
  });
  const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((res) => child.on('close', (c, s) => res([c, s])));
  return { saving, saved, code, signal, stderr };
}

/** A seeded generator in [0, 1) (the conformance kit's mulberry32). */
export function seeded(seed: number): () => number {
  const r = new Rng(seed);
  return () => r.next();
}

/** Numbers from a kill-during-save run. */
export interface KillReport {
  /** Children killed. */
  kills: number;
  /** Kills that landed while a save was in progress (after `saving`, before `saved`). */
  midSave: number;
  /** Of those, how often the file already held the new version. */
  newVersion: number;
}

/** Kills every run makes at least, even past its time budget (a loaded machine starts children slowly). */
export const MIN_KILLS = 8;

/**
 * Saves, kills and checks for `budgetMs` (and at least {@link MIN_KILLS} kills, within three budgets): `load(target)`
 * must return the version on disk (throwing if the file does not load). Ends with one complete save and returns
 * the numbers.
 */
export async function killDuringSave(writer: string, target: string, load: (target: string) => Promise<number>, budgetMs: number, seed: number): Promise<KillReport> {
  const rnd = seeded(seed);
  const done = await runChild(writer, target, 1, { count: 1 });
  if (done.code !== 0) throw new Error(`the first save of ${writer} failed:\n${done.stderr}`);
  let current = await load(target);
  if (current !== 1) throw new Error(`after the first save of ${writer}, ${target} holds version ${current}`);
  const report: KillReport = { kills: 0, midSave: 0, newVersion: 0 };
  const start = Date.now();
  const more = (): boolean => {
    const t = Date.now() - start;
    return t < budgetMs || (report.kills < MIN_KILLS && t < 3 * budgetMs);
  };
  while (more()) {
    // Up to 250 ms into the save loop: a few saves, so kills land at every stage of one and between them.
    const run = await runChild(writer, target, current + 1, { killAfterMs: Math.floor(rnd() * 250) });
    if (run.signal !== 'SIGKILL') throw new Error(`the ${writer} child was not killed (exit ${run.code}):\n${run.stderr}`);
    report.kills++;
    const lastSaved = run.saved.length > 0 ? run.saved[run.saved.length - 1] : current;
    const inFlight = run.saving.find((v) => v > lastSaved);
    let got: number;
    try {
      got = await load(target);
    } catch (e) {
      throw new Error(`${writer}: after a kill (saved up to ${lastSaved}, saving ${inFlight ?? 'nothing'}), ${target} does not load: ${(e as Error).message}`);
    }
    if (got !== lastSaved && got !== inFlight) {
      throw new Error(`${writer}: after a kill, ${target} holds version ${got}; expected ${lastSaved} (saved) or ${inFlight ?? 'none'} (in flight)`);
    }
    if (inFlight !== undefined) {
      report.midSave++;
      if (got === inFlight) report.newVersion++;
    }
    current = got;
  }
  const last = await runChild(writer, target, current + 1, { count: 1 });
  if (last.code !== 0) throw new Error(`the last save of ${writer} failed:\n${last.stderr}`);
  const final = await load(target);
  if (final !== current + 1) throw new Error(`${writer}: after a complete save of ${current + 1}, ${target} holds ${final}`);
  return report;
}
