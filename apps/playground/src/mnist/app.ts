/**
 * The MNIST page: trains the convnet on the real digits (live curves, progress, backend switch), a drawing pad
 * with the ten class probabilities, the confusion matrix and the misclassified test digits, and saving / loading
 * the model (IndexedDB, files). Training runs one batch per browser task, so the page never freezes.
 */
import { getBackend, memory } from '@lab/core';
import { browserDownloadStore, browserFilesStore, indexedDBStore } from '@lab/layers';
import { PIXELS, type MnistData } from '@lab/mnist-data';
import { BACKENDS, type BackendName } from '../config.js';
import { BATCH_SIZES, EPOCHS, optionsHash, type PageOptions } from './options.js';
import { useBackend, webgpuAvailable } from '../backends.js';
import { LossChart } from '../ui/curves.js';
import { field, h, select } from '../ui/dom.js';
import { fetchMnist } from './data.js';
import { DrawingPad } from './pad.js';
import { Trainer, yieldToBrowser, type TestResult } from './trainer.js';
import { ConfusionView, DigitGallery, ProbabilityBars } from './views.js';

/** IndexedDB key of the saved model. */
export const MODEL_KEY = 'lab-mnist-convnet';
/** The test curve is measured on this many test images (a class-balanced prefix) every QUICK_EVERY steps. */
const QUICK_N = 500;
const QUICK_EVERY = 100;
/** The views refresh at most this often while training. */
const REFRESH_MS = 100;

/** What the page shows, for the browser test and curious users (`window.__mnist.app.stats()`). */
export interface MnistStats {
  backend: string;
  playing: boolean;
  steps: number;
  epoch: number;
  /** Accuracy on the whole test split at the last full evaluation (null before one). */
  testAccuracy: number | null;
  /** The step of the last full evaluation. */
  evaluatedAtStep: number;
  /** Where the weights came from. */
  source: 'new' | 'indexeddb' | 'files';
  /** Probabilities for the pad's drawing (null when it is blank or not predicted yet). */
  pad: number[] | null;
  msPerStep: number;
  tensors: number;
}

export class MnistApp {
  opts: PageOptions;
  trainer!: Trainer;
  data!: MnistData;
  source: MnistStats['source'] = 'new';
  last: TestResult | null = null;
  evaluatedAtStep = -1;
  pad!: DrawingPad;
  padProbabilities: Float32Array | null = null;
  private playing = false;
  private loop: Promise<void> | null = null;
  private target = 0;
  private runStart = 0;
  private msPerStep = 0;
  private smooth = { loss: NaN, accuracy: NaN };
  private quick = { loss: NaN, accuracy: NaN };
  private selected: [number, number] | null = null;
  private padBusy = false;
  private padDirty = false;
  private lastDraw = 0;
  private readonly ui = {
    status: h('div', { class: 'status', 'data-testid': 'status', role: 'status' }),
    progress: h('progress', { class: 'run-progress', max: 1, value: 0, 'data-testid': 'progress' }),
    progressText: h('span', { class: 'progress-text', 'data-testid': 'progress-text' }),
    train: h('button', { class: 'play', 'data-testid': 'train', 'aria-label': 'Train' }, '▶'),
    counters: { epoch: h('span', { class: 'big' }, '0'), step: h('span', { class: 'big' }, '0'), speed: h('span', {}, '–'), acc: h('span', { 'data-testid': 'test-accuracy' }, '–') },
    lossChart: new LossChart(h('canvas', { class: 'curve tall', 'data-testid': 'loss-chart' }), true),
    accChart: new LossChart(h('canvas', { class: 'curve tall', 'data-testid': 'accuracy-chart' }), true),
    legend: h('div', { class: 'loss-values' }),
    bars: new ProbabilityBars(),
    confusion: new ConfusionView((t, p) => this.selectCell(t, p)),
    gallery: new DigitGallery((i) => this.pad.show(Array.from(this.data.test.pixels.subarray(i * PIXELS, (i + 1) * PIXELS), (v) => v / 255))),
    galleryTitle: h('h3', { 'data-testid': 'gallery-title' }, 'Misclassified test digits'),
    backend: null as HTMLSelectElement | null,
  };

  constructor(
    readonly root: HTMLElement,
    opts: PageOptions,
  ) {
    this.opts = opts;
  }

