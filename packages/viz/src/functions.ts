/** Function plots: f(x) with its derivative, and small multiples of several functions (a grid of panels). */
import { toNumbers, type Series } from './data.js';
import { finish, type CommonOptions, type PlotSpec } from './spec.js';

/** One panel: curves over a shared x, by legend name (for example `{ 'f(z)': ..., "f'(z)": ... }`). */
export interface FunctionPanel {
  /** Panel title. */
  title: string;
  /** The x values. */
  x: Series;
  /** The curves, by legend name. */
  curves: Record<string, Series>;
}

/** Options of {@link functionGrid}. */
export interface FunctionGridOptions extends CommonOptions {
  /** Panels per row (default 2). */
  columns?: number;
  /** x axis title (default `z`). */
  xLabel?: string;
  /** y axis title (default none). */
  yLabel?: string;
}

/**
 * Small multiples: one panel per function, each with its curves (for example the function and its gradient),
 * laid out `columns` per row, each panel with its own y scale. The curriculum's 2x2 activation figure is
 * `functionGrid([sigmoid, tanh, relu, leakyRelu].map(...), { columns: 2 })`.
 */
export function functionGrid(panels: readonly FunctionPanel[], o: FunctionGridOptions = {}): PlotSpec {
  const rows: { x: number; y: number; curve: string; panel: string }[] = [];
  const curveNames: string[] = [];
  for (const p of panels) {
    const xs = toNumbers(p.x, 'functionGrid');
    for (const [name, s] of Object.entries(p.curves)) {
      if (!curveNames.includes(name)) curveNames.push(name);
      const ys = toNumbers(s, 'functionGrid');
      if (ys.length !== xs.length) throw new Error(`functionGrid: panel '${p.title}', curve '${name}' has ${ys.length} values for ${xs.length} x values`);
      ys.forEach((y, i) => rows.push({ x: xs[i], y, curve: name, panel: p.title }));
    }
  }
  return finish(
    {
      data: { values: rows },
      facet: { field: 'panel', type: 'nominal', title: null, sort: panels.map((p) => p.title), header: { labelFontWeight: 'bold' } },
      columns: o.columns ?? 2,
      spec: {
        width: o.width ?? 280,
        height: o.height ?? 180,
        mark: { type: 'line', strokeWidth: 2 },
        encoding: {
          x: { field: 'x', type: 'quantitative', title: o.xLabel ?? 'z', scale: { nice: false } },
          y: { field: 'y', type: 'quantitative', title: o.yLabel ?? null },
          color: { field: 'curve', type: 'nominal', title: null, sort: curveNames },
          strokeDash: { field: 'curve', type: 'nominal', title: null, sort: curveNames },
        },
      },
      resolve: { scale: { y: 'independent' } },
    },
    o,
  );
}

/** Options of {@link functionPlot}. */
export interface FunctionPlotOptions extends CommonOptions {
  /** The x values. */
  x: Series;
  /** f(x). */
  y: Series;
  /** f'(x), drawn dashed when given. */
  gradient?: Series;
  /** The function's name in the legend (default `f`). */
  name?: string;
  /** x axis title (default `x`). */
  xLabel?: string;
}

/** One function and (optionally) its gradient in one panel. */
export function functionPlot(o: FunctionPlotOptions): PlotSpec {
  const name = o.name ?? 'f';
  const curves: Record<string, Series> = { [`${name}(x)`]: o.y };
  if (o.gradient) curves[`${name}'(x)`] = o.gradient;
  const grid = functionGrid([{ title: o.title ?? name, x: o.x, curves }], { ...o, title: undefined, columns: 1, xLabel: o.xLabel ?? 'x' });
  return grid;
}
