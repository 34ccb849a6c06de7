/**
 * Runs the selected workloads on the selected backends, one worker process per backend, one backend after the
 * other (never two at once: the machine has 2 cores), and collects one report.
 */
import { fork } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BACKENDS, type BackendId, type MeasureOptions, type Unit, type WorkerJob, type WorkerMessage, type WorkloadResult } from './types.js';
import type { Workload } from './workloads/index.js';

/** The package folder (tooling/bench): workers run with it as cwd so `--import tsx` and the tsconfig resolve. */
export const BENCH_DIR = join(dirname(fileURLToPath(import.meta.url)), '..');
const WORKER = join(BENCH_DIR, 'src', 'worker.ts');

/** Debian's chromium package ships SwiftShader's Vulkan driver; Dawn (lab-webgpu in Node) needs one. */
const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';

/** Options of {@link runBench}. */
export interface RunOptions {
  backends: readonly BackendId[];
  workloads: readonly Workload[];
  measure: MeasureOptions;
  /** A worker that reports nothing for this long is killed; its current workload shows as timed out. */
  stallTimeoutMs: number;
  /** Progress lines (default: none). */
  log?: (line: string) => void;
  /** Pass the workers' own stdout/stderr through (default: kept, shown only when a worker dies). */
  verbose?: boolean;
}

/** One table cell: a number, or the reason there is none. */
export interface Cell {
  value: number | null;
  result?: WorkloadResult;
  error?: string;
}

/** What happened to one backend. */
export interface BackendStatus {
  id: BackendId;
  available: boolean;
  /** Library, version and backend details (when it started). */
  info?: string;
  /** Why it is not available. */
  reason?: string;
}

/** Everything one run measured; also what --json writes. */
export interface BenchReport {
  meta: {
    date: string;
    node: string;
    cpu: string;
    cores: number;
    /** 1-minute load average when the run started and when it ended (other processes compete for the cores). */
    load: { start: number; end: number };
    measure: MeasureOptions;
    notes: string[];
  };
  backends: BackendStatus[];
  workloads: { id: string; title: string; unit: Unit; higherIsBetter: boolean }[];
  /** cells[workloadId][backendId] */
  cells: Record<string, Partial<Record<BackendId, Cell>>>;
}

interface WorkerOutcome {
  /** The workload it had started and not finished when it stopped, if any. */
  current: string | null;
  done: boolean;
  exit: string;
  timedOut: boolean;
  output: string[];
}

/** Forks one worker and collects its messages until it exits (or stalls and is killed). */
function runWorker(job: WorkerJob, opts: RunOptions, env: NodeJS.ProcessEnv, onMessage: (m: WorkerMessage) => void): Promise<WorkerOutcome> {
  return new Promise((resolve) => {
    const out: WorkerOutcome = { current: null, done: false, exit: '', timedOut: false, output: [] };
    const child = fork(WORKER, [JSON.stringify(job)], {
      cwd: BENCH_DIR,
      execArgv: ['--import', 'tsx', '--expose-gc'],
      env,
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    const keep = (chunk: Buffer) => {
      const text = chunk.toString();
      if (opts.verbose) process.stderr.write(text);
      out.output.push(...text.split('\n').filter((l) => l.trim() !== ''));
      if (out.output.length > 40) out.output.splice(0, out.output.length - 40);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    let timer: NodeJS.Timeout;
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        out.timedOut = true;
        child.kill('SIGKILL');
      }, opts.stallTimeoutMs);
    };
    arm();
    child.on('message', (raw) => {
      arm();
      const msg = raw as WorkerMessage;
      if (msg.type === 'start') out.current = msg.workload;
      if (msg.type === 'result' || msg.type === 'error') out.current = null;
      if (msg.type === 'done') out.done = true;
      onMessage(msg);
    });
    child.on('error', (e) => {
      out.output.push(`cannot start the worker: ${e.message}`);
      // A process that never started emits no 'exit'.
      if (child.pid === undefined) {
        clearTimeout(timer);
        out.exit = 'not started';
        resolve(out);
      }
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      out.exit = signal ? `killed by ${signal}` : `exit code ${code}`;
      resolve(out);
    });
  });
}

function fmtValue(v: number, unit: Unit): string {
  return `${v.toPrecision(3)} ${unit}`;
}

