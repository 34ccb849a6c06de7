/** The MNIST page's result views: class probability bars, the confusion matrix, and a gallery of test digits. */
import { PIXELS, SIDE } from '@lab/mnist-data';
import { h } from '../ui/dom.js';

/** Ten horizontal bars, one per digit, with the most likely highlighted. */
export class ProbabilityBars {
  readonly el = h('div', { class: 'bars', 'data-testid': 'bars' });
  private readonly fills: HTMLElement[] = [];
  private readonly values: HTMLElement[] = [];
  private readonly rows: HTMLElement[] = [];

  constructor() {
    for (let d = 0; d < 10; d++) {
      const fill = h('div', { class: 'fill' });
      const value = h('span', { class: 'value' }, '–');
      const row = h('div', { class: 'bar', 'data-testid': `prob-${d}` }, h('span', { class: 'digit' }, String(d)), h('div', { class: 'track' }, fill), value);
      this.fills.push(fill);
      this.values.push(value);
      this.rows.push(row);
      this.el.append(row);
    }
  }

  /** Shows `p` (ten probabilities), or empty bars for null. */
  set(p: ArrayLike<number> | null): void {
    let best = -1;
    if (p) for (let d = 0; d < 10; d++) if (best < 0 || p[d] > p[best]) best = d;
    for (let d = 0; d < 10; d++) {
      const v = p ? p[d] : 0;
      this.fills[d].style.width = `${(v * 100).toFixed(1)}%`;
      this.values[d].textContent = p ? `${(v * 100).toFixed(1)}%` : '–';
      this.rows[d].classList.toggle('best', d === best);
    }
  }
}

/** Draws 28x28 digit `i` of `pixels` (bytes) into a small canvas. */
export function digitCanvas(pixels: Uint8Array, i: number, cls = 'digit-img'): HTMLCanvasElement {
  const c = h('canvas', { class: cls, width: SIDE, height: SIDE });
  const img = new ImageData(SIDE, SIDE);
  for (let p = 0; p < PIXELS; p++) {
    const v = pixels[i * PIXELS + p];
    img.data.set([v, v, v, 255], p * 4);
  }
  c.getContext('2d')!.putImageData(img, 0, 0);
  return c;
}

/** The 10x10 confusion matrix as a table of buttons: a click selects the cell (true row, predicted column). */
export class ConfusionView {
  readonly el = h('table', { class: 'confusion', 'data-testid': 'confusion' });

  constructor(private readonly onSelect: (truth: number, predicted: number) => void) {}

  /** Shows `m[true][predicted]`; `selected` is outlined. */
  set(m: number[][], selected: [number, number] | null): void {
    const head = h('tr', {}, h('th', { class: 'corner' }, 'true ↓ / predicted →'));
    for (let p = 0; p < 10; p++) head.append(h('th', {}, String(p)));
    const rows = [head];
    const offMax = Math.max(1, ...m.flatMap((r, t) => r.filter((_, p) => p !== t)));
    for (let t = 0; t < 10; t++) {
      const rowTotal = Math.max(1, m[t].reduce((a, b) => a + b, 0));
      const tr = h('tr', {}, h('th', {}, String(t)));
      for (let p = 0; p < 10; p++) {
        const n = m[t][p];
        // Diagonal cells shaded by the class's recall; mistakes by their count against the worst mistake.
        const shade = t === p ? n / rowTotal : n / offMax;
        const cell = h(
          'button',
          {
            class: `cell ${t === p ? 'hit' : 'miss'}${selected && selected[0] === t && selected[1] === p ? ' selected' : ''}`,
            'data-testid': `cell-${t}-${p}`,
            title: `${n} test digit${n === 1 ? '' : 's'}: true ${t}, predicted ${p}`,
            onclick: () => this.onSelect(t, p),
          },
          n ? String(n) : '',
        );
        cell.style.setProperty('--shade', String(n ? 0.08 + 0.92 * shade : 0));
        tr.append(h('td', {}, cell));
      }
      rows.push(tr);
    }
    this.el.replaceChildren(...rows);
  }
}

/** A gallery of test digits with captions; a click hands the digit's index to `onPick`. */
export class DigitGallery {
  readonly el = h('div', { class: 'gallery', 'data-testid': 'gallery' });

  constructor(private readonly onPick: (index: number) => void) {}

  /** Shows digits `indices` of the split, captioned `true → predicted`; at most `max`. */
  set(pixels: Uint8Array, labels: Uint8Array, predictions: Uint8Array, indices: readonly number[], max = 120): void {
    const items = indices.slice(0, max).map((i) =>
      h(
        'button',
        { class: `digit${labels[i] === predictions[i] ? '' : ' wrong'}`, 'data-testid': `test-digit-${i}`, title: `test digit #${i}: draw it on the pad`, onclick: () => this.onPick(i) },
        digitCanvas(pixels, i),
        h('span', {}, `${labels[i]} → ${predictions[i]}`),
      ),
    );
    const more = indices.length > max ? [h('p', { class: 'more' }, `…and ${indices.length - max} more`)] : [];
    this.el.replaceChildren(...(items.length ? items : [h('p', { class: 'more' }, 'None.')]), ...more);
  }
}
