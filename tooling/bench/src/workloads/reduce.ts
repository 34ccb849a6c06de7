/** A full reduction: the sum of 1e6 float32 elements to a scalar, in ms. */
import { opWorkload, type Workload } from './workload.js';

const N = 1_000_000;

export const reduceWorkloads: Workload[] = [
  opWorkload({
    id: 'sum',
    family: 'reduce',
    title: 'reduce_sum 1e6 f32',
    unit: 'ms',
    higherIsBetter: false,
    inputs: [[N]],
    call: (lib, [a]) => lib.sum(a!),
    value: (ms) => ms,
  }),
];
