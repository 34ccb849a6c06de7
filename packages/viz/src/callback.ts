/** A `fit` callback that keeps the training history and redraws its plot as epochs end. */
import { historyPlot, type HistoryPlotOptions } from './lines.js';
import { renderPlot, savePlot, type RenderedPlot } from './render.js';
import type { PlotSpec } from './spec.js';

/** Options of {@link historyCallback}. */
export interface HistoryCallbackOptions {
  /** Redraw every `every` epochs (default 1), and always at the end of training. */
  every?: number;
  /** Called with the new plot and the history so far (may be async: `fit` waits for it). */
  onUpdate?: (spec: PlotSpec, history: Record<string, number[]>, epoch: number) => void | Promise<void>;
  /** Browser: draw the live plot into this element (or CSS selector). */
  element?: Element | string;
  /** Node: rewrite this file (`.svg` or `.png`) at each update. */
  file?: string;
  /** How to draw the history. */
  plot?: HistoryPlotOptions;
}

/** What {@link historyCallback} returns: hooks that `model.fit({ callbacks: [...] })` accepts, and the data. */
export interface HistoryCallback {
  /** Per-metric values, one per finished epoch (`loss`, `val_loss`, `accuracy`, ...). */
  readonly history: Record<string, number[]>;
  /** The current plot. */
  spec(): PlotSpec;
  /** @internal fit hook. */
  onTrainBegin(): void;
  /** @internal fit hook. */
  onEpochEnd(epoch: number, logs?: Record<string, number>): Promise<void>;
  /** @internal fit hook. */
  onTrainEnd(): Promise<void>;
}

/**
 * A live training plot for `fit`: `model.fit(x, y, { callbacks: [historyCallback({ file: 'out/loss.svg' })] })`
 * in Node, `{ element: '#loss' }` in a page, or `{ onUpdate }` for anything else. Structurally a lab callback
 * (plain hooks), so @lab/viz needs no import of @lab/layers.
 */
export function historyCallback(o: HistoryCallbackOptions = {}): HistoryCallback {
  const history: Record<string, number[]> = {};
  const every = Math.max(1, o.every ?? 1);
  let last = -1;
  let drawn: RenderedPlot | null = null;
  const spec = () => historyPlot({ history }, o.plot);
  const update = async (epoch: number) => {
    if (epoch === last || Object.keys(history).length === 0) return;
    last = epoch;
    const s = spec();
    if (o.file) await savePlot(s, o.file);
    if (o.element) {
      if (drawn) await drawn.update(s);
      else drawn = await renderPlot(s, o.element);
    }
    await o.onUpdate?.(s, history, epoch);
  };
  let epochs = 0;
  return {
    history,
    spec,
    onTrainBegin() {
      last = -1;
    },
    async onEpochEnd(epoch: number, logs: Record<string, number> = {}) {
      for (const [k, v] of Object.entries(logs)) (history[k] ??= []).push(v);
      epochs = epoch;
      if ((epoch + 1) % every === 0) await update(epoch);
    },
    async onTrainEnd() {
      await update(epochs);
    },
  };
}
