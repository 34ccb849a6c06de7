/** Square float32 matrix products, in GFLOP/s (2·N³ flops per product). */
import { opWorkload, type Workload } from './workload.js';

/** The sizes measured. */
export const MATMUL_SIZES = [128, 256, 512, 1024] as const;

export const matmulWorkloads: Workload[] = MATMUL_SIZES.map((n) =>
  opWorkload({
    id: `matmul-${n}`,
    family: 'matmul',
    title: `matmul ${n}x${n} f32`,
    unit: 'GFLOP/s',
    higherIsBetter: true,
    inputs: [
      [n, n],
      [n, n],
    ],
    call: (lib, [a, b]) => lib.matMul(a!, b!),
    value: (ms) => (2 * n ** 3) / (ms * 1e6),
  }),
);