  /** Starts a backend, downloads the digits, restores a saved model if there is one, and builds the page. */
  async start(): Promise<void> {
    this.root.replaceChildren(this.header(), h('div', { class: 'status-row' }, this.ui.status, this.ui.progress, this.ui.progressText), this.body());
    const gpu = webgpuAvailable();
    await useBackend('cpu');
    const order: BackendName[] = [this.opts.backend, 'wasm', 'cpu'];
    if (this.opts.backend === 'webgpu' && !(await gpu)) order.shift();
    for (const b of order) {
      try {
        await useBackend(b);
        this.opts = { ...this.opts, backend: b };
        break;
      } catch (e) {
        console.warn(`mnist: backend ${b} did not start:`, e);
      }
    }
    if (await gpu) this.ui.backend!.append(h('option', { value: 'webgpu' }, 'WebGPU'));
    this.ui.backend!.value = this.opts.backend;
    this.say('Downloading the digits…');
    this.data = await fetchMnist((f) => this.say(`Downloading the digits… ${Math.round(f * 100)}%`));
    this.trainer = new Trainer(this.data);
    try {
      await this.trainer.load(indexedDBStore(MODEL_KEY));
      this.source = 'indexeddb';
      this.say('Loaded the model saved in this browser: no training needed. Draw a digit, or train on.');
    } catch (e) {
      if (!/no model under key/.test((e as Error).message)) console.warn('mnist: the saved model could not be loaded:', e);
      this.say(`${this.data.train.n.toLocaleString('en-US')} training and ${this.data.test.n.toLocaleString('en-US')} test digits loaded. Press ▶ to train the convnet.`);
    }
    this.resetCurves();
    // A new model's matrix would say nothing (and cost seconds of a first visit): only a loaded one is evaluated.
    if (this.source === 'new') this.showResults();
    else await this.fullEvaluation();
  }

  private header(): HTMLElement {
    const o = this.opts;
    this.ui.backend = select('backend', BACKENDS.filter((b) => b !== 'webgpu').map((b) => [b, b === 'cpu' ? 'CPU (JS)' : 'WebAssembly'] as const), o.backend, (v) => void this.switchBackend(v as BackendName));
    const batch = select('batch', BATCH_SIZES.map((b) => [String(b), String(b)] as const), String(o.batchSize), (v) => this.setOption({ batchSize: Number(v) }));
    // A run is whole epochs, or the steps the URL asked for (`#steps=300`), shown as one more choice.
    const runs = EPOCHS.map((e) => [String(e), `${e} epoch${e === 1 ? '' : 's'}`] as const);
    const epochs = select('epochs', o.steps ? [['steps', `${o.steps} steps`] as const, ...runs] : runs, o.steps ? 'steps' : String(o.epochs), (v) => {
      if (v !== 'steps') this.setOption({ epochs: Number(v), steps: 0 });
    });
    this.ui.train.addEventListener('click', () => void this.togglePlay());
    const reset = h('button', { class: 'round', 'data-testid': 'reset', title: 'New weights', 'aria-label': 'Reset', onclick: () => void this.reset() }, '↺');
    const files = h('input', { type: 'file', multiple: true, accept: '.json,.safetensors', 'data-testid': 'load-files', class: 'hidden-file' });
    files.addEventListener('change', () => void this.loadFiles(files));
    return h(
      'header',
      { class: 'top' },
      h('div', { class: 'brand' }, h('strong', {}, 'lab'), ' MNIST'),
      h('a', { class: 'nav', href: './', 'data-testid': 'to-playground' }, '← Playground'),
      h('a', { class: 'nav', href: './notebook.html', 'data-testid': 'to-notebooks' }, 'Notebooks →'),
      h('div', { class: 'run' }, reset, this.ui.train),
      h('div', { class: 'counters' }, field('Epochs done', this.ui.counters.epoch), field('Step', this.ui.counters.step), field('Speed', this.ui.counters.speed), field('Test accuracy', this.ui.counters.acc)),
      h('div', { class: 'hyper' }, field('Backend', this.ui.backend, 'backend'), field('Batch size', batch, 'batch'), field('Run length', epochs, 'epochs')),
      h(
        'div',
        { class: 'model-io' },
        h('button', { class: 'text', 'data-testid': 'save', onclick: () => void this.save() }, 'Save in browser'),
        h('button', { class: 'text', 'data-testid': 'download', onclick: () => void this.download() }, 'Download'),
        h('label', { class: 'text button' }, 'Load files…', files),
      ),
    );
  }

