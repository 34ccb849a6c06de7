/**
 * The app: owns the configuration, the training session and the views; runs the training loop in time slices
 * between frames; keeps the URL in step with the configuration; moves training between backends.
 */
import { getBackend, memory, ready } from '@lab/core';
import { dataChanged, networkChanged, parseConfig, serializeConfig, FEATURES, type BackendName, type Config, type FeatureName } from './config.js';
import { useBackend, webgpuAvailable } from './backends.js';
import { GRID, Session, type Evaluation } from './session.js';
import { featureMatrix, gridPoints } from './features.js';
import { Controls } from './ui/controls.js';
import { LossChart } from './ui/curves.js';
import { MainHeatmap } from './ui/heatmap.js';
import { NetworkView } from './ui/network-view.js';
import { h } from './ui/dom.js';

/** Training runs in slices of this many milliseconds, then yields to the browser. */
const SLICE_MS = 24;
/** The views refresh (one evaluation and one read-back) at most this often while training. */
const REFRESH_MS = 66;

/** Statistics the page shows (and the browser test reads through `window.__playground`). */
export interface Stats {
  backend: string;
  playing: boolean;
  steps: number;
  epochs: number;
  trainLoss: number;
  testLoss: number;
  stepsPerSecond: number;
  tensors: number;
}

/** Gives the browser a turn without the 4 ms clamp of nested setTimeout. */
function yieldTask(): Promise<void> {
  const s = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler;
  if (s?.yield) return s.yield();
  return new Promise((resolve) => {
    const ch = new MessageChannel();
    ch.port1.onmessage = () => resolve();
    ch.port2.postMessage(null);
  });
}

/** Waits for the next frame to be painted (or 50 ms, where frames are throttled). */
function nextFrame(): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(resolve, 50);
    requestAnimationFrame(() => {
      clearTimeout(t);
      setTimeout(resolve, 0);
    });
  });
}

/** Steps per second over the last two seconds of training. */
class Meter {
  private samples: [number, number][] = [];
  value = 0;
  add(steps: number): void {
    const now = performance.now();
    this.samples.push([now, steps]);
    while (this.samples.length > 2 && now - this.samples[0][0] > 2000) this.samples.shift();
    const [t0, s0] = this.samples[0];
    if (now - t0 > 250) this.value = ((steps - s0) * 1000) / (now - t0);
  }
  /** Forgets the past (a new backend or new weights): shows nothing until a new measurement is ready. */
  restart(): void {
    this.samples = [];
    this.value = 0;
  }
}

export class App {
  cfg: Config;
  session!: Session;
  readonly root: HTMLElement;
  private controls!: Controls;
  private network!: NetworkView;
  private chart!: LossChart;
  private heatmap!: MainHeatmap;
  private losses!: { train: HTMLElement; test: HTMLElement };
  private playing = false;
  private loopDone: Promise<void> | null = null;
  private last: Evaluation | null = null;
  private focus: { neuron: number } | { feature: FeatureName } | null = null;
  private readonly meter = new Meter();
  private queue: Promise<unknown> = Promise.resolve();

  constructor(root: HTMLElement, cfg: Config) {
    this.root = root;
    this.cfg = cfg;
  }

  /** Starts the backend (falling back to wasm, then cpu), the session and the views. */
  async start(): Promise<void> {
    await useBackend('cpu');
    const order: BackendName[] = [this.cfg.backend, 'wasm', 'cpu'];
    const gpu = webgpuAvailable();
    if (this.cfg.backend === 'webgpu' && !(await gpu)) order.shift();
    for (const b of order) {
      try {
        await useBackend(b);
        if (b !== this.cfg.backend) this.cfg = { ...this.cfg, backend: b };
        break;
      } catch (e) {
        console.warn(`playground: backend ${b} did not start:`, e);
      }
    }
    this.session = new Session(this.cfg);
    this.buildViews();
    if (await gpu) this.controls.offerWebGPU();
    this.controls.sync(this.cfg);
    this.writeUrl();
    // Space runs / pauses, unless a control has the focus (where it means something else).
    window.addEventListener('keydown', (e) => {
      const t = e.target as HTMLElement | null;
      if (e.code !== 'Space' || (t && t.closest('input, select, button, textarea'))) return;
      e.preventDefault();
      void this.togglePlay();
    });
    window.addEventListener('hashchange', () => {
      const next = parseConfig(location.hash);
      if (serializeConfig(next) !== serializeConfig(this.cfg)) void this.apply(next);
    });
    await this.refresh();
  }

