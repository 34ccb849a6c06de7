/** Scatter plots, optionally over a classifier's decision regions drawn as a heat map. */
import { linspace, materialize, materializeAll, toNumbers, type Series } from './data.js';
import { finish, type CommonOptions, type PlotSpec } from './spec.js';

/** Options of {@link scatterPlot}. */
export interface ScatterOptions extends CommonOptions {
  /** x coordinates. */
  x: Series;
  /** y coordinates. */
  y: Series;
  /** A class (or any label) per point, coloured; numbers are shown as categories. */
  labels?: Series | readonly string[];
  /** Names of the numeric classes (`labels` value i is shown as `classNames[i]`). */
  classNames?: readonly string[];
  /** Extra lines to draw, e.g. a true separating line: `{ name, x: [x0, x1], y: [y0, y1] }`. */
  lines?: readonly { name: string; x: readonly number[]; y: readonly number[] }[];
  xLabel?: string;
  yLabel?: string;
}

function labelTexts(labels: ScatterOptions['labels'], n: number, classNames?: readonly string[]): string[] | null {
  if (labels === undefined) return null;
  const arr = Array.isArray(labels) && typeof labels[0] === 'string' ? (labels as string[]) : toNumbers(labels as Series, 'scatterPlot').map((v) => classNames?.[v] ?? String(v));
  if (arr.length !== n) throw new Error(`scatterPlot: ${arr.length} labels for ${n} points`);
  return arr;
}

function pointRows(o: ScatterOptions): { x: number; y: number; label: string }[] {
  const xs = toNumbers(o.x, 'scatterPlot');
  const ys = toNumbers(o.y, 'scatterPlot');
  if (xs.length !== ys.length) throw new Error(`scatterPlot: ${xs.length} x values but ${ys.length} y values`);
  const labels = labelTexts(o.labels, xs.length, o.classNames);
  return xs.map((x, i) => ({ x, y: ys[i], label: labels ? labels[i] : 'points' }));
}

function pointLayer(o: ScatterOptions, labelled: boolean, f: { x: [number, number]; y: [number, number] }): Record<string, unknown> {
  return {
    data: { values: pointRows(o) },
    mark: { type: 'point', filled: true, size: 28, opacity: 0.85, stroke: 'white', strokeWidth: 0.5 },
    encoding: {
      x: { field: 'x', type: 'quantitative', title: o.xLabel ?? 'x', scale: { domain: f.x, zero: false, nice: false } },
      y: { field: 'y', type: 'quantitative', title: o.yLabel ?? 'y', scale: { domain: f.y, zero: false, nice: false } },
      ...(labelled ? { color: { field: 'label', type: 'nominal', title: 'class' } } : {}),
    },
  };
}

function lineLayers(o: ScatterOptions): Record<string, unknown>[] {
  const lines = o.lines ?? [];
  if (lines.length === 0) return [];
  const names = lines.map((l) => l.name);
  // Reference lines get their own dark colour scale (and legend), and are clipped to the points' frame.
  return [
    {
      data: { values: lines.flatMap((l) => l.x.map((x, i) => ({ x, y: l.y[i], line: l.name, order: i }))) },
      mark: { type: 'line', strokeWidth: 2.5, clip: true },
      encoding: {
        x: { field: 'x', type: 'quantitative' },
        y: { field: 'y', type: 'quantitative' },
        order: { field: 'order', type: 'quantitative' },
        color: { field: 'line', type: 'nominal', title: 'line', sort: names, scale: { domain: names, range: ['#222222', '#d62728', '#2ca02c', '#9467bd'] } },
        strokeDash: { field: 'line', type: 'nominal', title: 'line', sort: names, scale: { domain: names, range: [[6, 4], [1, 0], [2, 2], [8, 2, 2, 2]] } },
      },
    },
  ];
}

function frame(xs: number[], ys: number[], margin: number): { x: [number, number]; y: [number, number] } {
  const range = (v: number[]): [number, number] => {
    const lo = Math.min(...v);
    const hi = Math.max(...v);
    const pad = (hi - lo || 1) * margin;
    return [lo - pad, hi + pad];
  };
  return { x: range(xs), y: range(ys) };
}

/** Points, coloured by label when labels are given, with optional reference lines. */
export function scatterPlot(o: ScatterOptions): PlotSpec {
  const f = frame(toNumbers(o.x, 'scatterPlot'), toNumbers(o.y, 'scatterPlot'), 0.03);
  const points = pointLayer(o, o.labels !== undefined, f);
  const lines = lineLayers(o);
  return finish(
    {
      width: o.width ?? 360,
      height: o.height ?? 300,
      layer: [points, ...lines],
      ...(lines.length > 0 && o.labels !== undefined ? { resolve: { scale: { color: 'independent', strokeDash: 'independent' } } } : {}),
    },
    o,
  );
}