  private body(): HTMLElement {
    this.pad = new DrawingPad((input) => void this.predictPad(input));
    const clear = h('button', { class: 'text', 'data-testid': 'clear', onclick: () => this.pad.clear() }, 'Clear');
    return h(
      'main',
      { class: 'mnist-layout' },
      h(
        'section',
        { class: 'panel' },
        h('h2', {}, 'Training'),
        this.ui.legend,
        h('div', { class: 'chart-label' }, 'Loss (cross-entropy)'),
        this.ui.lossChart.canvas,
        h('div', { class: 'chart-label' }, 'Accuracy'),
        this.ui.accChart.canvas,
        h('p', { class: 'note' }, `The convnet: Conv2D 32 → MaxPool → Conv2D 64 → MaxPool → Flatten → Dropout 0.5 → Dense 10 softmax, Adam. The test curve uses the first ${QUICK_N} test digits every ${QUICK_EVERY} steps; the matrix uses all of them.`),
      ),
      h(
        'section',
        { class: 'panel draw' },
        h('h2', {}, 'Draw a digit'),
        h('div', { class: 'pad-row' }, this.pad.canvas, h('div', { class: 'pad-side' }, h('div', { class: 'chart-label' }, 'What the model sees (28×28)'), this.pad.preview, clear)),
        this.ui.bars.el,
      ),
      h(
        'section',
        { class: 'panel results' },
        h('h2', {}, 'Test split: confusion matrix'),
        this.ui.confusion.el,
        this.ui.galleryTitle,
        this.ui.gallery.el,
      ),
    );
  }

  /** Statistics for the browser test. */
  stats(): MnistStats {
    return {
      backend: getBackend(),
      playing: this.playing,
      steps: this.trainer?.steps ?? 0,
      epoch: this.trainer?.epoch ?? 0,
      testAccuracy: this.last?.accuracy ?? null,
      evaluatedAtStep: this.evaluatedAtStep,
      source: this.source,
      pad: this.padProbabilities ? Array.from(this.padProbabilities) : null,
      msPerStep: this.msPerStep,
      tensors: memory().numTensors,
    };
  }

  private say(text: string, error = false): void {
    this.ui.status.textContent = text;
    this.ui.status.classList.toggle('error', error);
  }

  private setOption(patch: Partial<PageOptions>): void {
    this.opts = { ...this.opts, ...patch };
    history.replaceState(null, '', `#${optionsHash(this.opts)}`);
  }

  /** Starts or pauses training. A run trains "epochs per run" epochs; pausing and resuming continues the run. */
  async togglePlay(): Promise<void> {
    if (this.playing) {
      this.playing = false;
      await this.loop;
      return;
    }
    if (this.loop) await this.loop;
    if (this.trainer.steps >= this.target) {
      this.runStart = this.trainer.steps;
      this.target = this.runStart + (this.opts.steps || this.opts.epochs * this.trainer.batchesPerEpoch(this.opts.batchSize));
    }
    this.playing = true;
    this.ui.train.textContent = '❚❚';
    this.ui.train.setAttribute('aria-label', 'Pause');
    this.loop = this.run().finally(() => {
      this.loop = null;
    });
  }

  private async run(): Promise<void> {
    const started = this.trainer.steps;
    this.say('Training…');
    try {
      if (this.trainer.steps === 0) {
        // Where the curves start: the untrained model on the test digits.
        await this.quickEvaluation();
        this.ui.lossChart.add(0, this.quick.loss, this.quick.loss);
        this.ui.accChart.add(0, this.quick.accuracy, this.quick.accuracy);
      }
      while (this.playing && this.trainer.steps < this.target) {
        const t0 = performance.now();
        const logs = await this.trainer.step(this.opts.batchSize);
        const ms = performance.now() - t0;
        this.msPerStep = this.msPerStep ? 0.9 * this.msPerStep + 0.1 * ms : ms;
        const a = this.trainer.steps < started + 20 ? 0.5 : 0.95; // follow quickly at first, then smooth
        this.smooth.loss = Number.isNaN(this.smooth.loss) ? logs.loss : a * this.smooth.loss + (1 - a) * logs.loss;
        this.smooth.accuracy = Number.isNaN(this.smooth.accuracy) ? logs.accuracy : a * this.smooth.accuracy + (1 - a) * logs.accuracy;
        // The test series has a point only where it was measured (the chart joins them).
        const measured = this.trainer.steps % QUICK_EVERY === 0 || this.trainer.steps === this.target;
        if (measured) await this.quickEvaluation();
        this.ui.lossChart.add(this.trainer.steps, this.smooth.loss, measured ? this.quick.loss : NaN);
        this.ui.accChart.add(this.trainer.steps, this.smooth.accuracy, measured ? this.quick.accuracy : NaN);
        if (performance.now() - this.lastDraw > REFRESH_MS) this.drawProgress();
        await yieldToBrowser();
      }
    } catch (e) {
      console.error('mnist: training failed:', e);
      this.say(`Training failed: ${(e as Error).message}`, true);
    } finally {
      this.playing = false;
      this.ui.train.textContent = '▶';
      this.ui.train.setAttribute('aria-label', 'Train');
    }
    this.drawProgress();
    this.say(this.trainer.steps >= this.target ? 'Run finished. Evaluating on the test split…' : 'Paused. Evaluating on the test split…');
    await this.fullEvaluation();
    this.say(`${this.trainer.steps >= this.target ? 'Run finished' : 'Paused'} after ${this.trainer.steps.toLocaleString('en-US')} steps: ${((this.last?.accuracy ?? 0) * 100).toFixed(2)}% of the ${this.data.test.n.toLocaleString('en-US')} test digits right.`);
  }

