/**
 * Every op name core records for the tape, and whether gradients flow through it, derived from the op
 * definitions (`defs/`): a new op is added there, never here.
 */
import { OP_DEFS, type OpDefs, type OpName } from './defs/index.js';

export type { OpGradientKind } from './defs/index.js';

/** Each recorded op's gradient kind, by name. */
export const RECORDED_OPS = Object.fromEntries(Object.entries(OP_DEFS).map(([n, d]) => [n, d.gradient])) as {
  readonly [N in OpName]: OpDefs[N]['gradient'];
};
