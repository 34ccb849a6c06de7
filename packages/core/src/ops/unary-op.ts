/** The one path of every unary op: argument and dtype checks from its definition, the kernel, the record. */
import type { UnaryOp } from '../backend/contract.js';
import { UNARY_INPUT_DTYPES, UNARY_OP_DEFS } from '../backend/unary-ops.js';
import { ENGINE } from '../engine/engine.js';
import type { Tensor } from '../tensor/tensor.js';
import type { TensorLike } from '../tensor/types.js';
import { checkDType, noAttrs, record, toT } from './dispatch.js';
import { un } from './primitives.js';

/**
 * Runs unary `op` on `x` (dtypes checked against the op's definition), lowering it onto primitives when the
 * backend lacks it, and records it under its own name.
 */
export function unaryOp(op: UnaryOp, x: TensorLike): Tensor {
  const t = toT(x, op, 'x');
  checkDType(op, t, UNARY_INPUT_DTYPES[UNARY_OP_DEFS[op].inputs]);
  ENGINE.opDepth++;
  let out: Tensor;
  try {
    if (isLowered(op, t)) {
      // A lowering makes intermediates: free them before returning.
      ENGINE.startScope();
      try {
        out = un(op, t);
      } finally {
        ENGINE.endScope(new Set([out!]));
      }
    } else {
      out = un(op, t);
    }
  } finally {
    ENGINE.opDepth--;
  }
  record(op, [t], noAttrs(), out);
  return out;
}

function isLowered(op: UnaryOp, t: Tensor): boolean {
  const b = t.handle?.backend ?? ENGINE.backend();
  return UNARY_OP_DEFS[op].tier !== 'primitive' && !b.descriptor.unaryOps?.includes(op as never);
}