  private drawProgress(): void {
    const started = this.runStart;
    this.lastDraw = performance.now();
    const t = this.trainer;
    const perEpoch = t.batchesPerEpoch(this.opts.batchSize);
    const runSteps = Math.max(1, this.target - started);
    const done = Math.min(1, (t.steps - started) / runSteps);
    this.ui.progress.value = done;
    const left = ((this.target - t.steps) * this.msPerStep) / 1000;
    this.ui.progressText.textContent = this.target
      ? `${t.batchInEpoch === 0 && t.epoch > 0 ? `epoch ${t.epoch} done` : `epoch ${t.epoch + 1}, batch ${t.batchInEpoch}/${perEpoch}`} · ${(done * 100).toFixed(0)}% of this run${this.playing ? ` · ${left.toFixed(0)} s left` : ''}`
      : '';
    this.ui.counters.epoch.textContent = String(t.epoch);
    this.ui.counters.step.textContent = t.steps.toLocaleString('en-US');
    this.ui.counters.speed.textContent = this.msPerStep ? `${this.msPerStep.toFixed(0)} ms/step · ${Math.round((this.opts.batchSize * 1000) / this.msPerStep)} img/s` : '–';
    this.ui.legend.replaceChildren(
      h('div', {}, h('span', { class: 'swatch train' }), `training (smoothed): loss ${fmt(this.smooth.loss, 3)}, accuracy ${pct(this.smooth.accuracy)}`),
      h('div', {}, h('span', { class: 'swatch test' }), `test (${QUICK_N} digits): loss ${fmt(this.quick.loss, 3)}, accuracy ${pct(this.quick.accuracy)}`),
    );
    this.ui.lossChart.draw();
    this.ui.accChart.draw();
  }

  private resetCurves(): void {
    this.ui.lossChart.clear();
    this.ui.accChart.clear();
    this.smooth = { loss: NaN, accuracy: NaN };
    this.quick = { loss: NaN, accuracy: NaN };
    this.msPerStep = 0;
  }

  /** The test curve's point: the first QUICK_N test digits. */
  private async quickEvaluation(): Promise<void> {
    const r = await this.trainer.evaluate(QUICK_N);
    this.quick = { loss: r.loss, accuracy: r.accuracy };
  }

  /** Evaluates the whole test split; shows the matrix, the gallery, and the pad's prediction again. */
  async fullEvaluation(): Promise<void> {
    const r = await this.trainer.evaluate();
    this.last = r;
    this.evaluatedAtStep = this.trainer.steps;
    this.drawProgress();
    this.showResults();
    void this.predictPad(this.pad.input);
  }

