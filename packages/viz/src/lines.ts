/** Line plots: any named series, and training histories (train vs validation, one panel per metric). */
import { toNumbers, type Series } from './data.js';
import { finish, type CommonOptions, type PlotSpec } from './spec.js';

/** Options of {@link linePlot}. */
export interface LinePlotOptions extends CommonOptions {
  /** x values shared by every series (default 0, 1, 2, ...). */
  x?: Series;
  /** The series to draw, by legend name. */
  series: Record<string, Series>;
  /** x axis title (default `x`). */
  xLabel?: string;
  /** y axis title (default `y`). */
  yLabel?: string;
  /** Draw a point on every value too (default: only when a series has at most 60 values). */
  points?: boolean;
  /** A log-scale y axis (for losses spanning decades). */
  logY?: boolean;
}

/** A line plot of one or more named series over a shared x. */
export function linePlot(o: LinePlotOptions): PlotSpec {
  const rows: { x: number; y: number; series: string }[] = [];
  const xs = o.x === undefined ? null : toNumbers(o.x, 'linePlot');
  let longest = 0;
  for (const [name, s] of Object.entries(o.series)) {
    const ys = toNumbers(s, 'linePlot');
    longest = Math.max(longest, ys.length);
    ys.forEach((y, i) => {
      if (Number.isFinite(y)) rows.push({ x: xs ? xs[i] : i, y, series: name });
    });
  }
  const points = o.points ?? longest <= 60;
  return finish(
    {
      width: o.width ?? 360,
      height: o.height ?? 240,
      data: { values: rows },
      mark: { type: 'line', point: points, strokeWidth: 2 },
      encoding: {
        x: { field: 'x', type: 'quantitative', title: o.xLabel ?? 'x', scale: { nice: false, zero: false } },
        y: { field: 'y', type: 'quantitative', title: o.yLabel ?? 'y', scale: o.logY ? { type: 'log' } : { zero: false } },
        color: { field: 'series', type: 'nominal', title: null, sort: Object.keys(o.series) },
      },
    },
    o,
  );
}

/** A training history: Keras's `History` (`.history`), or its record of per-epoch values. */
export type HistoryLike = { readonly history: Readonly<Record<string, readonly number[]>> } | Readonly<Record<string, readonly number[]>>;

/** Options of {@link historyPlot}. */
export interface HistoryPlotOptions extends CommonOptions {
  /** The metrics to draw (default: every key without a `val_` prefix, loss first). */
  metrics?: string[];
  /** A log-scale y axis for the loss panel. */
  logLoss?: boolean;
}

function historyRecord(h: HistoryLike): Readonly<Record<string, readonly number[]>> {
  const maybe = (h as { history?: unknown }).history;
  if (maybe && typeof maybe === 'object' && !Array.isArray(maybe)) return maybe as Record<string, readonly number[]>;
  return h as Record<string, readonly number[]>;
}

/** The metric names of a history, loss first. */
export function historyMetrics(h: HistoryLike): string[] {
  const keys = Object.keys(historyRecord(h)).filter((k) => !k.startsWith('val_'));
  return keys.sort((a, b) => (a === 'loss' ? -1 : b === 'loss' ? 1 : a.localeCompare(b)));
}

/**
 * Training curves: one panel per metric (loss, accuracy, ...), training and validation (`val_*`) as two colours,
 * epochs from 1. Accepts `await model.fit(...)` directly.
 */
export function historyPlot(history: HistoryLike, o: HistoryPlotOptions = {}): PlotSpec {
  const rec = historyRecord(history);
  const metrics = o.metrics ?? historyMetrics(history);
  const rows: { epoch: number; value: number; metric: string; split: string }[] = [];
  for (const m of metrics) {
    for (const [key, split] of [[m, 'training'], [`val_${m}`, 'validation']] as const) {
      (rec[key] ?? []).forEach((v, i) => {
        if (Number.isFinite(v)) rows.push({ epoch: i + 1, value: v, metric: m, split });
      });
    }
  }
  const longest = Math.max(0, ...metrics.map((m) => rec[m]?.length ?? 0));
  const panel = (m: string) => ({
    title: m,
    width: o.width ?? 320,
    height: o.height ?? 220,
    transform: [{ filter: { field: 'metric', equal: m } }],
    mark: { type: 'line', point: longest <= 40, strokeWidth: 2 },
    encoding: {
      x: { field: 'epoch', type: 'quantitative', title: 'epoch', scale: { nice: false }, axis: { tickMinStep: 1 } },
      y: { field: 'value', type: 'quantitative', title: m, scale: o.logLoss && m === 'loss' ? { type: 'log' } : { zero: false } },
      color: { field: 'split', type: 'nominal', title: null, scale: { domain: ['training', 'validation'] } },
    },
  });
  return finish({ data: { values: rows }, hconcat: metrics.map(panel), resolve: { scale: { y: 'independent' } } }, o);
}