/** Options of {@link decisionBoundaryPlot}. */
export interface DecisionBoundaryOptions extends ScatterOptions {
  /**
   * The classifier: given grid points (`[n][2]`: x, y), returns one value per point: a class index, or a score /
   * probability (e.g. of class 1). Its results may be a tensor-like.
   */
  predict: (points: number[][]) => Series;
  /** Grid cells per axis (default 60). */
  resolution?: number;
  /** How to colour the regions: `class` (nominal) or `score` (a continuous colour scale). Default: `class` when
   * every prediction is an integer. */
  regions?: 'class' | 'score';
  /** Padding around the points, as a fraction of their range (default 0.05). */
  margin?: number;
}

/**
 * The points over the classifier's decision regions: the plane is cut into a grid, `predict` is called once on
 * every cell centre, and the results are drawn as a heat map under the points.
 */
export function decisionBoundaryPlot(o: DecisionBoundaryOptions): PlotSpec {
  const g = boundaryGrid(o);
  return boundarySpec(o, g, toNumbers(o.predict(g.grid), 'decisionBoundaryPlot predict'));
}

/** Options of {@link decisionBoundaryPlotAsync}: `predict` may also return a promise. */
export interface DecisionBoundaryAsyncOptions extends Omit<DecisionBoundaryOptions, 'predict'> {
  /** The classifier, as in {@link DecisionBoundaryOptions.predict}; it may be async, and its tensor is read asynchronously. */
  predict: (points: number[][]) => Series | Promise<Series>;
}

/**
 * {@link decisionBoundaryPlot} without a synchronous read: the points, labels and `predict`'s result (a tensor on
 * any backend, webgpu included) are read asynchronously.
 */
export async function decisionBoundaryPlotAsync(o: DecisionBoundaryAsyncOptions): Promise<PlotSpec> {
  const { predict, ...rest } = o;
  const read = { ...(await materializeAll(rest)), predict: () => [] as number[] };
  const g = boundaryGrid(read);
  const out = await predict(g.grid);
  const pred = typeof out === 'object' && out !== null && 'array' in out && typeof out.array === 'function' ? await materialize(out) : out;
  return boundarySpec(read, g, toNumbers(pred, 'decisionBoundaryPlot predict'));
}

/** The grid of cell centres `predict` is called on, and the frame around the points. */
interface BoundaryGrid {
  xs: number[];
  ys: number[];
  grid: number[][];
  f: { x: [number, number]; y: [number, number] };
  dx: number;
  dy: number;
}

function boundaryGrid(o: DecisionBoundaryOptions): BoundaryGrid {
  const xs = toNumbers(o.x, 'decisionBoundaryPlot');
  const ys = toNumbers(o.y, 'decisionBoundaryPlot');
  const res = o.resolution ?? 60;
  const m = o.margin ?? 0.05;
  const f = frame(xs, ys, m);
  const [x0, x1] = f.x;
  const [y0, y1] = f.y;
  const dx = (x1 - x0) / res;
  const dy = (y1 - y0) / res;
  const gx = linspace(x0 + dx / 2, x1 - dx / 2, res);
  const gy = linspace(y0 + dy / 2, y1 - dy / 2, res);
  const grid: number[][] = [];
  for (const y of gy) for (const x of gx) grid.push([x, y]);
  return { xs, ys, grid, f, dx, dy };
}

/** The heat map of the predictions under the points. */
function boundarySpec(o: DecisionBoundaryOptions, g: BoundaryGrid, pred: number[]): PlotSpec {
  const { grid, f, dx, dy } = g;
  const [x0, x1] = f.x;
  const [y0, y1] = f.y;
  if (pred.length !== grid.length) throw new Error(`decisionBoundaryPlot: predict returned ${pred.length} values for ${grid.length} grid points`);
  const asClass = (o.regions ?? (pred.every((v) => Number.isInteger(v)) ? 'class' : 'score')) === 'class';
  const cells = grid.map(([x, y], i) => ({
    x: x - dx / 2,
    x2: x + dx / 2,
    y: y - dy / 2,
    y2: y + dy / 2,
    value: asClass ? (o.classNames?.[pred[i]] ?? String(pred[i])) : pred[i],
  }));
  const heat = {
    data: { values: cells },
    mark: { type: 'rect', opacity: asClass ? 0.3 : 0.55 },
    encoding: {
      x: { field: 'x', type: 'quantitative', scale: { domain: [x0, x1], nice: false, zero: false }, title: o.xLabel ?? 'x' },
      x2: { field: 'x2' },
      y: { field: 'y', type: 'quantitative', scale: { domain: [y0, y1], nice: false, zero: false }, title: o.yLabel ?? 'y' },
      y2: { field: 'y2' },
      ...(asClass
        ? { color: { field: 'value', type: 'nominal', title: 'class' } }
        : { fill: { field: 'value', type: 'quantitative', title: 'score', scale: { scheme: 'blueorange' } } }),
    },
  };
  return finish(
    {
      width: o.width ?? 360,
      height: o.height ?? 320,
      layer: [heat, pointLayer(o, o.labels !== undefined, f), ...lineLayers(o)],
      ...(asClass && !o.lines?.length ? {} : { resolve: { scale: { color: 'independent', strokeDash: 'independent' } } }),
    },
    o,
  );
}
