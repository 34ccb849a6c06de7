/** Definitions of the reductions, softmax and the matrix products. */
import type { FusedActivation } from '../../backend/contract.js';
import * as red from '../reduce.js';
import { logSoftmax, softmax } from '../softmax.js';
import { fusedMatMul, matMul } from '../linalg.js';
import type { AxisAttrs, ReduceAttrs } from './attrs.js';
import { defineOp, type OpGradientKind } from './op-def.js';

type Reduction = 'sum' | 'prod' | 'max' | 'min' | 'mean' | 'all' | 'any' | 'logSumExp';
const reduce = <G extends OpGradientKind>(name: Reduction, gradient: G) =>
  defineOp<ReduceAttrs>()({ gradient, fusion: 'reduction', replay: (x, a) => red[name](x[0], [...a.axes], a.keepDims) });

/** A matrix product's recorded attributes. */
export type MatMulAttrs = { readonly transposeA: boolean; readonly transposeB: boolean };

/** A fused matrix product's recorded attributes (the bias, when present, is input 2). */
export type FusedMatMulAttrs = MatMulAttrs & {
  readonly activation: FusedActivation;
  readonly alpha: number;
  readonly hasBias: boolean;
};

/** Reductions, softmax and matrix products. */
export const REDUCTION_DEFS = {
  sum: reduce('sum', 'differentiable'),
  prod: reduce('prod', 'differentiable'),
  max: reduce('max', 'differentiable'),
  min: reduce('min', 'differentiable'),
  mean: reduce('mean', 'differentiable'),
  all: reduce('all', 'none'),
  any: reduce('any', 'none'),
  // Custom gradient (a composite that keeps it for numerical stability: exp(x - lse)).
  logSumExp: reduce('logSumExp', 'differentiable'),
  argMax: defineOp<AxisAttrs>()({ gradient: 'none', fusion: 'reduction', replay: (x, a) => red.argMax(x[0], a.axis) }),
  argMin: defineOp<AxisAttrs>()({ gradient: 'none', fusion: 'reduction', replay: (x, a) => red.argMin(x[0], a.axis) }),
  softmax: defineOp<AxisAttrs>()({ gradient: 'differentiable', fusion: 'opaque', replay: (x, a) => softmax(x[0], a.axis) }),
  logSoftmax: defineOp<AxisAttrs>()({ gradient: 'differentiable', fusion: 'opaque', replay: (x, a) => logSoftmax(x[0], a.axis) }),
  matMul: defineOp<MatMulAttrs>()({
    gradient: 'differentiable',
    fusion: 'opaque',
    replay: (x, a) => matMul(x[0], x[1], a.transposeA, a.transposeB),
  }),
  fusedMatMul: defineOp<FusedMatMulAttrs>()({
    gradient: 'differentiable',
    fusion: 'opaque',
    replay: (x, a) =>
      fusedMatMul(x[0], x[1], {
        transposeA: a.transposeA,
        transposeB: a.transposeB,
        activation: a.activation,
        alpha: a.alpha,
        bias: a.hasBias ? x[2] : undefined,
      }),
  }),
} as const;
