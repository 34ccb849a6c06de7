/**
 * The training side of the MNIST page: the loss and accuracy curves (smoothed training values and the test
 * points), the run's progress bar and text, and the epoch / step / speed counters.
 */
import { LossChart } from '../ui/curves.js';
import { h } from '../ui/dom.js';
import type { Trainer } from './trainer.js';

/** The test curve is measured on this many test images (a class-balanced prefix) every QUICK_EVERY steps. */
export const QUICK_N = 500;
/** Steps between two points of the test curve. */
export const QUICK_EVERY = 100;
/** The views refresh at most this often while training. */
const REFRESH_MS = 100;

/** Loss and accuracy of one measurement. */
export interface Point {
  loss: number;
  accuracy: number;
}

/** Where the run stands, for the progress bar and text. */
export interface RunState {
  trainer: Trainer;
  /** The step the run started at and the step it ends at (0: no run yet). */
  start: number;
  target: number;
  batchSize: number;
  playing: boolean;
}

/** The curves, the progress bar and the counters of a training run, with the running averages they show. */
export class TrainingProgress {
  readonly bar = h('progress', { class: 'run-progress', max: 1, value: 0, 'data-testid': 'progress' });
  readonly text = h('span', { class: 'progress-text', 'data-testid': 'progress-text' });
  readonly counters = { epoch: h('span', { class: 'big' }, '0'), step: h('span', { class: 'big' }, '0'), speed: h('span', {}, '–') };
  readonly lossChart = new LossChart(h('canvas', { class: 'curve tall', 'data-testid': 'loss-chart' }), true);
  readonly accChart = new LossChart(h('canvas', { class: 'curve tall', 'data-testid': 'accuracy-chart' }), true);
  readonly legend = h('div', { class: 'loss-values' });
  /** Milliseconds per training step (a running average; 0 before the first step on this backend). */
  msPerStep = 0;
  private smooth: Point = { loss: NaN, accuracy: NaN };
  /** The last test point (QUICK_N digits). */
  private quick: Point = { loss: NaN, accuracy: NaN };
  private lastDraw = 0;

  /** Clears the curves and the averages (new weights, or a loaded model). */
  reset(): void {
    this.lossChart.clear();
    this.accChart.clear();
    this.smooth = { loss: NaN, accuracy: NaN };
    this.quick = { loss: NaN, accuracy: NaN };
    this.msPerStep = 0;
  }

  /** Where the curves start: the untrained model's test point at step 0. */
  begin(test: Point): void {
    this.quick = test;
    this.lossChart.add(0, test.loss, test.loss);
    this.accChart.add(0, test.accuracy, test.accuracy);
  }

  /**
   * Adds one training step: its time, its batch's loss and accuracy (smoothed: quickly at first, then slowly),
   * and the test point when one was measured at this step.
   */
  step(step: number, ms: number, logs: Point, early: boolean, test: Point | null): void {
    this.msPerStep = this.msPerStep ? 0.9 * this.msPerStep + 0.1 * ms : ms;
    const a = early ? 0.5 : 0.95;
    this.smooth.loss = Number.isNaN(this.smooth.loss) ? logs.loss : a * this.smooth.loss + (1 - a) * logs.loss;
    this.smooth.accuracy = Number.isNaN(this.smooth.accuracy) ? logs.accuracy : a * this.smooth.accuracy + (1 - a) * logs.accuracy;
    if (test) this.quick = test;
    // The test series has a point only where it was measured (the chart joins them).
    this.lossChart.add(step, this.smooth.loss, test ? test.loss : NaN);
    this.accChart.add(step, this.smooth.accuracy, test ? test.accuracy : NaN);
  }

  /** True when the views are due a refresh while training. */
  due(): boolean {
    return performance.now() - this.lastDraw > REFRESH_MS;
  }

  /** Redraws the progress, the counters, the legend and the curves. */
  draw(run: RunState): void {
    const { trainer: t, start, target } = run;
    this.lastDraw = performance.now();
    const perEpoch = t.batchesPerEpoch(run.batchSize);
    const runSteps = Math.max(1, target - start);
    const done = Math.min(1, (t.steps - start) / runSteps);
    this.bar.value = done;
    const left = ((target - t.steps) * this.msPerStep) / 1000;
    this.text.textContent = target
      ? `${t.batchInEpoch === 0 && t.epoch > 0 ? `epoch ${t.epoch} done` : `epoch ${t.epoch + 1}, batch ${t.batchInEpoch}/${perEpoch}`} · ${(done * 100).toFixed(0)}% of this run${run.playing ? ` · ${left.toFixed(0)} s left` : ''}`
      : '';
    this.counters.epoch.textContent = String(t.epoch);
    this.counters.step.textContent = t.steps.toLocaleString('en-US');
    this.counters.speed.textContent = this.msPerStep ? `${this.msPerStep.toFixed(0)} ms/step · ${Math.round((run.batchSize * 1000) / this.msPerStep)} img/s` : '–';
    this.legend.replaceChildren(
      h('div', {}, h('span', { class: 'swatch train' }), `training (smoothed): loss ${fmt(this.smooth.loss, 3)}, accuracy ${pct(this.smooth.accuracy)}`),
      h('div', {}, h('span', { class: 'swatch test' }), `test (${QUICK_N} digits): loss ${fmt(this.quick.loss, 3)}, accuracy ${pct(this.quick.accuracy)}`),
    );
    this.lossChart.draw();
    this.accChart.draw();
  }
}

function fmt(v: number, digits: number): string {
  return Number.isFinite(v) ? v.toFixed(digits) : '–';
}

/** A fraction as a percentage with one decimal, or a dash when not measured. */
export function pct(v: number): string {
  return Number.isFinite(v) ? `${(v * 100).toFixed(1)}%` : '–';
}
