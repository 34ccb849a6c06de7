/**
 * The MNIST page: trains the convnet on the real digits (live curves, progress, backend switch), a drawing pad
 * with the ten class probabilities, the confusion matrix and the misclassified test digits, and saving / loading
 * the model (IndexedDB, files). Training runs one batch per browser task, so the page never freezes.
 */
import { getBackend, memory } from '@lab/core';
import { browserDownloadStore, browserFilesStore, indexedDBStore } from '@lab/layers';
import type { MnistData } from '@lab/mnist-data';
import type { BackendName } from '../config.js';
import { optionsHash, type PageOptions } from './options.js';
import { useBackend, webgpuAvailable } from '../backends.js';
import { h } from '../ui/dom.js';
import { fetchMnist } from './data.js';
import { pageBody, pageHeader } from './layout.js';
import { DrawingPad } from './pad.js';
import { QUICK_EVERY, QUICK_N, TrainingProgress, pct, type Point } from './progress.js';
import { ResultsPanel } from './results.js';
import { Trainer, yieldToBrowser, type TestResult } from './trainer.js';
import { ProbabilityBars } from './views.js';

/** IndexedDB key of the saved model. */
export const MODEL_KEY = 'lab-mnist-convnet';

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

/** The page: builds it, trains, evaluates, predicts the pad's drawing, and saves and loads the model. */
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
  private padBusy = false;
  private padDirty = false;
  private readonly status = h('div', { class: 'status', 'data-testid': 'status', role: 'status' });
  private readonly train = h('button', { class: 'play', 'data-testid': 'train', 'aria-label': 'Train' }, '▶');
  private backend!: HTMLSelectElement;
  private readonly progress = new TrainingProgress();
  private readonly bars = new ProbabilityBars();
  private readonly results = new ResultsPanel((pixels) => this.pad.show(pixels));

  constructor(
    readonly root: HTMLElement,
    opts: PageOptions,
  ) {
    this.opts = opts;
  }

  /** Starts a backend, downloads the digits, restores a saved model if there is one, and builds the page. */
  async start(): Promise<void> {
    const { header, backend } = pageHeader(this.opts, this.train, this.progress, this.results, {
      switchBackend: (name) => void this.switchBackend(name),
      setOption: (patch) => this.setOption(patch),
      togglePlay: () => void this.togglePlay(),
      reset: () => void this.reset(),
      save: () => void this.save(),
      download: () => void this.download(),
      loadFiles: (input) => void this.loadFiles(input),
    });
    this.backend = backend;
    this.pad = new DrawingPad((input) => void this.predictPad(input));
    this.root.replaceChildren(header, h('div', { class: 'status-row' }, this.status, this.progress.bar, this.progress.text), pageBody(this.progress, this.pad, this.bars, this.results));
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
    if (await gpu) this.backend.append(h('option', { value: 'webgpu' }, 'WebGPU'));
    this.backend.value = this.opts.backend;
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
    this.progress.reset();
    // A new model's matrix would say nothing (and cost seconds of a first visit): only a loaded one is evaluated.
    if (this.source === 'new') this.showResults();
    else await this.fullEvaluation();
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
      msPerStep: this.progress.msPerStep,
      tensors: memory().numTensors,
    };
  }

  private say(text: string, error = false): void {
    this.status.textContent = text;
    this.status.classList.toggle('error', error);
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
    this.train.textContent = '❚❚';
    this.train.setAttribute('aria-label', 'Pause');
    this.loop = this.run().finally(() => {
      this.loop = null;
    });
  }

  private async run(): Promise<void> {
    const started = this.trainer.steps;
    this.say('Training…');
    try {
      // Where the curves start: the untrained model on the test digits.
      if (this.trainer.steps === 0) this.progress.begin(await this.quickEvaluation());
      while (this.playing && this.trainer.steps < this.target) {
        const t0 = performance.now();
        const logs = await this.trainer.step(this.opts.batchSize);
        const ms = performance.now() - t0;
        const measured = this.trainer.steps % QUICK_EVERY === 0 || this.trainer.steps === this.target;
        const test = measured ? await this.quickEvaluation() : null;
        // follow quickly at first, then smooth
        this.progress.step(this.trainer.steps, ms, logs, this.trainer.steps < started + 20, test);
        if (this.progress.due()) this.drawProgress();
        await yieldToBrowser();
      }
    } catch (e) {
      console.error('mnist: training failed:', e);
      this.say(`Training failed: ${(e as Error).message}`, true);
    } finally {
      this.playing = false;
      this.train.textContent = '▶';
      this.train.setAttribute('aria-label', 'Train');
    }
    this.drawProgress();
    this.say(this.trainer.steps >= this.target ? 'Run finished. Evaluating on the test split…' : 'Paused. Evaluating on the test split…');
    await this.fullEvaluation();
    this.say(`${this.trainer.steps >= this.target ? 'Run finished' : 'Paused'} after ${this.trainer.steps.toLocaleString('en-US')} steps: ${((this.last?.accuracy ?? 0) * 100).toFixed(2)}% of the ${this.data.test.n.toLocaleString('en-US')} test digits right.`);
  }

  private drawProgress(): void {
    this.progress.draw({ trainer: this.trainer, start: this.runStart, target: this.target, batchSize: this.opts.batchSize, playing: this.playing });
  }

  /** The test curve's point: the first QUICK_N test digits. */
  private async quickEvaluation(): Promise<Point> {
    const r = await this.trainer.evaluate(QUICK_N);
    return { loss: r.loss, accuracy: r.accuracy };
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
    this.results.show(this.data, this.last);
  }

  /** Shows the test digits of one confusion-matrix cell (clicking it again shows every mistake). */
  selectCell(t: number, p: number): void {
    this.results.selectCell(t, p);
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
      this.bars.set(null);
      return;
    }
    this.padBusy = true;
    try {
      this.padProbabilities = await this.trainer.predict(input);
      this.bars.set(this.padProbabilities);
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
      this.progress.msPerStep = 0;
      this.say(`Now on ${name}.`);
    } catch (e) {
      console.warn(`mnist: backend ${name} did not start:`, e);
      this.backend.value = from;
      this.say(`The ${name} backend did not start: ${(e as Error).message}`, true);
    }
    if (was) await this.togglePlay();
  }

  private async reset(): Promise<void> {
    if (this.playing) await this.togglePlay();
    await this.trainer.reset();
    this.source = 'new';
    this.target = 0;
    this.progress.reset();
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
      this.progress.reset();
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
