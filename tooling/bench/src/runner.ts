/**
 * Runs the selected workloads on the selected backends, one worker process per backend, and collects one report.
 * Only one worker computes at any time (the machines have 2 cores); the others wait idle.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  BACKENDS,
  type BackendId,
  type MeasureOptions,
  type RunnerCommand,
  type Unit,
  type WorkerJob,
  type WorkerMessage,
  type WorkloadResult,
} from './types.js';
import { median } from './measure.js';
import type { Workload } from './workloads/index.js';

/** The package folder (tooling/bench): workers run with it as cwd so `--import tsx` and the tsconfig resolve. */
export const BENCH_DIR = join(dirname(fileURLToPath(import.meta.url)), '..');
const WORKER = join(BENCH_DIR, 'src', 'worker.ts');

/** How long a worker may take to start its backend, whatever --timeout says. */
const START_TIMEOUT_MS = 180_000;

/** Debian's chromium package ships SwiftShader's Vulkan driver; Dawn (lab-webgpu in Node) needs one. */
const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';

/** Options of {@link runBench}. */
export interface RunOptions {
  backends: readonly BackendId[];
  workloads: readonly Workload[];
  measure: MeasureOptions;
  /**
   * Rounds: each round runs every workload once on every backend, so a slow spell of the shared machine lands on
   * one round of every library rather than on all rounds of one. Cells report the median and range over rounds.
   */
  rounds: number;
  /** A worker that reports nothing for this long is killed; its current workload shows as timed out. */
  stallTimeoutMs: number;
  /** Progress lines (default: none). */
  log?: (line: string) => void;
  /** Pass the workers' own stdout/stderr through (default: kept, shown only when a worker dies). */
  verbose?: boolean;
}

/** One table cell: a number, or the reason there is none. */
export interface Cell {
  /** The median over the rounds that produced a number. */
  value: number | null;
  /** Each round's value, in round order (rounds that failed are left out). */
  rounds?: number[];
  /** The median over rounds of each round's process CPU ms per call or step (see {@link WorkloadResult.cpuMs}). */
  cpuMs?: number;
  /** Each round's CPU ms per call or step, in round order. */
  cpuRounds?: number[];
  /** The first round's full result (losses, checksums, samples). */
  result?: WorkloadResult;
  error?: string;
  /** The library lacks what the workload needs (a missing kernel): the table says "not supported", with `error`. */
  unsupported?: boolean;
  /** Losses computed before an unsupported step failed (0: before training). */
  losses?: Record<number, number>;
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
    /** Rounds over every workload and backend (see {@link RunOptions.rounds}). */
    rounds: number;
    notes: string[];
  };
  backends: BackendStatus[];
  workloads: { id: string; title: string; unit: Unit; higherIsBetter: boolean }[];
  /** cells[workloadId][backendId] */
  cells: Record<string, Partial<Record<BackendId, Cell>>>;
}

/** A workload that threw (`unsupported`: the library lacks a kernel it needs) or a worker that died. */
interface Failure {
  error: string;
  died: boolean;
  unsupported?: boolean;
  losses?: Record<number, number>;
}

type WorkerEvent = { kind: 'message'; msg: WorkerMessage } | { kind: 'exit'; why: string };

/**
 * One worker process: forked with tsx (so the @lab sources resolve), driven over IPC. Its messages and its exit
 * arrive as a queue of events; waiting for the next one gives up after the stall timeout and kills the process.
 */
class WorkerProcess {
  private readonly child: ChildProcess;
  private readonly events: WorkerEvent[] = [];
  private waiter: ((e: WorkerEvent) => void) | null = null;
  private exited = false;
  /** The last lines the process printed (shown when it dies). */
  readonly output: string[] = [];

