/**
 * Rendering: Vega-Lite compiles a spec to Vega, Vega draws it as SVG headlessly (Node) or into a page element
 * (browser), and resvg rasterises the SVG to PNG in Node. The Node-only modules (`fs`, `path`, resvg) are
 * reached at run time through ./node-modules.ts, so a browser bundle of @lab/viz never contains an import of one.
 */
import type { View } from 'vega';
import type { PlotSpec } from './spec.js';
import { FONT } from './spec.js';
import { importAtRunTime, nodeBuiltin } from './node-modules.js';

// vega and vega-lite are ESM only (with top-level await): loaded with import() so that the CommonJS build of
// @lab/viz works too, and so that building a spec never loads the renderer.
const loadVega = () => import('vega');
const loadVegaLite = () => import('vega-lite');

/** The Vega spec a plot compiles to (for tools that take Vega, not Vega-Lite). */
export async function toVega(spec: PlotSpec): Promise<import('vega').Spec> {
  const { compile } = await loadVegaLite();
  return compile(spec).spec;
}

async function makeView(spec: PlotSpec, options: ConstructorParameters<typeof View>[1]): Promise<View> {
  const { parse, View: ViewClass } = await loadVega();
  return new ViewClass(parse(await toVega(spec)), options);
}

/** The plot as an SVG document (Node or browser; no DOM needed). */
export async function toSVG(spec: PlotSpec): Promise<string> {
  const view = await makeView(spec, { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** Options of {@link toPNG} and {@link savePlot}. */
export interface RasterOptions {
  /** Pixel density (default 2: sharp on high-DPI screens and in READMEs). */
  scale?: number;
}

interface ResvgModule {
  Resvg: new (
    svg: string,
    options: { fitTo?: { mode: 'zoom'; value: number }; font?: { loadSystemFonts?: boolean; defaultFontFamily?: string; sansSerifFamily?: string }; background?: string },
  ) => { render(): { asPng(): Uint8Array } };
}

/** The plot as PNG bytes (Node only: rasterised by `@resvg/resvg-js`, with the system's fonts). */
export async function toPNG(spec: PlotSpec, o: RasterOptions = {}): Promise<Uint8Array> {
  const svg = await toSVG(spec);
  let mod: ResvgModule;
  try {
    mod = await importAtRunTime<ResvgModule>('@resvg/resvg-js');
  } catch (e) {
    throw new Error(`toPNG: PNG output needs the optional dependency @resvg/resvg-js (${(e as Error).message}); SVG output works without it`);
  }
  const family = FONT.split(',')[0].trim();
  const r = new mod.Resvg(svg, {
    fitTo: { mode: 'zoom', value: o.scale ?? 2 },
    font: { loadSystemFonts: true, defaultFontFamily: family, sansSerifFamily: family },
    background: 'white',
  });
  return r.render().asPng();
}

/**
 * Writes the plot to a file, by extension: `.svg`, `.png`, `.json` (the Vega-Lite spec) or `.html` (a page that
 * renders it from a CDN-free inline SVG). Creates the folder. Node only. Returns the absolute path written.
 */
export async function savePlot(spec: PlotSpec, file: string, o: RasterOptions = {}): Promise<string> {
  const { mkdir, writeFile } = await nodeBuiltin<typeof import('node:fs/promises')>('node:fs/promises', 'savePlot');
  const { dirname, extname, resolve } = await nodeBuiltin<typeof import('node:path')>('node:path', 'savePlot');
  const path = resolve(file);
  await mkdir(dirname(path), { recursive: true });
  const ext = extname(path).toLowerCase();
  if (ext === '.svg') await writeFile(path, await toSVG(spec));
  else if (ext === '.png') await writeFile(path, await toPNG(spec, o));
  else if (ext === '.json') await writeFile(path, JSON.stringify(spec, null, 2));
  else if (ext === '.html') {
    const svg = await toSVG(spec);
    await writeFile(path, `<!doctype html>\n<meta charset="utf-8">\n<title>${escapeHtml(titleOf(spec))}</title>\n<body style="margin:16px">\n${svg}\n</body>\n`);
  } else throw new Error(`savePlot: unknown file type '${ext || file}': use .svg, .png, .json or .html`);
  return path;
}

function titleOf(spec: PlotSpec): string {
  const t = (spec as { title?: unknown }).title;
  if (typeof t === 'string') return t;
  if (t && typeof t === 'object' && typeof (t as { text?: unknown }).text === 'string') return (t as { text: string }).text;
  return 'lab plot';
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
}

/** A plot drawn into a page element by {@link renderPlot}. */
export interface RenderedPlot {
  /** The Vega view (for signals, listeners, `toImageURL`). */
  readonly view: View;
  /** Redraws with a new spec (live training curves). */
  update(spec: PlotSpec): Promise<void>;
  /** Removes the plot and its listeners. */
  finalize(): void;
}

/**
 * Draws the plot into a page element (browser), as SVG with tooltips. Call `update(spec)` to redraw it, e.g.
 * from {@link historyCallback} during `fit`.
 */
export async function renderPlot(spec: PlotSpec, element: Element | string, renderer: 'svg' | 'canvas' = 'svg'): Promise<RenderedPlot> {
  let view = await makeView(spec, { renderer, container: element, hover: true });
  await view.runAsync();
  return {
    get view() {
      return view;
    },
    async update(next: PlotSpec) {
      view.finalize();
      view = await makeView(next, { renderer, container: element, hover: true });
      await view.runAsync();
    },
    finalize() {
      view.finalize();
    },
  };
}
