/** Heat maps of matrices (weights, images, confusion matrices), grids of small images, and histograms. */
import { toImages, toNumbers, toRows, type Matrix, type Series } from './data.js';
import { finish, type CommonOptions, type PlotSpec } from './spec.js';

/** Options of {@link heatmap}. */
export interface HeatmapOptions extends CommonOptions {
  /** Write each cell's value in it (default false; confusion matrices turn it on). */
  annotate?: boolean;
  /** Digits after the point in annotations (default: 0 for integer matrices, else 2). */
  digits?: number;
  /** Row labels (top to bottom). */
  rowLabels?: readonly string[];
  /** Column labels (left to right). */
  columnLabels?: readonly string[];
  /** Axis titles. */
  xLabel?: string;
  yLabel?: string;
  /** A Vega colour scheme (default `viridis`; `redblue` style diverging schemes suit signed weights). */
  scheme?: string;
  /** Centre a diverging scheme on 0 (default: when the matrix has both signs). */
  centerZero?: boolean;
  /** Colour legend title (default `value`). */
  legendTitle?: string;
}

/** A matrix as a grid of coloured cells, row 0 at the top. */
export function heatmap(matrix: Matrix, o: HeatmapOptions = {}): PlotSpec {
  const rows = toRows(matrix, 'heatmap');
  const nr = rows.length;
  const nc = nr ? rows[0].length : 0;
  const rl = o.rowLabels ?? rows.map((_, i) => String(i));
  const cl = o.columnLabels ?? Array.from({ length: nc }, (_, j) => String(j));
  const cells: { row: string; col: string; value: number }[] = [];
  let lo = Infinity;
  let hi = -Infinity;
  rows.forEach((r, i) =>
    r.forEach((v, j) => {
      cells.push({ row: rl[i], col: cl[j], value: v });
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }),
  );
  const ints = cells.every((c) => Number.isInteger(c.value));
  const digits = o.digits ?? (ints ? 0 : 2);
  const center = o.centerZero ?? (lo < 0 && hi > 0);
  const bound = Math.max(Math.abs(lo), Math.abs(hi));
  const scale = center ? { scheme: o.scheme ?? 'redblue', domainMid: 0, domain: [-bound, bound], reverse: true } : { scheme: o.scheme ?? 'viridis' };
  const cell = Math.max(6, Math.min(40, Math.floor(360 / Math.max(nr, nc, 1))));
  const base = {
    x: { field: 'col', type: 'ordinal', sort: cl, title: o.xLabel ?? null, axis: nc > 30 ? { labels: false, ticks: false } : { labelAngle: 0 } },
    y: { field: 'row', type: 'ordinal', sort: rl, title: o.yLabel ?? null, axis: nr > 30 ? { labels: false, ticks: false } : {} },
  };
  const layers: Record<string, unknown>[] = [
    { mark: { type: 'rect' }, encoding: { ...base, color: { field: 'value', type: 'quantitative', title: o.legendTitle ?? 'value', scale } } },
  ];
  if (o.annotate) {
    const mid = (lo + hi) / 2;
    // Sequential schemes such as blues are dark at the top; viridis-like ones are dark at the bottom.
    const darkHigh = !/^(viridis|magma|inferno|plasma|cividis|turbo)$/.test(o.scheme ?? 'viridis');
    layers.push({
      mark: { type: 'text', fontSize: 11 },
      transform: [{ calculate: `format(datum.value, '.${digits}f')`, as: 'label' }],
      encoding: {
        ...base,
        text: { field: 'label', type: 'nominal' },
        color: { condition: { test: center ? `abs(datum.value) > ${bound / 2}` : darkHigh ? `datum.value > ${mid}` : `datum.value < ${mid}`, value: 'white' }, value: 'black' },
      },
    });
  }
  return finish({ width: o.width ?? cell * nc, height: o.height ?? cell * nr, data: { values: cells }, layer: layers }, o);
}

/** Counts of (true label, predicted label) pairs: `m[t][p]`. */
export function confusionMatrix(labels: Series, predictions: Series, numClasses?: number): number[][] {
  const t = toNumbers(labels, 'confusionMatrix');
  const p = toNumbers(predictions, 'confusionMatrix');
  if (t.length !== p.length) throw new Error(`confusionMatrix: ${t.length} labels but ${p.length} predictions`);
  const k = numClasses ?? Math.max(0, ...t, ...p) + 1;
  const m = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  t.forEach((ti, i) => m[ti][p[i]]++);
  return m;
}

