/**
 * Elementwise ops on 1e6 float32 elements. add and mul report GB/s of memory traffic (two 4-byte reads and one
 * 4-byte write per element: 12 bytes); the fused-looking expression relu(a*b+c) reports ms, since how many
 * passes over memory it takes is exactly what differs between libraries (three kernels and two temporaries
 * unless something fuses them).
 */
import type { Lib } from '../adapters/adapter.js';
import { compiledFor, opWorkload, type Workload } from './workload.js';

const N = 1_000_000;

/** relu(a*b+c) per library: compiled once with the library's `jit` when its column measures one. */
function reluMulAddFor<T>(lib: Lib<T>): (a: T, b: T, c: T) => T {
  return compiledFor(lib, 'relu-mul-add', (a: T, b: T, c: T): T => lib.tidy(() => lib.relu(lib.add(lib.mul(a, b), c))));
}
const BYTES = 12 * N;

export const elementwiseWorkloads: Workload[] = [
  opWorkload({
    id: 'add',
    family: 'elementwise',
    title: 'add 1e6 f32',
    unit: 'GB/s',
    higherIsBetter: true,
    inputs: [[N], [N]],
    call: (lib, [a, b]) => lib.add(a!, b!),
    value: (ms) => BYTES / (ms * 1e6),
  }),
  opWorkload({
    id: 'mul',
    family: 'elementwise',
    title: 'mul 1e6 f32',
    unit: 'GB/s',
    higherIsBetter: true,
    inputs: [[N], [N]],
    call: (lib, [a, b]) => lib.mul(a!, b!),
    value: (ms) => BYTES / (ms * 1e6),
  }),
  opWorkload({
    id: 'relu-mul-add',
    family: 'elementwise',
    title: 'relu(a*b+c) 1e6 f32',
    unit: 'ms',
    higherIsBetter: false,
    inputs: [[N], [N], [N]],
    call: (lib, [a, b, c]) => reluMulAddFor(lib)(a!, b!, c!),
    value: (ms) => ms,
  }),
];
