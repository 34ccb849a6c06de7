/**
 * `display(value)` in a cell: a `@lab/viz` plot spec (Vega-Lite) is rendered to SVG with viz's `toSVG` (no DOM
 * needed, so Node and the page get the same SVG); an SVG string is shown as is; anything else prints as text.
 */
import { printText } from './format.js';
import type { CellOutput } from './types.js';

/** Renders a Vega-Lite spec to an SVG document (`@lab/viz`'s `toSVG`). */
export type SvgRenderer = (spec: never) => Promise<string>;

const VEGA_KEYS = ['mark', 'layer', 'hconcat', 'vconcat', 'concat', 'facet', 'repeat'];

function isPlotSpec(v: unknown): v is Record<string, unknown> {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return false;
  const schema = (v as { $schema?: unknown }).$schema;
  return (typeof schema === 'string' && schema.includes('vega-lite')) || VEGA_KEYS.some((k) => k in v);
}

/** The title a plot shows in transcripts: the spec's title, else its mark kind, else 'plot'. */
function specTitle(spec: Record<string, unknown>): string {
  const t = spec.title as string | string[] | { text?: string | string[] } | undefined;
  const text = typeof t === 'object' && t && !Array.isArray(t) ? t.text : t;
  if (text) return Array.isArray(text) ? text.join(' ') : text;
  const mark = spec.mark as string | { type?: string } | undefined;
  return (typeof mark === 'string' ? mark : mark?.type) ?? 'plot';
}

/**
 * The output `display(value)` gives.
 * @param value - a plot spec, an SVG string, or any value.
 * @param toSVG - the renderer for plot specs (absent: specs print as text).
 * @returns a 'plot' output, or a 'text' output for anything else.
 */
export async function displayOutput(value: unknown, toSVG: SvgRenderer | undefined): Promise<CellOutput> {
  if (typeof value === 'string' && value.trimStart().startsWith('<svg')) {
    const title = /<title>([^<]*)<\/title>/.exec(value)?.[1] ?? 'svg';
    return { kind: 'plot', svg: value, title };
  }
  if (toSVG && isPlotSpec(value)) return { kind: 'plot', svg: await toSVG(value as never), title: specTitle(value) };
  return { kind: 'text', text: await printText(value) };
}