/** Options of {@link confusionMatrixPlot}. */
export interface ConfusionMatrixOptions extends CommonOptions {
  /** Class names (default 0..k-1). */
  classNames?: readonly string[];
  /** Number of classes (default: the largest label + 1). */
  numClasses?: number;
}

/** A confusion matrix as an annotated heat map: rows are true classes, columns predicted ones. */
export function confusionMatrixPlot(labels: Series, predictions: Series, o: ConfusionMatrixOptions = {}): PlotSpec {
  const m = confusionMatrix(labels, predictions, o.numClasses ?? o.classNames?.length);
  const names = o.classNames ?? m.map((_, i) => String(i));
  return heatmap(m, { annotate: true, rowLabels: names, columnLabels: names, xLabel: 'predicted', yLabel: 'true', scheme: 'blues', legendTitle: 'count', ...o });
}

/** Options of {@link imageGrid}. */
export interface ImageGridOptions extends CommonOptions {
  /** Images per row (default 8). */
  columns?: number;
  /** A caption per image (e.g. `label 3 / predicted 3`). */
  captions?: readonly string[];
  /** `[h, w]` when the images come flat (`[n, h*w]`). */
  side?: readonly [number, number];
  /** Pixel size in screen pixels (default 6). */
  pixel?: number;
  /** Colour scheme (default `greys`: high values dark). */
  scheme?: string;
}

/** Small images (e.g. digits) as a grid of grey heat maps with captions. */
export function imageGrid(images: Series | Matrix | readonly Matrix[], o: ImageGridOptions = {}): PlotSpec {
  const imgs = toImages(images, o.side, 'imageGrid');
  const px = o.pixel ?? 6;
  const cells: { image: number; row: number; col: number; value: number }[] = [];
  const titles = imgs.map((_, k) => o.captions?.[k] ?? String(k));
  imgs.forEach((img, k) => img.forEach((r, i) => r.forEach((v, j) => cells.push({ image: k, row: i, col: j, value: v }))));
  const h = imgs[0]?.length ?? 0;
  const w = imgs[0]?.[0]?.length ?? 0;
  return finish(
    {
      data: { values: cells },
      // Facet by index (captions may repeat), labelled with the caption.
      facet: { field: 'image', type: 'ordinal', title: null, sort: 'ascending', header: { labelFontSize: 10, labelPadding: 2, labelExpr: `${JSON.stringify(titles)}[datum.value]` } },
      columns: o.columns ?? 8,
      spec: {
        width: w * px,
        height: h * px,
        mark: { type: 'rect' },
        encoding: {
          x: { field: 'col', type: 'ordinal', axis: null },
          y: { field: 'row', type: 'ordinal', axis: null },
          color: { field: 'value', type: 'quantitative', scale: { scheme: o.scheme ?? 'greys' }, legend: null },
        },
      },
      spacing: 6,
      config: { view: { stroke: null } },
    },
    o,
  );
}

/** Options of {@link histogram}. */
export interface HistogramOptions extends CommonOptions {
  /** Maximum number of bins (default 30). */
  bins?: number;
  /** x axis title (default `value`). */
  xLabel?: string;
}

/**
 * A histogram of all values of a tensor or array (weights, activations, gradients), or of several named sets
 * overlaid in colours (`{ before: w0, after: w1 }`).
 */
export function histogram(values: Series | Matrix | Record<string, Series>, o: HistogramOptions = {}): PlotSpec {
  const named = !Array.isArray(values) && typeof values === 'object' && values !== null && !('array' in values) && !('values' in values);
  const sets: Record<string, Series> = named ? (values as Record<string, Series>) : { values: values as Series };
  const rows: { value: number; set: string }[] = [];
  for (const [name, s] of Object.entries(sets)) for (const v of toNumbers(s, 'histogram')) if (Number.isFinite(v)) rows.push({ value: v, set: name });
  const multi = Object.keys(sets).length > 1;
  return finish(
    {
      width: o.width ?? 360,
      height: o.height ?? 220,
      data: { values: rows },
      mark: { type: 'bar', opacity: multi ? 0.6 : 1, binSpacing: 0 },
      encoding: {
        x: { field: 'value', type: 'quantitative', bin: { maxbins: o.bins ?? 30 }, title: o.xLabel ?? 'value' },
        y: { aggregate: 'count', type: 'quantitative', title: 'count', ...(multi ? { stack: null } : {}) },
        ...(multi ? { color: { field: 'set', type: 'nominal', title: null } } : {}),
      },
    },
    o,
  );
}
