/** The control panels: the top bar (run buttons, hyper-parameters, backend) and the data panel. */
import {
  ACTIVATIONS,
  DATASETS,
  LEARNING_RATES,
  OPTIMIZERS,
  REG_RATES,
  REGULARIZATIONS,
  isRegression,
  type BackendName,
  type Config,
  type DatasetName,
} from '../config.js';
import { makeData } from '../data.js';
import { color, fitCanvas } from './heatmap.js';
import { field, h, select } from './dom.js';
import { DOMAIN } from '../data.js';

/** What the controls ask the app to do. */
export interface ControlActions {
  update(patch: Partial<Config>): void;
  togglePlay(): void;
  step(): void;
  reset(): void;
}

const DATASET_LABELS: Record<DatasetName, string> = {
  circle: 'Circle',
  xor: 'Exclusive or',
  gauss: 'Two gaussians',
  spiral: 'Spiral',
  plane: 'Plane (regression)',
  multigauss: 'Gaussian bumps (regression)',
};

/** Inline SVG icons: no icon font to fetch, and they render the same everywhere. */
const svg = (body: string) => `<svg viewBox="0 0 24 24" width="20" height="20" fill="currentColor" aria-hidden="true">${body}</svg>`;
const ICONS = {
  play: svg('<path d="M8 5v14l11-7z"/>'),
  pause: svg('<path d="M6 5h4v14H6zM14 5h4v14h-4z"/>'),
  step: svg('<path d="M6 5v14l9-7zM16 5h3v14h-3z"/>'),
  reset: svg('<path d="M12 5V2L7 6l5 4V7a5 5 0 1 1-5 5H5a7 7 0 1 0 7-7z"/>'),
};

const BACKEND_LABELS: Record<BackendName, string> = { cpu: 'cpu (JavaScript)', wasm: 'wasm (SIMD)', webgpu: 'webgpu' };

function slider(id: string, min: number, max: number, step: number, value: number, onchange: (v: number) => void) {
  const out = h('output', { for: id, 'data-testid': `${id}-value` }, String(value));
  const input = h('input', { id, 'data-testid': id, type: 'range', min, max, step, value: String(value) });
  input.addEventListener('input', () => (out.textContent = input.value));
  input.addEventListener('change', () => onchange(Number(input.value)));
  return { input, out };
}

function drawDatasetPreview(c: HTMLCanvasElement, d: DatasetName): void {
  const { w, h: hh, dpr } = fitCanvas(c);
  const ctx = c.getContext('2d')!;
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.fillStyle = '#f4f5f6';
  ctx.fillRect(0, 0, w, hh);
  for (const p of makeData(d, 0, 90, 1).train.slice(0, 300)) {
    ctx.fillStyle = color(p.label);
    ctx.fillRect(((p.x + DOMAIN) / (2 * DOMAIN)) * w - 1, ((DOMAIN - p.y) / (2 * DOMAIN)) * hh - 1, 2.2, 2.2);
  }
}

export class Controls {
  readonly top: HTMLElement;
  readonly data: HTMLElement;
  readonly stats: { epoch: HTMLElement; steps: HTMLElement; sps: HTMLElement };
  readonly status: HTMLElement;
  private readonly play: HTMLButtonElement;
  private readonly selects: Record<string, HTMLSelectElement>;
  private readonly sliders: Record<string, { input: HTMLInputElement; out: HTMLElement }>;
  private readonly datasetButtons = new Map<DatasetName, HTMLButtonElement>();
  private readonly problem: HTMLElement;
  private readonly seed: HTMLElement;
  private readonly backendSelect: HTMLSelectElement;
  private readonly checks: Record<'showTest' | 'discretize', HTMLInputElement>;