/** Runs every selected workload on one backend, restarting the worker after a crash or a stall. */
async function runBackend(id: BackendId, opts: RunOptions, env: NodeJS.ProcessEnv, report: BenchReport): Promise<void> {
  const log = opts.log ?? (() => {});
  const status: BackendStatus = { id, available: false };
  report.backends.push(status);
  let remaining = opts.workloads.map((w) => w.id);
  const setCell = (w: string, cell: Cell) => {
    (report.cells[w] ??= {})[id] = cell;
  };
  while (remaining.length > 0) {
    const finished = new Set<string>();
    // Set from the message callback (an object, so the compiler does not narrow it to its initial value).
    const start: { refused?: string } = {};
    const o = await runWorker({ backend: id, workloads: remaining, measure: opts.measure }, opts, env, (m) => {
      if (m.type === 'ready') {
        if (!status.available) log(`[${id}] ${m.info}`);
        status.available = true;
        status.info = m.info;
      } else if (m.type === 'unavailable') {
        start.refused = m.reason;
      } else if (m.type === 'result') {
        const unit = opts.workloads.find((w) => w.id === m.workload)!.unit;
        setCell(m.workload, { value: m.result.value, result: m.result });
        finished.add(m.workload);
        log(`[${id}] ${m.workload}: ${fmtValue(m.result.value, unit)}`);
      } else if (m.type === 'error') {
        setCell(m.workload, { value: null, error: m.message });
        finished.add(m.workload);
        log(`[${id}] ${m.workload}: failed: ${m.message}`);
      }
    });
    remaining = remaining.filter((w) => !finished.has(w));
    const refused = start.refused;
    if (refused !== undefined) {
      if (!status.available) {
        status.reason = refused;
        log(`[${id}] not available: ${refused}`);
      } else {
        // It started once, then failed to restart after a crash: the rest fail with the reason.
        for (const w of remaining) setCell(w, { value: null, error: `could not restart the backend: ${refused}` });
      }
      break;
    }
    if (o.done || remaining.length === 0) break;
    const why = o.timedOut ? `no progress for ${Math.round(opts.stallTimeoutMs / 1000)} s, killed` : `the worker died (${o.exit})`;
    const tail = o.output.slice(-3).join(' | ');
    if (!status.available) {
      status.reason = `${why} while starting${tail ? `: ${tail}` : ''}`;
      log(`[${id}] not available: ${status.reason}`);
      break;
    }
    // It died inside a workload (or between two): that workload fails, the rest run in a fresh worker.
    const victim = o.current ?? remaining[0]!;
    setCell(victim, { value: null, error: why });
    log(`[${id}] ${victim}: ${why}${tail ? ` (last output: ${tail})` : ''}`);
    remaining = remaining.filter((w) => w !== victim);
  }
}

/** Runs the benchmark and returns the report (the CLI prints and saves it). */
export async function runBench(opts: RunOptions): Promise<BenchReport> {
  const notes: string[] = [];
  const env: NodeJS.ProcessEnv = { ...process.env, TSX_TSCONFIG_PATH: join(BENCH_DIR, 'tsconfig.json') };
  if (opts.backends.includes('lab-webgpu') && !env.VK_ICD_FILENAMES && existsSync(SWIFTSHADER_ICD)) {
    env.VK_ICD_FILENAMES = SWIFTSHADER_ICD;
    notes.push(`lab-webgpu: VK_ICD_FILENAMES was unset; used ${SWIFTSHADER_ICD} (SwiftShader: a CPU Vulkan driver)`);
  }
  const cpuList = cpus();
  const report: BenchReport = {
    meta: {
      date: new Date().toISOString(),
      node: process.version,
      cpu: cpuList[0]?.model.trim() ?? 'unknown',
      cores: cpuList.length,
      load: { start: loadavg()[0]!, end: 0 },
      measure: opts.measure,
      notes,
    },
    backends: [],
    workloads: opts.workloads.map((w) => ({ id: w.id, title: w.title, unit: w.unit, higherIsBetter: w.higherIsBetter })),
    cells: {},
  };
  const order = BACKENDS.filter((b) => opts.backends.includes(b));
  for (const id of order) await runBackend(id, opts, env, report);
  report.meta.load.end = loadavg()[0]!;
  // The end value includes the benchmark's own busy core.
  const { start, end } = report.meta.load;
  if (start > report.meta.cores / 2 || end > report.meta.cores / 2 + 1) {
    notes.push(
      `the machine was busy (1-minute load average ${report.meta.load.start.toFixed(1)} at the start, ` +
        `${report.meta.load.end.toFixed(1)} at the end, on ${report.meta.cores} cores): absolute numbers are noisy; ` +
        'ratios within one run hold up better',
    );
  }
  return report;
}
