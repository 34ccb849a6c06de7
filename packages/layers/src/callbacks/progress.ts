/**
 * Progress output of `fit`: verbose 1 draws a terminal bar per epoch with `cli-progress` (Node, TTY only);
 * verbose 2 prints one line per epoch (anywhere).
 */
import { Callback, type Logs } from './callback.js';

interface Bar {
  start(total: number, value: number, payload?: Record<string, string>): void;
  update(value: number, payload?: Record<string, string>): void;
  stop(): void;
}

type BarCtor = new (options: Record<string, unknown>) => Bar;

function fmtLogs(logs: Logs | undefined): string {
  if (!logs) return '';
  return Object.entries(logs)
    .filter(([k]) => k !== 'batch' && k !== 'size')
    .map(([k, v]) => `${k}: ${Math.abs(v) < 1e-3 && v !== 0 ? v.toExponential(4) : v.toFixed(4)}`)
    .join(' - ');
}

function isNodeTTY(): boolean {
  const p = (globalThis as { process?: { stdout?: { isTTY?: boolean }; versions?: { node?: string } } }).process;
  return !!p?.versions?.node && !!p.stdout?.isTTY;
}

/**
 * Loads `cli-progress` (Node only) at run time. The specifier is a variable, marked ignored for Vite and webpack,
 * so no bundler follows it: a browser bundle of this package never contains the terminal progress bar.
 */
async function loadCliProgress(): Promise<{ SingleBar: BarCtor }> {
  const specifier = 'cli-progress';
  return (await import(/* @vite-ignore */ /* webpackIgnore: true */ specifier)) as { SingleBar: BarCtor };
}

/** Prints training progress (added by `fit` when verbose > 0). */
export class ProgressLogger extends Callback {
  private bar: Bar | null = null;
  private start = 0;
  private lastRead = 0;

  /** @param verbose 1: progress bar (falls back to a line per epoch when there is no terminal); 2: one line per epoch. */
  constructor(private readonly verbose: number) {
    super();
  }

  /** @inheritdoc */
  override wantsBatchLogs(): boolean {
    return this.verbose === 1 && isNodeTTY();
  }

  /** @inheritdoc */
  override async onEpochBegin(epoch: number): Promise<void> {
    this.start = Date.now();
    const p = this.params!;
    if (this.verbose === 1 && isNodeTTY()) {
      console.log(`Epoch ${epoch + 1}/${p.epochs}`);
      const mod = await loadCliProgress();
      this.bar = new mod.SingleBar({
        format: '{bar} {value}/{total} - {eta_formatted} left - {logs}',
        barsize: 30,
        hideCursor: true,
        clearOnComplete: false,
        etaBuffer: 20,
        // The terminal that isNodeTTY checked (cli-progress defaults to stderr), where the epoch lines go too.
        stream: (globalThis as { process?: { stdout?: unknown } }).process?.stdout,
      });
      this.bar.start(p.steps, 0, { logs: '' });
    }
  }

  /** @inheritdoc */
  override onBatchEnd(batch: number, logs?: Logs): void {
    if (!this.bar) return;
    // Reading the running loss costs a device sync: refresh the numbers at most every 100 ms.
    const now = Date.now();
    const text = logs && 'loss' in logs && now - this.lastRead > 100 ? fmtLogs(logs) : undefined;
    if (text !== undefined) this.lastRead = now;
    this.bar.update(batch + 1, text === undefined ? undefined : { logs: text });
  }

  /** @inheritdoc */
  override onEpochEnd(epoch: number, logs?: Logs): void {
    const ms = Date.now() - this.start;
    const p = this.params!;
    if (this.bar) {
      this.bar.update(p.steps, { logs: fmtLogs(logs) });
      this.bar.stop();
      this.bar = null;
      return;
    }
    console.log(`Epoch ${epoch + 1}/${p.epochs} - ${ms}ms - ${fmtLogs(logs)}`);
  }
}
