/** Softmax over the last axis of a 1000x1000 float32 matrix and of attention scores [32, 128, 128], in ms. */
import { opWorkload, type Workload } from './workload.js';

export const softmaxWorkloads: Workload[] = [
  opWorkload({
    id: 'softmax',
    family: 'softmax',
    title: 'softmax 1000x1000 last axis',
    unit: 'ms',
    higherIsBetter: false,
    inputs: [[1000, 1000]],
    call: (lib, [a]) => lib.softmax(a!),
    value: (ms) => ms,
  }),
  opWorkload({
    id: 'softmax-attention',
    family: 'softmax',
    title: 'softmax [32,128,128] last axis',
    unit: 'ms',
    higherIsBetter: false,
    inputs: [[32, 128, 128]],
    call: (lib, [a]) => lib.softmax(a!),
    value: (ms) => ms,
  }),
];
