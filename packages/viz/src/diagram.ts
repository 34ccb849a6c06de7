/** A model diagram: one box per layer (name, type, output shape, parameters), top to bottom, joined by arrows. */
import { finish, type CommonOptions, type PlotSpec } from './spec.js';

/** One row of a model summary. */
export interface LayerRow {
  /** The layer's name (`dense_1`). */
  name: string;
  /** Its class (`Dense`). */
  type: string;
  /** Output shape, as text (`(None, 64)`) or numbers (null = batch). */
  outputShape: string | readonly (number | null)[];
  /** Parameter count. */
  params: number;
}

/** What {@link summaryRows} reads from a model (lab's `Model`, structurally: no import of @lab/layers). */
export interface ModelLike {
  readonly name?: string;
  readonly layers: readonly {
    readonly name: string;
    readonly className?: string;
    readonly constructor: { name: string };
    readonly seenOutputShapes?: readonly (readonly (number | null)[])[] | null;
    readonly variables?: readonly { readonly size: number }[];
  }[];
}

/** The summary rows of a built model (its layers, in order). */
export function summaryRows(model: ModelLike): LayerRow[] {
  return model.layers.map((l) => ({
    name: l.name,
    type: l.className ?? l.constructor.name,
    outputShape: l.seenOutputShapes?.[0] ?? '?',
    params: (l.variables ?? []).reduce((n, v) => n + v.size, 0),
  }));
}

function shapeText(s: LayerRow['outputShape']): string {
  if (typeof s === 'string') return s;
  return `(${s.map((d) => (d === null || d < 0 ? 'None' : String(d))).join(', ')}${s.length === 1 ? ',' : ''})`;
}

/** Options of {@link modelDiagram}. */
export interface ModelDiagramOptions extends CommonOptions {
  /** Model name shown as the title (unless `title` is given). */
  modelName?: string;
}

/**
 * The layers as boxes, input at the top: `name (Type)` in bold, the output shape and the parameter count below,
 * arrows between consecutive layers, and the total parameter count in the subtitle.
 */
export function modelDiagram(rows: readonly LayerRow[], o: ModelDiagramOptions = {}): PlotSpec {
  const boxH = 56;
  const gap = 30;
  const width = o.width ?? 300;
  const height = rows.length * boxH + Math.max(0, rows.length - 1) * gap;
  const total = rows.reduce((n, r) => n + r.params, 0);
  const boxes = rows.map((r, i) => {
    const top = i * (boxH + gap);
    return {
      i,
      top,
      bottom: top + boxH,
      mid: top + boxH / 2,
      head: `${r.name} (${r.type})`,
      detail: `output ${shapeText(r.outputShape)} · ${r.params.toLocaleString('en-US')} params`,
      params: r.params,
    };
  });
  const arrows = boxes.slice(1).map((b, k) => ({ from: boxes[k].bottom, to: b.top - 2 }));
  const y = (field: string) => ({ field, type: 'quantitative', scale: { domain: [0, height], range: [0, height], nice: false, zero: false }, axis: null });
  const x = (value: number) => ({ datum: value, type: 'quantitative', scale: { domain: [0, width], range: [0, width], nice: false, zero: false }, axis: null });
  return finish(
    {
      title: { text: o.title ?? (o.modelName ? `Model "${o.modelName}"` : 'Model'), subtitle: `${total.toLocaleString('en-US')} parameters` },
      width,
      height,
      config: { view: { stroke: null } },
      layer: [
        {
          data: { values: boxes },
          mark: { type: 'rect', cornerRadius: 6, stroke: '#4c78a8', strokeWidth: 1.5 },
          encoding: {
            x: x(4),
            x2: { datum: width - 4 },
            y: y('top'),
            y2: { field: 'bottom' },
            fill: { condition: { test: 'datum.params > 0', value: '#e8f0fa' }, value: '#f4f4f4' },
          },
        },
        {
          data: { values: boxes },
          mark: { type: 'text', fontWeight: 'bold', fontSize: 13, baseline: 'bottom', dy: -1 },
          encoding: { x: x(width / 2), y: y('mid'), text: { field: 'head' } },
        },
        {
          data: { values: boxes },
          mark: { type: 'text', fontSize: 11, baseline: 'top', dy: 3, color: '#444' },
          encoding: { x: x(width / 2), y: y('mid'), text: { field: 'detail' } },
        },
        {
          data: { values: arrows },
          mark: { type: 'rule', strokeWidth: 1.5, color: '#555' },
          encoding: { x: x(width / 2), y: y('from'), y2: { field: 'to' } },
        },
        {
          data: { values: arrows },
          mark: { type: 'point', shape: 'triangle-down', filled: true, size: 60, color: '#555', yOffset: -3 },
          encoding: { x: x(width / 2), y: y('to') },
        },
      ],
    },
    { ...o, title: undefined },
  );
}
