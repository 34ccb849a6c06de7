/**
 * Definitions of the elementwise ops: every unary op (derived from the backend contract's one list), the binary
 * and comparison ops, select, and the elementwise composites jit expands into several instructions.
 */
import { UNARY_OP_DEFS } from '../../backend/unary-ops.js';
import type { BinaryOp, CompareOp, UnaryOp } from '../../backend/contract.js';
import type { DType } from '../../dtype.js';
import type { Tensor } from '../../tensor/tensor.js';
import * as bi from '../binary.js';
import * as cmp from '../compare.js';
import * as u from '../unary.js';
import { cast } from '../shape.js';
import { defineOp, type NoAttrs, type OpDef, type OpGradientKind } from './op-def.js';

type UnaryDefs = { readonly [N in UnaryOp]: OpDef<NoAttrs, (typeof UNARY_OP_DEFS)[N]['gradient'], 'unary'> };

function unaryDefs(): UnaryDefs {
  const defs: Record<string, OpDef<NoAttrs>> = {};
  for (const name of Object.keys(UNARY_OP_DEFS) as UnaryOp[]) {
    // Looked up at replay time, not at load: the table may load before the op functions are initialized.
    defs[name] = { gradient: UNARY_OP_DEFS[name].gradient, fusion: 'unary', replay: (x) => (u[name] as (x: Tensor) => Tensor)(x[0]) };
  }
  return defs as unknown as UnaryDefs;
}

/** Every unary op: one entry per name in the contract's `UNARY_OP_DEFS`. */
export const UNARY_DEFS: UnaryDefs = unaryDefs();

const binary = <G extends OpGradientKind>(name: BinaryOp, gradient: G) =>
  defineOp()({ gradient, fusion: 'binary', replay: (x) => bi[name](x[0], x[1]) });
const compare = (name: CompareOp) => defineOp()({ gradient: 'none', fusion: 'compare', replay: (x) => cmp[name](x[0], x[1]) });

/** The binary, comparison and select ops, and the elementwise composites. */
export const ELEMENTWISE_DEFS = {
  add: binary('add', 'differentiable'),
  sub: binary('sub', 'differentiable'),
  mul: binary('mul', 'differentiable'),
  div: binary('div', 'differentiable'),
  floorDiv: binary('floorDiv', 'zero'),
  mod: binary('mod', 'differentiable'),
  pow: binary('pow', 'differentiable'),
  maximum: binary('maximum', 'differentiable'),
  minimum: binary('minimum', 'differentiable'),
  atan2: binary('atan2', 'differentiable'),
  logicalAnd: binary('logicalAnd', 'none'),
  logicalOr: binary('logicalOr', 'none'),
  logicalXor: binary('logicalXor', 'none'),
  equal: compare('equal'),
  notEqual: compare('notEqual'),
  less: compare('less'),
  lessEqual: compare('lessEqual'),
  greater: compare('greater'),
  greaterEqual: compare('greaterEqual'),
  where: defineOp()({ gradient: 'differentiable', fusion: 'select', replay: (x) => cmp.where(x[0], x[1], x[2]) }),
  cast: defineOp<{ readonly from: DType; readonly to: DType }>()({
    gradient: 'differentiable',
    fusion: 'cast',
    replay: (x, a) => cast(x[0], a.to),
  }),
  // Elementwise composites with their own gradient; jit expands each into instructions (see its fusion pass).
  squaredDifference: defineOp()({
    gradient: 'differentiable',
    fusion: 'composite',
    replay: (x) => bi.squaredDifference(x[0], x[1]),
  }),
  leakyRelu: defineOp<{ readonly alpha: number }>()({
    gradient: 'differentiable',
    fusion: 'composite',
    replay: (x, a) => u.leakyRelu(x[0], a.alpha),
  }),
  clipByValue: defineOp<{ readonly lo: number; readonly hi: number }>()({
    gradient: 'differentiable',
    fusion: 'composite',
    replay: (x, a) => u.clipByValue(x[0], a.lo, a.hi),
  }),
} as const;
