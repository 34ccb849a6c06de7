/**
 * A decision-region plot whose classifier reads the device asynchronously. viz's `decisionBoundaryPlot` calls
 * `predict` synchronously on its grid, which a WebGPU tensor cannot answer in Node; this helper lets viz lay out
 * the grid once (recording the points), classifies them with an async read, then builds the plot from the answers.
 */
import { decisionBoundaryPlot, type DecisionBoundaryOptions, type PlotSpec } from '@lab/viz';

/** {@link decisionBoundaryPlot} with an asynchronous classifier: one call on every grid point. */
export async function decisionRegions(o: Omit<DecisionBoundaryOptions, 'predict'>, classify: (points: number[][]) => Promise<number[]>): Promise<PlotSpec> {
  let grid: number[][] = [];
  // First pass: only to learn the grid viz lays out (the placeholder classes are discarded with the spec).
  decisionBoundaryPlot({
    ...o,
    predict: (points) => {
      grid = points;
      return points.map(() => 0);
    },
  });
  const classes = await classify(grid);
  return decisionBoundaryPlot({ ...o, predict: () => classes });
}
