/** The spec type every builder returns (a Vega-Lite spec) and the look shared by all lab plots. */
import type { Config, TopLevelSpec } from 'vega-lite';

/** A plot: a Vega-Lite spec (edit it freely, or render it anywhere Vega-Lite runs). */
export type PlotSpec = TopLevelSpec;

/** Options every builder takes. */
export interface CommonOptions {
  /** Title above the plot. */
  title?: string;
  /** Width of one panel in pixels (default 360). */
  width?: number;
  /** Height of one panel in pixels (default 240). */
  height?: number;
}

/** The font stack: DejaVu Sans is on most Linux machines and is what the PNG rasteriser finds first. */
export const FONT = 'DejaVu Sans, Helvetica, Arial, sans-serif';

/** lab's look: white background (PNGs are not transparent), one font, light grid. */
export const LAB_CONFIG: Config = {
  background: 'white',
  font: FONT,
  padding: 8,
  view: { stroke: '#ddd' },
  axis: { gridColor: '#eee', labelFontSize: 11, titleFontSize: 12, titleFontWeight: 'normal' },
  legend: { labelFontSize: 11, titleFontSize: 12, labelLimit: 320 },
  title: { fontSize: 14, anchor: 'start' },
  header: { labelFontSize: 12, titleFontSize: 12 },
  range: { category: ['#4c78a8', '#f58518', '#54a24b', '#e45756', '#72b7b2', '#b279a2', '#ff9da6', '#9d755d', '#bab0ac', '#eeca3b'] },
};

/** Adds the shared config, schema and size defaults to a spec body. */
export function finish(spec: Record<string, unknown>, o: CommonOptions = {}): PlotSpec {
  const out: Record<string, unknown> = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    ...(o.title ? { title: o.title } : {}),
    ...spec,
    config: { ...LAB_CONFIG, ...(spec.config ?? {}) },
  };
  return out as unknown as PlotSpec;
}
