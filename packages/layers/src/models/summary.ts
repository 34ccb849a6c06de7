/** Keras 2's `model.summary()` table: layer (type), output shape, parameter count, and totals. */
import type { Shape } from '../common/types.js';
import { formatShape } from '../common/types.js';
import type { Layer } from '../engine/layer.js';
import { InputLayer } from '../engine/input-layer.js';
import type { Model } from './model.js';

function shapeText(l: Layer): string {
  const s = l.seenOutputShapes;
  if (!s) return '?';
  return s.length === 1 ? formatShape(s[0]) : s.map((x: Shape) => formatShape(x)).join(', ');
}

function params(l: Layer): number {
  return l.variables.reduce((n, v) => n + v.size, 0);
}

function cell(text: string, width: number): string {
  return text.length >= width ? `${text.slice(0, width - 1)} ` : text.padEnd(width);
}

/** The summary text of `model` (lines joined by newlines). */
export function summarize(model: Model, lineLength = 65): string {
  const layers = model.layers;
  const connected = layers.some((l) => l.inboundNodes.some((n) => n.inputs.length > 1)) && 'inputs' in model;
  const cols = connected ? [0.3, 0.55, 0.67, 1] : [0.45, 0.85, 1];
  const width = connected ? Math.max(lineLength, 98) : lineLength;
  const pos = cols.map((c) => Math.floor(width * c));
  const row = (fields: string[]) => {
    let line = '';
    let start = 0;
    fields.forEach((f, i) => {
      line += cell(f, pos[i] - start);
      start = pos[i];
    });
    return line.trimEnd();
  };
  const out: string[] = [];
  out.push(`Model: "${model.name}"`);
  out.push('_'.repeat(width));
  const header = connected ? [' Layer (type)', 'Output Shape', 'Param #', 'Connected to'] : [' Layer (type)', 'Output Shape', 'Param #'];
  out.push(row(header));
  out.push('='.repeat(width));
  layers.forEach((l, i) => {
    const fields = [` ${l.name} (${l.className})`, shapeText(l), String(params(l))];
    if (connected) {
      const srcs = l.inboundNodes.flatMap((n) => n.inputs.map((t) => `${t.node.layer.name}[0][${t.outputIndex}]`));
      fields.push(l instanceof InputLayer ? '[]' : `[${srcs.join(', ')}]`);
    }
    out.push(row(fields));
    out.push(i < layers.length - 1 ? '' : '='.repeat(width));
  });
  if (layers.length === 0) out.push('='.repeat(width));
  const vars = model.variables;
  const total = vars.reduce((n, v) => n + v.size, 0);
  const trainable = model.trainableVariables.reduce((n, v) => n + v.size, 0);
  const fmtN = (n: number) => n.toLocaleString('en-US');
  out.push(`Total params: ${fmtN(total)}`);
  out.push(`Trainable params: ${fmtN(trainable)}`);
  out.push(`Non-trainable params: ${fmtN(total - trainable)}`);
  out.push('_'.repeat(width));
  return out.join('\n');
}
