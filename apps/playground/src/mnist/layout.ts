/** The MNIST page's layout: the header (run controls, counters, options, model files) and the three panels. */
import { BACKENDS, type BackendName } from '../config.js';
import { field, h, select } from '../ui/dom.js';
import { BATCH_SIZES, EPOCHS, type PageOptions } from './options.js';
import type { DrawingPad } from './pad.js';
import { QUICK_EVERY, QUICK_N, type TrainingProgress } from './progress.js';
import type { ResultsPanel } from './results.js';
import type { ProbabilityBars } from './views.js';

/** What the header's controls do. */
export interface HeaderActions {
  switchBackend(name: BackendName): void;
  setOption(patch: Partial<PageOptions>): void;
  togglePlay(): void;
  reset(): void;
  save(): void;
  download(): void;
  loadFiles(input: HTMLInputElement): void;
}

/** The header, and its backend menu (the page adds WebGPU to it once an adapter is found). */
export function pageHeader(o: PageOptions, train: HTMLButtonElement, progress: TrainingProgress, results: ResultsPanel, act: HeaderActions): { header: HTMLElement; backend: HTMLSelectElement } {
  const backend = select('backend', BACKENDS.filter((b) => b !== 'webgpu').map((b) => [b, b === 'cpu' ? 'CPU (JS)' : 'WebAssembly'] as const), o.backend, (v) => act.switchBackend(v as BackendName));
  const batch = select('batch', BATCH_SIZES.map((b) => [String(b), String(b)] as const), String(o.batchSize), (v) => act.setOption({ batchSize: Number(v) }));
  // A run is whole epochs, or the steps the URL asked for (`#steps=300`), shown as one more choice.
  const runs = EPOCHS.map((e) => [String(e), `${e} epoch${e === 1 ? '' : 's'}`] as const);
  const epochs = select('epochs', o.steps ? [['steps', `${o.steps} steps`] as const, ...runs] : runs, o.steps ? 'steps' : String(o.epochs), (v) => {
    if (v !== 'steps') act.setOption({ epochs: Number(v), steps: 0 });
  });
  train.addEventListener('click', () => act.togglePlay());
  const reset = h('button', { class: 'round', 'data-testid': 'reset', title: 'New weights', 'aria-label': 'Reset', onclick: () => act.reset() }, '↺');
  const files = h('input', { type: 'file', multiple: true, accept: '.json,.safetensors', 'data-testid': 'load-files', class: 'hidden-file' });
  files.addEventListener('change', () => act.loadFiles(files));
  const c = progress.counters;
  const header = h(
    'header',
    { class: 'top' },
    h('div', { class: 'brand' }, h('strong', {}, 'lab'), ' MNIST'),
    h('a', { class: 'nav', href: './', 'data-testid': 'to-playground' }, '← Playground'),
    h('a', { class: 'nav', href: './notebook.html', 'data-testid': 'to-notebooks' }, 'Notebooks →'),
    h('a', { class: 'nav', href: './gpu-bench.html', 'data-testid': 'to-gpu-bench' }, 'GPU benchmark →'),
    h('div', { class: 'run' }, reset, train),
    h('div', { class: 'counters' }, field('Epochs done', c.epoch), field('Step', c.step), field('Speed', c.speed), field('Test accuracy', results.accuracy)),
    h('div', { class: 'hyper' }, field('Backend', backend, 'backend'), field('Batch size', batch, 'batch'), field('Run length', epochs, 'epochs')),
    h(
      'div',
      { class: 'model-io' },
      h('button', { class: 'text', 'data-testid': 'save', onclick: () => act.save() }, 'Save in browser'),
      h('button', { class: 'text', 'data-testid': 'download', onclick: () => act.download() }, 'Download'),
      h('label', { class: 'text button' }, 'Load files…', files),
    ),
  );
  return { header, backend };
}

/** The three panels: training curves, the drawing pad with its probabilities, the test split's results. */
export function pageBody(progress: TrainingProgress, pad: DrawingPad, bars: ProbabilityBars, results: ResultsPanel): HTMLElement {
  const clear = h('button', { class: 'text', 'data-testid': 'clear', onclick: () => pad.clear() }, 'Clear');
  return h(
    'main',
    { class: 'mnist-layout' },
    h(
      'section',
      { class: 'panel' },
      h('h2', {}, 'Training'),
      progress.legend,
      h('div', { class: 'chart-label' }, 'Loss (cross-entropy)'),
      progress.lossChart.canvas,
      h('div', { class: 'chart-label' }, 'Accuracy'),
      progress.accChart.canvas,
      h('p', { class: 'note' }, `The convnet: Conv2D 32 → MaxPool → Conv2D 64 → MaxPool → Flatten → Dropout 0.5 → Dense 10 softmax, Adam. The test curve uses the first ${QUICK_N} test digits every ${QUICK_EVERY} steps; the matrix uses all of them.`),
    ),
    h(
      'section',
      { class: 'panel draw' },
      h('h2', {}, 'Draw a digit'),
      h('div', { class: 'pad-row' }, pad.canvas, h('div', { class: 'pad-side' }, h('div', { class: 'chart-label' }, 'What the model sees (28×28)'), pad.preview, clear)),
      bars.el,
    ),
    h(
      'section',
      { class: 'panel results' },
      h('h2', {}, 'Test split: confusion matrix'),
      results.confusion.el,
      results.title,
      results.gallery.el,
    ),
  );
}
