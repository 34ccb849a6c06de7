/**
 * Calls an op by its recorded name, with the inputs and attributes it was recorded with: what `jit` replays a
 * traced graph with. Every call goes through the public op, so it checks, dispatches and records exactly as the
 * original call did (a tape watching a replay sees the same ops). The replay functions are part of each op's
 * definition (`defs/`).
 */
import { fmtShape, shapesEqual } from '../util/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { OP_DEFS, opDefinition } from './defs/index.js';

/** Every op name {@link runOpByName} can call. */
export const REPLAYABLE_OPS: ReadonlySet<string> = new Set(Object.keys(OP_DEFS));

/**
 * Calls the op recorded as `name` with `inputs` and its recorded `attrs`; returns its outputs as a list.
 * `outputShapes` (the recorded outputs' shapes) is needed by reshape, squeeze and broadcastTo, which record only
 * their input's shape; when given, every result is checked against it.
 */
export function runOpByName(
  name: string,
  inputs: readonly Tensor[],
  attrs: Readonly<Record<string, unknown>>,
  outputShapes?: readonly (readonly number[])[],
): Tensor[] {
  const def = opDefinition(name);
  if (def === undefined) throw new Error(`runOpByName: no op is recorded as '${name}'`);
  if (outputShapes === undefined && def.needsOutputShapes === true) {
    throw new Error(`runOpByName: '${name}' needs the recorded output shape`);
  }
  // The attributes were recorded by this op (or validated when a saved graph was loaded).
  const r = def.replay(inputs, attrs as never, outputShapes ?? []);
  const outs = Array.isArray(r) ? r : [r];
  if (outputShapes !== undefined) {
    const ok = outs.length === outputShapes.length && outs.every((t, i) => shapesEqual(t.shape, outputShapes[i]));
    if (!ok) {
      const got = outs.map((t) => fmtShape(t.shape)).join(', ');
      for (const t of outs) t.dispose();
      throw new Error(`runOpByName: '${name}' gave ${got}, but ${outputShapes.map((s) => fmtShape(s)).join(', ')} was recorded`);
    }
  }
  return outs;
}
