/**
 * `pnpm bench`: runs the workloads on lab's backends and on TensorFlow.js, round by round, prints one markdown
 * table and writes it to results/local.md (git-ignored), or to the tracked results/latest.md with --write (and the
 * full report to --json).
 *
 * Options are parsed with node's built-in `util.parseArgs`: a dependency-free, strict parser (unknown options and
 * missing values are errors) that covers what this CLI needs: a few string options, a number and flags.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { BENCH_DIR, runBench } from './runner.js';
import { renderMarkdown } from './table.js';
import { BACKENDS, DEFAULT_BACKENDS, type BackendId, type MeasureOptions } from './types.js';
import { selectWorkloads, WORKLOADS, type Workload } from './workloads/index.js';

/** What the command line asks for. */
export interface CliOptions {
  backends: BackendId[];
  workloads: Workload[];
  measure: MeasureOptions;
  /** Rounds over every workload and backend. */
  rounds: number;
  stallTimeoutMs: number;
  json: string | null;
  md: string;
  verbose: boolean;
  help: boolean;
  list: boolean;
  quick: boolean;
}

export const USAGE = `Usage: pnpm bench [options]

Runs the same workloads on lab (cpu, wasm, webgpu) and TensorFlow.js (cpu, wasm), one process per backend,
interleaved round by round, and prints a markdown table: each cell is the median over the rounds with the
range (min-max); a second table gives the same rows in process CPU time per call, which stays readable when
other processes load the machine. The tables go to tooling/bench/results/local.md (git-ignored); the tracked
tooling/bench/results/latest.md is written only with --write. lab-wasm-2t (2 threads) runs when named:
-b lab-wasm,lab-wasm-2t gives the 1-vs-2-thread table.

Options:
  -b, --backends <list>   comma-separated: ${BACKENDS.join(', ')}, or lab, tfjs, jax, all
                          (default: ${DEFAULT_BACKENDS.join(', ')})
  -w, --workloads <list>  comma-separated ids or families (default: all); see --list
  -R, --rounds <n>        rounds: every workload on every backend once per round (default 4, --quick 1)
  -r, --reps <n>          timed repetitions per workload and round; their median is the round's value
                          (default 5, --quick 3)
      --steps <n>         timed training steps of the convnet and LSTM per round (default 10, --quick 2)
      --backend-steps <b=n,...>  fewer timed model steps for some backends (default tfjs-cpu=3: its convnet
                          step takes about a minute on the 2-core machines)
      --quick             1 round, few reps, short repetitions, 10 MLP steps: a smoke run, not a measurement
      --write             write the table to the tracked results/latest.md (instead of results/local.md)
      --json <file>       also write the full report (every sample, losses, checksums) as JSON
      --md <file>         where to write the markdown (default tooling/bench/results/local.md)
      --timeout <s>       kill a backend's worker after this many seconds without progress (default 600, --quick 180)
      --verbose           pass the workers' own output through
      --list              list the workloads and backends, then exit
  -h, --help              this text

lab-webgpu in Node needs a Vulkan driver: VK_ICD_FILENAMES=/usr/lib/chromium/vk_swiftshader_icd.json (set
automatically when unset and that file exists). Backends that cannot start show '-' and the reason.`;

/** Thrown for a bad command line: the CLI prints the message and the usage, and exits with 2. */
export class UsageError extends Error {}

function list(value: string | undefined): string[] | undefined {
  return value === undefined
    ? undefined
    : value
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s !== '');
}

function parseBackends(names: string[] | undefined): BackendId[] {
  if (!names || names.length === 0) return [...DEFAULT_BACKENDS];
  const out = new Set<BackendId>();
  for (const n of names) {
    if (n === 'all') BACKENDS.forEach((b) => out.add(b));
    else if (n === 'lab' || n === 'tfjs' || n === 'jax') BACKENDS.filter((b) => b.startsWith(`${n}-`)).forEach((b) => out.add(b));
    else if ((BACKENDS as readonly string[]).includes(n)) out.add(n as BackendId);
    else throw new UsageError(`unknown backend '${n}'. Known: ${BACKENDS.join(', ')}, lab, tfjs, jax, all`);
  }
  return BACKENDS.filter((b) => out.has(b));
}

function positiveInt(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`--${name} must be a positive integer, got '${value}'`);
  return n;
}

/** Timed model steps of the slow backends unless `--backend-steps` says otherwise. */
const DEFAULT_BACKEND_STEPS: Partial<Record<BackendId, number>> = { 'tfjs-cpu': 3 };

