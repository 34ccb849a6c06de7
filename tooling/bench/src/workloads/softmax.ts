/**
 * Softmax and its relatives over the last axis, in ms per call, each on a 1000x1000 float32 matrix and on
 * attention-shaped scores [32, 128, 128] (what a transformer block normalises): softmax, logSoftmax, logSumExp
 * (the axis reduced) and layer normalisation with a scale and an offset (gamma, beta of the last axis's length).
 */
import type { Lib } from '../adapters/adapter.js';
import { compiledFor, opWorkload, type Workload } from './workload.js';

/** The two shapes every family here runs on, with their id suffix and title. */
const SHAPES: readonly { suffix: string; title: string; shape: readonly number[] }[] = [
  { suffix: '', title: '1000x1000', shape: [1000, 1000] },
  { suffix: '-attention', title: '[32,128,128]', shape: [32, 128, 128] },
];

/** Layer norm per library: several ops, so compiled once with the library's `jit` when its column measures one. */
function layerNormFor<T>(lib: Lib<T>): (x: T, gamma: T, beta: T) => T {
  return compiledFor(lib, 'layer-norm', (x: T, gamma: T, beta: T): T => lib.layerNorm(x, gamma, beta));
}

/** One workload per shape of {@link SHAPES}: `family` is the id of the 1000x1000 row. */
function lastAxis(family: string, name: string, call: <T>(lib: Lib<T>, x: T, extra: readonly T[]) => T, withScale = false): Workload[] {
  return SHAPES.map(({ suffix, title, shape }) =>
    opWorkload({
      id: `${family}${suffix}`,
      family,
      title: `${name} ${title} last axis`,
      unit: 'ms',
      higherIsBetter: false,
      // gamma and beta: one value per position of the last axis
      inputs: withScale ? [shape, shape.slice(-1), shape.slice(-1)] : [shape],
      call: (lib, [x, ...extra]) => call(lib, x!, extra),
      value: (ms) => ms,
    }),
  );
}

export const softmaxWorkloads: Workload[] = [
  ...lastAxis('softmax', 'softmax', (lib, x) => lib.softmax(x)),
  ...lastAxis('log-softmax', 'logSoftmax', (lib, x) => lib.logSoftmax(x)),
  ...lastAxis('logsumexp', 'logSumExp', (lib, x) => lib.logSumExp(x)),
  ...lastAxis('layer-norm', 'layer norm', (lib, x, [gamma, beta]) => layerNormFor(lib)(x, gamma!, beta!), true),
];