  constructor(
    job: WorkerJob,
    private readonly opts: RunOptions,
    env: NodeJS.ProcessEnv,
  ) {
    this.child = fork(WORKER, [JSON.stringify(job)], {
      cwd: BENCH_DIR,
      execArgv: ['--import', 'tsx', '--expose-gc'],
      env,
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    const keep = (chunk: Buffer) => {
      const text = chunk.toString();
      if (opts.verbose) process.stderr.write(text);
      this.output.push(...text.split('\n').filter((l) => l.trim() !== ''));
      if (this.output.length > 40) this.output.splice(0, this.output.length - 40);
    };
    this.child.stdout?.on('data', keep);
    this.child.stderr?.on('data', keep);
    this.child.on('message', (msg) => this.push({ kind: 'message', msg: msg as WorkerMessage }));
    this.child.on('error', (e) => {
      this.output.push(`cannot run the worker: ${e.message}`);
      // A process that never started emits no 'exit'.
      if (this.child.pid === undefined) this.onExit('it did not start');
    });
    this.child.on('exit', (code, signal) => this.onExit(signal ? `killed by ${signal}` : `exit code ${code}`));
  }

  private onExit(why: string): void {
    if (this.exited) return;
    this.exited = true;
    this.push({ kind: 'exit', why: `the worker died (${why})` });
  }

  private push(e: WorkerEvent): void {
    const w = this.waiter;
    if (w) {
      this.waiter = null;
      w(e);
    } else this.events.push(e);
  }

  /** The next message or the exit; after `timeoutMs` of silence, kills the process and reports that. */
  next(timeoutMs = this.opts.stallTimeoutMs): Promise<WorkerEvent> {
    const queued = this.events.shift();
    if (queued) return Promise.resolve(queued);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiter = null;
        this.exited = true;
        this.child.kill('SIGKILL');
        resolve({ kind: 'exit', why: `no progress for ${Math.round(timeoutMs / 1000)} s, killed` });
      }, timeoutMs);
      this.waiter = (e) => {
        clearTimeout(timer);
        resolve(e);
      };
    });
  }

  /** Waits for the backend to start: its description, or why it cannot. */
  async started(): Promise<{ info: string } | { reason: string }> {
    // Starting includes compiling the sources and, for lab-wasm, possibly building the kernels: not a stall.
    const e = await this.next(Math.max(this.opts.stallTimeoutMs, START_TIMEOUT_MS));
    if (e.kind === 'message' && e.msg.type === 'ready') return { info: e.msg.info };
    if (e.kind === 'message' && e.msg.type === 'unavailable') return { reason: e.msg.reason };
    this.kill();
    const tail = this.output.slice(-3).join(' | ');
    return { reason: `${e.kind === 'exit' ? e.why : 'unexpected message'} while starting${tail ? `: ${tail}` : ''}` };
  }

  /** Runs one workload: its result, or the error it threw, or how the worker died (the worker is then gone). */
  async run(workload: string): Promise<{ result: WorkloadResult } | Failure> {
    this.send({ type: 'run', workload });
    for (;;) {
      const e = await this.next();
      if (e.kind === 'exit') {
        const tail = this.output.slice(-3).join(' | ');
        return { error: `${e.why}${tail ? `; last output: ${tail}` : ''}`, died: true };
      }
      if (e.msg.type === 'result' && e.msg.workload === workload) return { result: e.msg.result };
      if (e.msg.type === 'error' && e.msg.workload === workload) {
        return { error: e.msg.message, died: false, unsupported: e.msg.unsupported, losses: e.msg.losses };
      }
    }
  }

  private send(cmd: RunnerCommand): void {
    if (!this.exited && this.child.connected) this.child.send(cmd);
  }

  /** Asks the worker to close its backend and exit; kills it if it has not after a few seconds. */
  async quit(): Promise<void> {
    if (this.exited) return;
    const gone = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.send({ type: 'quit' });
    const timer = setTimeout(() => this.kill(), 5000);
    await gone;
    clearTimeout(timer);
  }

  kill(): void {
    if (!this.exited) {
      this.exited = true;
      this.child.kill('SIGKILL');
    }
  }
}