  private showResults(): void {
    const r = this.last;
    this.ui.counters.acc.textContent = pct(r?.accuracy ?? NaN);
    if (!r) {
      this.ui.confusion.set(Array.from({ length: 10 }, () => new Array<number>(10).fill(0)), null);
      this.ui.galleryTitle.textContent = 'Train the model (▶) to see its confusion matrix and its mistakes on the test digits.';
      this.ui.gallery.el.replaceChildren();
      return;
    }
    this.ui.confusion.set(r.confusion, this.selected);
    const labels = this.data.test.labels;
    const [t, p] = this.selected ?? [-1, -1];
    const indices: number[] = [];
    for (let i = 0; i < r.n; i++) {
      const wrong = labels[i] !== r.predictions[i];
      if (this.selected ? labels[i] === t && r.predictions[i] === p : wrong) indices.push(i);
    }
    this.ui.galleryTitle.textContent = this.selected
      ? `Test digits: true ${t}, predicted ${p} (${indices.length})`
      : `Misclassified test digits (${indices.length} of ${r.n}): click a cell to filter, a digit to draw it`;
    this.ui.gallery.set(this.data.test.pixels, labels, r.predictions, indices);
  }

  /** Shows the test digits of one confusion-matrix cell (clicking it again shows every mistake). */
  selectCell(t: number, p: number): void {
    this.selected = this.selected && this.selected[0] === t && this.selected[1] === p ? null : [t, p];
    this.showResults();
  }

  /** Predicts the pad's digit; drawings made while a prediction runs are predicted after it (latest only). */
  async predictPad(input: Float32Array): Promise<void> {
    if (!this.trainer) return;
    if (this.padBusy) {
      this.padDirty = true;
      return;
    }
    if (!input.some((v) => v > 0)) {
      this.padProbabilities = null;
      this.ui.bars.set(null);
      return;
    }
    this.padBusy = true;
    try {
      this.padProbabilities = await this.trainer.predict(input);
      this.ui.bars.set(this.padProbabilities);
    } catch (e) {
      console.error('mnist: prediction failed:', e);
    } finally {
      this.padBusy = false;
    }
    if (this.padDirty) {
      this.padDirty = false;
      void this.predictPad(this.pad.input);
    }
  }

  /** Moves the model (and training, if running) to another backend. */
  async switchBackend(name: BackendName): Promise<void> {
    const was = this.playing;
    if (was) await this.togglePlay();
    const from = getBackend();
    this.say(`Moving the model to ${name}…`);
    try {
      await this.trainer.moveTo(name, () => useBackend(name));
      this.opts = { ...this.opts, backend: name };
      this.setOption({});
      this.msPerStep = 0;
      this.say(`Now on ${name}.`);
    } catch (e) {
      console.warn(`mnist: backend ${name} did not start:`, e);
      this.ui.backend!.value = from;
      this.say(`The ${name} backend did not start: ${(e as Error).message}`, true);
    }
    if (was) await this.togglePlay();
  }

  private async reset(): Promise<void> {
    if (this.playing) await this.togglePlay();
    await this.trainer.reset();
    this.source = 'new';
    this.target = 0;
    this.resetCurves();
    this.last = null;
    this.evaluatedAtStep = -1;
    this.showResults();
    void this.predictPad(this.pad.input);
    this.say('New weights. Press ▶ to train.');
  }

  /** Saves the model in IndexedDB: the next visit starts with it. */
  async save(): Promise<void> {
    try {
      await this.trainer.save(indexedDBStore(MODEL_KEY));
      this.say('Saved in this browser (IndexedDB): the next visit loads it without training.');
    } catch (e) {
      this.say(`Saving failed: ${(e as Error).message}`, true);
    }
  }

  private async download(): Promise<void> {
    try {
      await this.trainer.save(browserDownloadStore('mnist-convnet'));
      this.say('Downloaded mnist-convnet.json and its weights file: load both with "Load files…".');
    } catch (e) {
      this.say(`Download failed: ${(e as Error).message}`, true);
    }
  }

  /** Loads a model from the picked files (model.json and its weights file). */
  async loadFiles(input: HTMLInputElement): Promise<void> {
    if (!input.files?.length) return;
    if (this.playing) await this.togglePlay();
    try {
      await this.trainer.load(browserFilesStore(input.files));
      this.source = 'files';
      this.target = 0;
      this.resetCurves();
      this.say('Loaded the model from the files. Evaluating…');
      await this.fullEvaluation();
      this.say(`Loaded the model from the files: ${pct(this.last?.accuracy ?? NaN)} of the test digits right.`);
    } catch (e) {
      this.say(`Loading failed: ${(e as Error).message}`, true);
    } finally {
      input.value = '';
    }
  }
}

function fmt(v: number, digits: number): string {
  return Number.isFinite(v) ? v.toFixed(digits) : '–';
}

function pct(v: number): string {
  return Number.isFinite(v) ? `${(v * 100).toFixed(1)}%` : '–';
}
