/**
 * The results side of the MNIST page: the test accuracy, the confusion matrix of the whole test split and the
 * gallery of its misclassified digits (or of one clicked cell's).
 */
import { PIXELS, type MnistData } from '@lab/mnist-data';
import { h } from '../ui/dom.js';
import { pct } from './progress.js';
import type { TestResult } from './trainer.js';
import { ConfusionView, DigitGallery } from './views.js';

/** The test accuracy, the confusion matrix and the digit gallery, with the clicked cell's filter. */
export class ResultsPanel {
  readonly accuracy = h('span', { 'data-testid': 'test-accuracy' }, '–');
  readonly confusion = new ConfusionView((t, p) => this.selectCell(t, p));
  readonly gallery: DigitGallery;
  readonly title = h('h3', { 'data-testid': 'gallery-title' }, 'Misclassified test digits');
  /** The clicked cell (true, predicted), or null for every mistake. */
  private selected: [number, number] | null = null;
  private data: MnistData | null = null;
  private result: TestResult | null = null;

  /** `draw` is called with a test digit's pixels in [0, 1] when one in the gallery is clicked. */
  constructor(draw: (pixels: number[]) => void) {
    this.gallery = new DigitGallery((i) => {
      if (this.data) draw(Array.from(this.data.test.pixels.subarray(i * PIXELS, (i + 1) * PIXELS), (v) => v / 255));
    });
  }

  /** Shows an evaluation of the test split of `data`, or the empty state for null (an untrained model). */
  show(data: MnistData, r: TestResult | null): void {
    this.data = data;
    this.result = r;
    this.accuracy.textContent = pct(r?.accuracy ?? NaN);
    if (!r) {
      this.confusion.set(Array.from({ length: 10 }, () => new Array<number>(10).fill(0)), null);
      this.title.textContent = 'Train the model (▶) to see its confusion matrix and its mistakes on the test digits.';
      this.gallery.el.replaceChildren();
      return;
    }
    this.confusion.set(r.confusion, this.selected);
    const labels = data.test.labels;
    const [t, p] = this.selected ?? [-1, -1];
    const indices: number[] = [];
    for (let i = 0; i < r.n; i++) {
      const wrong = labels[i] !== r.predictions[i];
      if (this.selected ? labels[i] === t && r.predictions[i] === p : wrong) indices.push(i);
    }
    this.title.textContent = this.selected
      ? `Test digits: true ${t}, predicted ${p} (${indices.length})`
      : `Misclassified test digits (${indices.length} of ${r.n}): click a cell to filter, a digit to draw it`;
    this.gallery.set(data.test.pixels, labels, r.predictions, indices);
  }

  /** Shows the test digits of one confusion-matrix cell (clicking it again shows every mistake). */
  selectCell(t: number, p: number): void {
    this.selected = this.selected && this.selected[0] === t && this.selected[1] === p ? null : [t, p];
    if (this.data) this.show(this.data, this.result);
  }
}