/** `tfjs-cpu=2,lab-cpu=5` -> `{ 'tfjs-cpu': 2, 'lab-cpu': 5 }`. */
function parseBackendSteps(items: string[] | undefined): Partial<Record<BackendId, number>> {
  const out: Partial<Record<BackendId, number>> = {};
  for (const item of items ?? []) {
    const [name, n] = item.split('=');
    if (!(BACKENDS as readonly string[]).includes(name ?? '')) throw new UsageError(`--backend-steps: unknown backend '${name}' in '${item}'. Known: ${BACKENDS.join(', ')}`);
    if (n === undefined) throw new UsageError(`--backend-steps: expected <backend>=<steps>, got '${item}'`);
    out[name as BackendId] = positiveInt('backend-steps', n);
  }
  return out;
}

/** Paths on the command line are relative to where `pnpm bench` was typed (pnpm runs scripts in the package). */
function userPath(p: string): string {
  return isAbsolute(p) ? p : resolve(process.env.INIT_CWD ?? process.cwd(), p);
}

/** Parses the arguments (without node and the script). Throws {@link UsageError} for a bad command line. */
export function parseCli(argv: readonly string[]): CliOptions {
  // `pnpm bench -- --quick` passes the `--` through.
  const args = argv[0] === '--' ? argv.slice(1) : [...argv];
  let values;
  try {
    ({ values } = parseArgs({
      args,
      strict: true,
      allowPositionals: false,
      options: {
        backends: { type: 'string', short: 'b' },
        workloads: { type: 'string', short: 'w' },
        reps: { type: 'string', short: 'r' },
        rounds: { type: 'string', short: 'R' },
        steps: { type: 'string' },
        'backend-steps': { type: 'string' },
        write: { type: 'boolean', default: false },
        quick: { type: 'boolean', default: false },
        json: { type: 'string' },
        md: { type: 'string' },
        timeout: { type: 'string' },
        verbose: { type: 'boolean', default: false },
        list: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const quick = values.quick === true;
  let workloads: Workload[];
  try {
    workloads = selectWorkloads(list(values.workloads));
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const measure: MeasureOptions = quick
    ? { reps: 3, warmup: 1, minRepMs: 5, mlpSteps: 10, modelSteps: 2 }
    : { reps: 5, warmup: 3, minRepMs: 100, mlpSteps: 100, modelSteps: 10 };
  measure.reps = positiveInt('reps', values.reps) ?? measure.reps;
  measure.modelSteps = positiveInt('steps', values.steps) ?? measure.modelSteps;
  measure.modelStepsByBackend = { ...DEFAULT_BACKEND_STEPS, ...parseBackendSteps(list(values['backend-steps'])) };
  if (values.write === true && values.md !== undefined) throw new UsageError('--write and --md name two different files: give one');
  const timeoutS = positiveInt('timeout', values.timeout) ?? (quick ? 180 : 600);
  return {
    backends: parseBackends(list(values.backends)),
    workloads,
    measure,
    rounds: positiveInt('rounds', values.rounds) ?? (quick ? 1 : 4),
    stallTimeoutMs: timeoutS * 1000,
    json: values.json === undefined ? null : userPath(values.json),
    md: values.md !== undefined ? userPath(values.md) : join(BENCH_DIR, 'results', values.write === true ? 'latest.md' : 'local.md'),
    verbose: values.verbose === true,
    help: values.help === true,
    list: values.list === true,
    quick,
  };
}

function write(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}

/** Runs the CLI; resolves with the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  let o: CliOptions;
  try {
    o = parseCli(argv);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    console.error(`bench: ${e.message}\n\n${USAGE}`);
    return 2;
  }
  if (o.help) {
    console.log(USAGE);
    return 0;
  }
  if (o.list) {
    console.log(`backends: ${BACKENDS.join(', ')}`);
    console.log('workloads (id: title [unit], family):');
    for (const w of WORKLOADS) console.log(`  ${w.id}: ${w.title} [${w.unit}], ${w.family}`);
    return 0;
  }
  const started = Date.now();
  console.error(
    `bench: ${o.workloads.length} workload(s) on ${o.backends.join(', ')}, ${o.rounds} round(s)${o.quick ? ' (quick: not a measurement)' : ''}`,
  );
  const report = await runBench({
    backends: o.backends,
    workloads: o.workloads,
    measure: o.measure,
    rounds: o.rounds,
    stallTimeoutMs: o.stallTimeoutMs,
    verbose: o.verbose,
    log: (line) => console.error(line),
  });
  const md = renderMarkdown(report);
  console.log(`\n${md}`);
  write(o.md, `${md}\n`);
  console.error(`bench: wrote ${o.md}`);
  if (o.json) {
    write(o.json, `${JSON.stringify(report, null, 2)}\n`);
    console.error(`bench: wrote ${o.json}`);
  }
  console.error(`bench: done in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  const anyNumber = Object.values(report.cells).some((row) => Object.values(row).some((c) => c?.value !== null));
  return anyNumber ? 0 : 1;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      console.error(e);
      process.exitCode = 1;
    },
  );
}
