/**
 * @lab/viz: plots for lab, from tensors or plain arrays, with no backend dependency. Every builder returns a
 * Vega-Lite spec; `savePlot(spec, 'out.svg' | 'out.png')` writes it in Node, `renderPlot(spec, element)` draws it
 * in a page.
 *
 * ```ts
 * import { historyPlot, savePlot } from '@lab/viz';
 * const history = await model.fit(x, y, { epochs: 20, validationSplit: 0.2 });
 * await savePlot(historyPlot(history), 'out/history.png');
 * ```
 * @packageDocumentation
 */
export { materialize, materializeAll, plotAsync, toNumbers, toRows, toImages, linspace, type Series, type Matrix, type TensorLikeData, type Materialized } from './data.js';
export { LAB_CONFIG, FONT, type PlotSpec, type CommonOptions } from './spec.js';
export { linePlot, historyPlot, historyMetrics, type LinePlotOptions, type HistoryPlotOptions, type HistoryLike } from './lines.js';
export { functionGrid, functionPlot, type FunctionPanel, type FunctionGridOptions, type FunctionPlotOptions } from './functions.js';
export {
  scatterPlot,
  decisionBoundaryPlot,
  decisionBoundaryPlotAsync,
  type ScatterOptions,
  type DecisionBoundaryOptions,
  type DecisionBoundaryAsyncOptions,
} from './scatter.js';
export {
  heatmap,
  confusionMatrix,
  confusionMatrixPlot,
  imageGrid,
  histogram,
  type HeatmapOptions,
  type ConfusionMatrixOptions,
  type ImageGridOptions,
  type HistogramOptions,
} from './heatmap.js';
export { modelDiagram, summaryRows, type LayerRow, type ModelLike, type ModelDiagramOptions } from './diagram.js';
export { sparkline } from './sparkline.js';
export { toVega, toSVG, toPNG, savePlot, renderPlot, type RasterOptions, type RenderedPlot } from './render.js';
export { historyCallback, type HistoryCallback, type HistoryCallbackOptions } from './callback.js';