  constructor(cfg: Config, private readonly actions: ControlActions) {
    const u = actions.update;
    this.play = h('button', { class: 'play', 'data-testid': 'play', title: 'Run / pause', onclick: () => actions.togglePlay() });
    const step = h('button', { class: 'round', 'data-testid': 'step', title: 'Train one epoch', 'aria-label': 'Train one epoch', onclick: () => actions.step() });
    step.innerHTML = ICONS.step;
    const reset = h('button', { class: 'round', 'data-testid': 'reset', title: 'Start over with new weights', 'aria-label': 'Reset', onclick: () => actions.reset() });
    reset.innerHTML = ICONS.reset;
    this.stats = {
      epoch: h('span', { class: 'big', 'data-testid': 'epoch' }, '0'),
      steps: h('span', { 'data-testid': 'steps' }, '0'),
      sps: h('span', { 'data-testid': 'sps' }, '–'),
    };
    this.backendSelect = select('backend', (['cpu', 'wasm'] as BackendName[]).map((b) => [b, BACKEND_LABELS[b]] as const), cfg.backend, (v) =>
      u({ backend: v as BackendName }),
    );
    this.selects = {
      learningRate: select('learningRate', LEARNING_RATES.map((v) => [String(v), String(v)] as const), String(cfg.learningRate), (v) => u({ learningRate: Number(v) })),
      activation: select('activation', ACTIVATIONS.map((v) => [v, v[0].toUpperCase() + v.slice(1)] as const), cfg.activation, (v) =>
        u({ activation: v as Config['activation'] }),
      ),
      optimizer: select('optimizer', OPTIMIZERS.map((v) => [v, v === 'sgd' ? 'SGD' : 'Adam'] as const), cfg.optimizer, (v) => u({ optimizer: v as Config['optimizer'] })),
      regularization: select('regularization', REGULARIZATIONS.map((v) => [v, v === 'none' ? 'None' : v] as const), cfg.regularization, (v) =>
        u({ regularization: v as Config['regularization'] }),
      ),
      regRate: select('regRate', REG_RATES.map((v) => [String(v), String(v)] as const), String(cfg.regRate), (v) => u({ regRate: Number(v) })),
      backend: this.backendSelect,
    };
    this.top = h(
      'header',
      { class: 'top' },
      h('div', { class: 'brand' }, h('strong', {}, 'lab'), ' playground'),
      h('a', { class: 'nav', href: './mnist.html', 'data-testid': 'to-mnist', title: 'Train a convnet on real handwritten digits' }, 'MNIST digits →'),
      h('a', { class: 'nav', href: './notebook.html', 'data-testid': 'to-notebooks', title: 'The course as live notebooks' }, 'Notebooks →'),
      h('a', { class: 'nav', href: './gpu-bench.html', 'data-testid': 'to-gpu-bench', title: 'lab vs TensorFlow.js on your GPU (WebGPU)' }, 'GPU benchmark →'),
      h('div', { class: 'run' }, reset, this.play, step),
      h(
        'div',
        { class: 'counters' },
        field('Epoch', this.stats.epoch),
        field('Steps', this.stats.steps),
        field('Steps / s', this.stats.sps),
      ),
      h(
        'div',
        { class: 'hyper' },
        field('Learning rate', this.selects.learningRate, 'learningRate'),
        field('Activation', this.selects.activation, 'activation'),
        field('Optimizer', this.selects.optimizer, 'optimizer'),
        field('Regularization', this.selects.regularization, 'regularization'),
        field('Reg. rate', this.selects.regRate, 'regRate'),
        field('Backend', this.backendSelect, 'backend'),
      ),
    );

    const grid = h('div', { class: 'datasets' });
    for (const d of DATASETS) {
      const c = h('canvas', { class: 'preview' });
      const b = h('button', { class: 'dataset', title: DATASET_LABELS[d], 'aria-label': DATASET_LABELS[d], 'data-testid': `dataset-${d}`, onclick: () => u({ dataset: d }) }, c);
      this.datasetButtons.set(d, b);
      grid.append(b);
      requestAnimationFrame(() => drawDatasetPreview(c, d));
    }
    this.sliders = {
      trainRatio: slider('trainRatio', 10, 90, 10, cfg.trainRatio, (v) => u({ trainRatio: v })),
      noise: slider('noise', 0, 50, 5, cfg.noise, (v) => u({ noise: v })),
      batchSize: slider('batchSize', 1, 30, 1, cfg.batchSize, (v) => u({ batchSize: v })),
    };
    const sliderField = (label: string, s: { input: HTMLInputElement; out: HTMLElement }) =>
      h('div', { class: 'field slider' }, h('label', { for: s.input.id }, label, ': ', s.out), s.input);
    this.problem = h('div', { class: 'problem', 'data-testid': 'problem' });
    this.seed = h('span', { 'data-testid': 'seed' });
    this.checks = {
      showTest: h('input', { type: 'checkbox', id: 'showTest', 'data-testid': 'showTest' }),
      discretize: h('input', { type: 'checkbox', id: 'discretize', 'data-testid': 'discretize' }),
    };
    this.checks.showTest.addEventListener('change', () => u({ showTest: this.checks.showTest.checked }));
    this.checks.discretize.addEventListener('change', () => u({ discretize: this.checks.discretize.checked }));
    this.data = h(
      'section',
      { class: 'panel data' },
      h('h2', {}, 'Data'),
      grid,
      this.problem,
      sliderField('Ratio of training data (%)', this.sliders.trainRatio),
      sliderField('Noise', this.sliders.noise),
      sliderField('Batch size', this.sliders.batchSize),
      h(
        'div',
        { class: 'field' },
        h('button', { class: 'text', 'data-testid': 'regenerate', title: 'New points (next seed)', onclick: () => u({ seed: (cfgSeed() + 1) % 2 ** 31 }) }, 'Regenerate'),
        ' seed ',
        this.seed,
      ),
    );
    // The seed as currently shown (kept in sync by `sync`).
    const cfgSeed = () => Number(this.seed.textContent);
    this.status = h('div', { class: 'status', role: 'status', 'data-testid': 'status' });
    this.sync(cfg);
  }

  /** The checkboxes, placed by the app under the big heat map. */
  get outputChecks(): HTMLElement {
    return h(
      'div',
      { class: 'checks' },
      h('label', {}, this.checks.showTest, ' Show test data'),
      h('label', {}, this.checks.discretize, ' Discretize output'),
    );
  }

  /** Offers webgpu in the backend list (only when the browser has an adapter). */
  offerWebGPU(): void {
    if ([...this.backendSelect.options].some((o) => o.value === 'webgpu')) return;
    this.backendSelect.append(h('option', { value: 'webgpu' }, BACKEND_LABELS.webgpu));
  }

  setPlaying(playing: boolean): void {
    this.play.innerHTML = playing ? ICONS.pause : ICONS.play;
    this.play.dataset.state = playing ? 'playing' : 'paused';
    this.play.setAttribute('aria-label', playing ? 'Pause' : 'Run');
  }

  /** Shows a configuration in every control. */
  sync(cfg: Config): void {
    for (const [k, s] of Object.entries(this.selects)) s.value = String(cfg[k as keyof Config]);
    for (const [k, s] of Object.entries(this.sliders)) {
      s.input.value = String(cfg[k as keyof Config]);
      s.out.textContent = s.input.value;
    }
    for (const [d, b] of this.datasetButtons) b.classList.toggle('selected', d === cfg.dataset);
    this.problem.textContent = isRegression(cfg.dataset) ? 'Regression: predict the colour' : 'Classification: two classes';
    this.seed.textContent = String(cfg.seed);
    this.checks.showTest.checked = cfg.showTest;
    this.checks.discretize.checked = cfg.discretize;
  }
}
