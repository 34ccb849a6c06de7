/**
 * Training progress in the terminal: a cli-progress bar with the latest loss and a sparkline of the loss so far.
 * Without a terminal (CI logs, pipes) it prints a plain line at every tenth of the run instead.
 */
import { SingleBar } from 'cli-progress';
import { sparkline } from '@lab/viz';
import type { SampleOptions } from './sample.js';

/** A running progress display. */
export interface Progress {
  /** Advances by one step and records the step's loss (and extra fields shown after it). */
  tick(loss: number, extra?: Record<string, number>): void;
  /** Finishes the bar; prints the whole loss curve as a sparkline. */
  stop(): void;
  /** Every loss recorded. */
  readonly losses: number[];
}

function fmt(v: number): string {
  return Math.abs(v) >= 1e-3 || v === 0 ? v.toFixed(4) : v.toExponential(2);
}

/** A progress display for `total` steps, shown only when `o.progress` is on. */
export function progress(o: SampleOptions, total: number, label: string, log: (line: string) => void): Progress {
  const losses: number[] = [];
  const tty = !!process.stdout.isTTY;
  let bar: SingleBar | null = null;
  let step = 0;
  if (o.progress && tty) {
    bar = new SingleBar({
      format: `${label} {bar} {value}/{total} | loss {loss} {extra}| {spark}`,
      barsize: 24,
      hideCursor: true,
      clearOnComplete: false,
      barCompleteChar: '█',
      barIncompleteChar: '░',
    });
    bar.start(total, 0, { loss: '-', extra: '', spark: '' });
  }
  const extraText = (extra?: Record<string, number>) => (extra ? Object.entries(extra).map(([k, v]) => `${k} ${fmt(v)} `).join('') : '');
  return {
    losses,
    tick(loss, extra) {
      losses.push(loss);
      step++;
      if (bar) bar.update(step, { loss: fmt(loss), extra: extraText(extra), spark: sparkline(losses, 30) });
      else if (o.progress && (step === total || step % Math.max(1, Math.round(total / 10)) === 0)) {
        log(`${label} ${step}/${total} | loss ${fmt(loss)} ${extraText(extra)}| ${sparkline(losses, 30)}`);
      }
    },
    stop() {
      bar?.stop();
      if (o.progress && losses.length > 1) log(`${label} loss curve: ${sparkline(losses, 60)} (${fmt(losses[0])} -> ${fmt(losses[losses.length - 1])})`);
    },
  };
}
