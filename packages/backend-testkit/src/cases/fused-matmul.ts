/** Cases of the optional `fusedMatMul` kernel: every activation, with and without bias, transposes, batch
 * broadcasting and offsets. */
import type { BackendDType, FusedActivation } from '@lab/core';
import { isFloat, roundAll } from '../host.js';
import { FUSED_ACTIVATIONS } from '../reference/activation.js';
import type { MatMulLayout } from '../reference/matmul.js';
import { operands, plain, runMatMul, TRANSPOSES, tTitle } from './matmul.js';
import { makeCase, type ConformanceCase } from './types.js';

/** Every fusedMatMul case for the given dtypes (float dtypes; skipped where the backend lacks the kernel). */
export function fusedMatMulCases(dtypes: readonly BackendDType[]): ConformanceCase[] {
  const cases: ConformanceCase[] = [];
  for (const dtype of dtypes.filter(isFloat)) {
    const add = (title: string, l: MatMulLayout, activation: FusedActivation, withBias: boolean, alpha?: number): void => {
      cases.push(
        makeCase({
          kernel: 'fusedMatMul',
          dtype,
          title: `${activation}${alpha !== undefined ? ` (alpha ${alpha})` : ''}${withBias ? ' + bias' : ''}: ${title}`,
          requires: { kernel: 'fusedMatMul' },
          run: async (ctx) => {
            const { a, b } = operands(ctx, dtype, l);
            // Scaled so the pre-activation values straddle relu6's 6 and the saturation of sigmoid/tanh.
            const scale = (v: number[]): number[] => roundAll(dtype, v.map((x) => x * 3));
            const bias = withBias ? roundAll(dtype, Array.from({ length: l.n }, () => ctx.rng.uniform(-4, 4))) : undefined;
            await runMatMul(ctx, dtype, l, scale(a), scale(b), { bias, activation, alpha });
          },
        }),
      );
    };
    for (const act of FUSED_ACTIVATIONS) {
      const alpha = act === 'leakyRelu' ? 0.2 : undefined;
      add('batched [3,5,7] x [7,6]', plain(3, 5, 6, 7), act, true, alpha);
      add('batched [3,5,7] x [7,6]', plain(3, 5, 6, 7), act, false, alpha);
      add('odd sizes with transposes', plain(2, 33, 17, 65, true, true), act, true, alpha);
    }
    add('small slope', plain(1, 4, 5, 6), 'leakyRelu', true, 0.01);
    for (const [tA, tB] of TRANSPOSES) {
      add(`transposes ${tTitle(tA, tB)}, B shared across the batch`, { ...plain(3, 4, 5, 6, tA, tB), bBatchStride: 0 }, 'relu', true);
      add(`transposes ${tTitle(tA, tB)} with offsets`, { ...plain(2, 3, 4, 5, tA, tB), aOffset: 2, bOffset: 5, aBatchStride: 17, bBatchStride: 21 }, 'gelu', true);
    }
    add('large', plain(1, 128, 256, 128), 'relu', true);
    add('n = 1 with bias', plain(2, 9, 1, 7), 'sigmoid', true);
    add('empty k gives act(bias)', plain(1, 3, 4, 0), 'relu6', true);
  }
  return cases;
}
