/**
 * Gradients of matMul (every transpose combination, batched, with broadcast batch axes summed back) and of
 * fusedMatMul (bias and every fused activation).
 */
import {
  add,
  erf,
  exp,
  greater,
  less,
  logicalAnd,
  matMul,
  mul,
  square,
  sub,
  where,
  type FusedMatMulAttrs,
  type MatMulAttrs,
  type Tensor,
} from '@lab/core';
import type { GradContext, GradientTable } from '../registry.js';
import { unbroadcast } from '../unbroadcast.js';

/**
 * `[da, db]` for `op(a) @ op(b)` (the saved inputs, transposed as recorded) with upstream `dy`, each summed back
 * to its operand's shape.
 */
function matMulGrads(dy: Tensor, c: GradContext<MatMulAttrs>): (Tensor | null)[] {
  const [a, b] = c.inputs;
  const { transposeA: tA, transposeB: tB } = c.attrs;
  let da: Tensor | null = null;
  let db: Tensor | null = null;
  if (c.needs[0]) {
    if (!tA) da = tB ? matMul(dy, b) : matMul(dy, b, false, true);
    else da = tB ? matMul(b, dy, true, true) : matMul(b, dy, false, true);
    da = unbroadcast(da, c.inputShapes[0]);
  }
  if (c.needs[1]) {
    if (!tB) db = tA ? matMul(a, dy) : matMul(a, dy, true, false);
    else db = tA ? matMul(dy, a, true, true) : matMul(dy, a, true, false);
    db = unbroadcast(db, c.inputShapes[1]);
  }
  return [da, db];
}

/** A fused matrix product's gradient context: its attributes are the transposes, activation and bias flag. */
type FusedContext = GradContext<FusedMatMulAttrs>;

/** The pre-activation `op(a) @ op(b) + bias`, recomputed for activations whose slope needs it. */
function preActivation(c: FusedContext): Tensor {
  const z = matMul(c.inputs[0], c.inputs[1], c.attrs.transposeA, c.attrs.transposeB);
  return c.attrs.hasBias ? add(z, c.inputs[2]) : z;
}

/** `dy * act'(z)`, from the output `y` where it determines the slope, else from the recomputed `z`. */
function throughActivation(dy: Tensor, c: FusedContext): Tensor {
  const y = c.outputs[0];
  const { activation, alpha } = c.attrs;
  switch (activation) {
    case 'linear':
      return dy;
    case 'relu':
      return where(greater(y, 0), dy, 0);
    case 'relu6':
      return where(logicalAnd(greater(y, 0), less(y, 6)), dy, 0);
    case 'sigmoid':
      return mul(dy, mul(y, sub(1, y)));
    case 'tanh':
      return mul(dy, sub(1, square(y)));
    case 'elu':
      return where(less(y, 0), mul(dy, add(y, 1)), dy);
    case 'leakyRelu': {
      // With alpha >= 0, y > 0 exactly where z > 0.
      const positive = alpha >= 0 ? greater(y, 0) : greater(preActivation(c), 0);
      return where(positive, dy, mul(dy, alpha));
    }
    case 'gelu': {
      const z = preActivation(c);
      const cdf = mul(add(erf(mul(z, Math.SQRT1_2)), 1), 0.5);
      const pdf = mul(exp(mul(square(z), -0.5)), 1 / Math.sqrt(2 * Math.PI));
      return mul(dy, add(cdf, mul(z, pdf)));
    }
    default:
      throw new Error(`fusedMatMul gradient: unknown activation '${String(activation)}'`);
  }
}

/** Gradients of the matrix products, keyed by recorded op name. */
export const LINALG_GRADIENTS = {
  matMul: {
    save: { inputs: true },
    grad: (dy, c) => matMulGrads(dy, c),
  },
  fusedMatMul: {
    save: { inputs: true, outputs: [0] },
    grad: (dy, c) => {
      const dz = throughActivation(dy, c);
      const [da, db] = matMulGrads(dz, c);
      if (!c.attrs.hasBias) return [da, db];
      return [da, db, c.needs[2] ? unbroadcast(dz, c.inputShapes[2]) : null];
    },
  },
} satisfies GradientTable;