  private buildViews(): void {
    this.controls = new Controls(this.cfg, {
      update: (patch) => void this.apply((c) => ({ ...c, ...patch })),
      togglePlay: () => void this.togglePlay(),
      step: () => void this.stepEpoch(),
      reset: () => void this.resetWeights(),
    });
    this.network = new NetworkView({
      toggleFeature: (f) =>
        void this.apply((c) => {
          const on = new Set(c.features);
          if (on.has(f)) on.delete(f);
          else on.add(f);
          return on.size > 0 ? { ...c, features: FEATURES.filter((x) => on.has(x)) } : c; // keep one input at least
        }),
      updateLayers: (change) => void this.apply((c) => ({ ...c, hidden: change([...c.hidden]) })),
      focus: (target) => {
        this.focus = target;
        this.drawMain();
      },
    });
    this.network.build(this.cfg, this.session.layout);
    const heat = h('canvas', { class: 'heatmap', 'data-testid': 'heatmap' });
    this.heatmap = new MainHeatmap(heat);
    const curve = h('canvas', { class: 'curve', 'data-testid': 'loss-chart' });
    this.chart = new LossChart(curve);
    this.losses = {
      test: h('span', { 'data-testid': 'test-loss' }, '–'),
      train: h('span', { 'data-testid': 'train-loss' }, '–'),
    };
    const output = h(
      'section',
      { class: 'panel output' },
      h('h2', {}, 'Output'),
      h(
        'div',
        { class: 'loss-values' },
        h('div', {}, h('i', { class: 'swatch test' }), 'Test loss ', this.losses.test),
        h('div', {}, h('i', { class: 'swatch train' }), 'Training loss ', this.losses.train),
      ),
      curve,
      heat,
      this.controls.outputChecks,
    );
    const main = h('main', { class: 'layout' }, this.controls.data, h('section', { class: 'panel net' }, h('h2', {}, 'Network'), this.network.root), output);
    this.root.replaceChildren(this.controls.top, this.controls.status, main);
    this.controls.setPlaying(false);
    new ResizeObserver(() => this.drawMain()).observe(heat);
  }

  /** Runs `fn` with training paused, one at a time; training resumes afterwards if it was running. */
  private exclusive<T>(fn: () => Promise<T> | T): Promise<T> {
    const run = async () => {
      const was = this.playing;
      await this.pause();
      try {
        return await fn();
      } finally {
        if (was) this.play();
      }
    };
    const p = this.queue.then(run, run);
    this.queue = p.catch(() => undefined);
    return p;
  }

  /**
   * Applies a configuration (or a change to the current one, computed when its turn comes, so quick successive
   * edits all land): moves backends, rebuilds data/network as needed, updates the URL and the views.
   */
  apply(change: Config | ((current: Config) => Config)): Promise<void> {
    return this.exclusive(async () => {
      const prev = this.cfg;
      let next = typeof change === 'function' ? change(prev) : change;
      if (next.backend !== prev.backend) {
        const ok = await this.moveTo(next.backend);
        if (!ok) next = { ...next, backend: prev.backend };
      }
      const reset = { data: dataChanged(prev, next), network: networkChanged(prev, next) };
      this.cfg = next;
      const restarted = this.session.configure(next, reset);
      if (restarted) {
        this.chart.clear();
        this.meter.restart();
        this.network.build(next, this.session.layout);
      }
      this.controls.sync(next);
      this.writeUrl();
      await this.refresh();
    });
  }

  /** Moves the session to `backend`; on failure stays put and says why. */
  private async moveTo(backend: BackendName): Promise<boolean> {
    const t0 = performance.now();
    try {
      await this.session.moveTo(() => useBackend(backend));
      this.meter.restart();
      this.say(`Moved to ${backend} in ${Math.round(performance.now() - t0)} ms; training continues from step ${this.session.steps}.`);
      return true;
    } catch (e) {
      this.say(`Could not switch to ${backend}: ${(e as Error).message}`, true);
      return false;
    }
  }

  private say(text: string, error = false): void {
    this.controls.status.textContent = text;
    this.controls.status.classList.toggle('error', error);
  }

  private writeUrl(): void {
    const hash = `#${serializeConfig(this.cfg)}`;
    if (location.hash !== hash) history.replaceState(null, '', hash);
  }

