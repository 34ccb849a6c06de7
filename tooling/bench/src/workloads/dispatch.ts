/**
 * Per-op overhead: adds of two 4-element tensors, each result freed, in microseconds per op. The arithmetic is
 * nothing, so this is the library's cost of one op call: argument checks, allocation, kernel launch, bookkeeping.
 */
import { opWorkload, type Workload } from './workload.js';

export const dispatchWorkloads: Workload[] = [
  opWorkload({
    id: 'dispatch',
    family: 'dispatch',
    title: 'dispatch: 4-element add',
    unit: 'us/op',
    higherIsBetter: false,
    inputs: [[4], [4]],
    call: (lib, [a, b]) => lib.add(a!, b!),
    value: (ms) => ms * 1000,
    maxInner: 1_000_000,
  }),
];