function fmtValue(v: number, unit: Unit): string {
  return `${v.toPrecision(3)} ${unit}`;
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
      rounds: opts.rounds,
      notes,
    },
    backends: [],
    workloads: opts.workloads.map((w) => ({ id: w.id, title: w.title, unit: w.unit, higherIsBetter: w.higherIsBetter })),
    cells: {},
  };
  const log = opts.log ?? (() => {});
  const order = BACKENDS.filter((b) => opts.backends.includes(b));
  /** Adds one round's outcome to a cell: a number joins the rounds; an error shows only when no round has a number. */
  const record = (w: string, b: BackendId, outcome: { result: WorkloadResult } | Omit<Failure, 'died'>) => {
    const row = (report.cells[w] ??= {});
    const cell = (row[b] ??= { value: null });
    if ('result' in outcome) {
      cell.rounds = [...(cell.rounds ?? []), outcome.result.value];
      cell.value = median(cell.rounds);
      if (outcome.result.cpuMs !== undefined) {
        cell.cpuRounds = [...(cell.cpuRounds ?? []), outcome.result.cpuMs];
        cell.cpuMs = median(cell.cpuRounds);
      }
      cell.result ??= outcome.result;
      delete cell.error;
      delete cell.unsupported;
      delete cell.losses;
    } else if (cell.value === null) {
      cell.error = outcome.error;
      if (outcome.unsupported) Object.assign(cell, { unsupported: true, losses: outcome.losses });
    }
  };

  // Start every backend once (one at a time), then keep the workers alive and idle between workloads.
  const workers = new Map<BackendId, WorkerProcess | null>();
  /** Starts a worker for `id` (kept in `workers`), or says why it could not. */
  const startWorker = async (id: BackendId): Promise<{ worker: WorkerProcess; info: string } | { reason: string }> => {
    const worker = new WorkerProcess({ backend: id, measure: opts.measure }, opts, env);
    const s = await worker.started();
    if (!('info' in s)) return s;
    workers.set(id, worker);
    return { worker, info: s.info };
  };
  for (const id of order) {
    const s = await startWorker(id);
    const status: BackendStatus = 'info' in s ? { id, available: true, info: s.info } : { id, available: false, reason: s.reason };
    report.backends.push(status);
    log(status.available ? `[${id}] ${status.info}` : `[${id}] not available: ${status.reason}`);
  }
  const available = order.filter((b) => report.backends.find((s) => s.id === b)!.available);

  // Round by round, workload by workload, every backend in turn, alternating the order: load that other processes
  // put on the machine during the run then lands on every column alike instead of on whichever backends ran last.
  try {
    for (let round = 0; round < opts.rounds; round++) {
      for (const [i, wl] of opts.workloads.entries()) {
        const turn = (i + round) % 2 === 0 ? available : [...available].reverse();
        for (const id of turn) {
          let w = workers.get(id) ?? null;
          if (w === null) {
            // The previous worker died: start a fresh one for the remaining workloads.
            const fresh = await startWorker(id);
            if (!('info' in fresh)) {
              record(wl.id, id, { error: `could not restart the backend: ${fresh.reason}` });
              continue;
            }
            w = fresh.worker;
          }
          const r = await w.run(wl.id);
          if ('result' in r) {
            record(wl.id, id, r);
            log(`[${id}] round ${round + 1}/${opts.rounds} ${wl.id}: ${fmtValue(r.result.value, wl.unit)}`);
          } else {
            record(wl.id, id, r);
            log(`[${id}] round ${round + 1}/${opts.rounds} ${wl.id}: failed: ${r.error}`);
            if (r.died) workers.set(id, null);
          }
        }
      }
    }
  } finally {
    for (const w of workers.values()) await w?.quit();
  }
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