  /** Run / pause, queued behind any change in progress. */
  togglePlay(): Promise<void> {
    const p = this.queue.then(() => (this.playing ? this.pause() : this.play()));
    this.queue = p.catch(() => undefined);
    return p;
  }

  play(): void {
    if (this.playing) return;
    this.playing = true;
    this.controls.setPlaying(true);
    this.meter.restart();
    this.loopDone = this.loop().catch((e: unknown) => {
      this.playing = false;
      this.controls.setPlaying(false);
      this.say(`Training stopped: ${(e as Error).message}`, true);
      console.error(e);
    });
  }

  async pause(): Promise<void> {
    this.playing = false;
    this.controls.setPlaying(false);
    await this.loopDone;
    this.loopDone = null;
  }

  private async loop(): Promise<void> {
    let lastRefresh = performance.now();
    let refreshCost = 0;
    let inflight: Promise<void> | null = null;
    while (this.playing) {
      const t0 = performance.now();
      do this.session.trainStep();
      while (performance.now() - t0 < SLICE_MS);
      // WebGPU runs the queued kernels asynchronously. Wait for the previous slice (not this one), so the GPU works
      // on this slice while the next one is being recorded, and the queue never grows beyond two slices.
      const done = ready();
      if (inflight) await inflight;
      inflight = done;
      this.meter.add(this.session.steps);
      // Refresh the views at most every REFRESH_MS, and spend at most about a third of the time on them.
      if (performance.now() - lastRefresh >= Math.max(REFRESH_MS, 2 * refreshCost)) {
        const r0 = performance.now();
        await this.refresh();
        refreshCost = performance.now() - r0;
        lastRefresh = performance.now();
        inflight = null; // the read-back waited for everything queued
        await nextFrame();
      } else {
        await yieldTask();
      }
    }
    await inflight;
  }

  private stepEpoch(): Promise<void> {
    return this.exclusive(async () => {
      const steps = Math.ceil(this.session.data.split.train.length / this.cfg.batchSize);
      for (let i = 0; i < steps; i++) this.session.trainStep();
      await this.refresh();
    });
  }

  private resetWeights(): Promise<void> {
    return this.exclusive(async () => {
      this.session.reset();
      this.chart.clear();
      this.meter.restart();
      await this.refresh();
    });
  }

  /** One evaluation, then every view. */
  private async refresh(): Promise<void> {
    const ev = await this.session.evaluate();
    this.last = ev;
    this.chart.add(this.session.steps, ev.trainLoss, ev.testLoss);
    this.chart.draw();
    this.network.update(ev, this.cfg.discretize);
    this.drawMain();
    const fmt = (v: number) => (Number.isFinite(v) ? v.toFixed(3) : String(v));
    this.losses.train.textContent = fmt(ev.trainLoss);
    this.losses.test.textContent = fmt(ev.testLoss);
    this.controls.stats.epoch.textContent = Math.floor(this.session.epochs).toLocaleString('en-US');
    this.controls.stats.steps.textContent = this.session.steps.toLocaleString('en-US');
    this.controls.stats.sps.textContent = this.meter.value ? Math.round(this.meter.value).toLocaleString('en-US') : '–';
  }

  private drawMain(): void {
    if (!this.last) return;
    const f = this.focus;
    let values = this.last.neurons[this.last.neurons.length - 1];
    if (f && 'neuron' in f) values = this.last.neurons[f.neuron] ?? values;
    else if (f && 'feature' in f) values = featureImage(f.feature);
    const { train, test } = this.session.data.split;
    this.heatmap.draw(values, GRID, train, test, { showTest: this.cfg.showTest, discretize: this.cfg.discretize && !f });
  }

  /** Numbers for the status line and for tests. */
  stats(): Stats {
    return {
      backend: getBackend(),
      playing: this.playing,
      steps: this.session.steps,
      epochs: this.session.epochs,
      trainLoss: this.last?.trainLoss ?? NaN,
      testLoss: this.last?.testLoss ?? NaN,
      stepsPerSecond: this.meter.value,
      tensors: memory().numTensors,
    };
  }
}

const featureImages = new Map<FeatureName, Float32Array>();
function featureImage(f: FeatureName): Float32Array {
  let v = featureImages.get(f);
  if (!v) {
    v = featureMatrix(gridPoints(GRID), [f]);
    let m = 0;
    for (const x of v) m = Math.max(m, Math.abs(x));
    v = v.map((x) => x / (m || 1));
    featureImages.set(f, v);
  }
  return v;
}
