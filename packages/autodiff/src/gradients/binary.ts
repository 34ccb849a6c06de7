/**
 * Gradients of the broadcasting binary ops. Each computes the gradient at the broadcast shape and sums it back to
 * each operand's shape with {@link unbroadcast}.
 */
import {
  add,
  div,
  equal,
  floorDiv,
  greater,
  greaterEqual,
  lessEqual,
  log,
  mul,
  neg,
  pow,
  square,
  sub,
  where,
  type Tensor,
} from '@lab/core';
import type { GradContext, GradientTable } from '../registry.js';
import { unbroadcast } from '../unbroadcast.js';

const BOTH = { inputs: true } as const;

/** Sums each input's gradient back to its shape; skips inputs that need none. */
function reduce2(c: GradContext, ga: (() => Tensor) | null, gb: (() => Tensor) | null): (Tensor | null)[] {
  return [
    c.needs[0] && ga ? unbroadcast(ga(), c.inputShapes[0]) : null,
    c.needs[1] && gb ? unbroadcast(gb(), c.inputShapes[1]) : null,
  ];
}

/** max/min: TensorFlow's rule, the first operand wins ties. `pick` is where the first operand was chosen. */
function select(dy: Tensor, c: GradContext, pick: (a: Tensor, b: Tensor) => Tensor): (Tensor | null)[] {
  const mask = pick(c.inputs[0], c.inputs[1]);
  return reduce2(
    c,
    () => where(mask, dy, 0),
    () => where(mask, 0, dy),
  );
}

/** Gradients of the binary ops, keyed by recorded op name. */
export const BINARY_GRADIENTS = {
  add: { grad: (dy, c) => reduce2(c, () => dy, () => dy) },
  sub: { grad: (dy, c) => reduce2(c, () => dy, () => neg(dy)) },
  mul: {
    save: BOTH,
    grad: (dy, c) =>
      reduce2(
        c,
        () => mul(dy, c.inputs[1]),
        () => mul(dy, c.inputs[0]),
      ),
  },
  div: {
    save: BOTH,
    grad: (dy, c) => {
      const [a, b] = c.inputs;
      return reduce2(
        c,
        () => div(dy, b),
        () => neg(div(mul(dy, a), square(b))),
      );
    },
  },
  // a mod b = a - floor(a / b) b.
  mod: {
    save: BOTH,
    grad: (dy, c) => {
      const [a, b] = c.inputs;
      return reduce2(
        c,
        () => dy,
        () => neg(mul(dy, floorDiv(a, b))),
      );
    },
  },
  // d/da a^b = b a^(b-1) (0 where b = 0, also at a = 0); d/db a^b = a^b log(a) for a > 0, else 0 (TensorFlow's
  // rule: no false singularity at a = 0).
  pow: {
    save: { inputs: true, outputs: [0] },
    grad: (dy, c) => {
      const [a, b] = c.inputs;
      const y = c.outputs[0];
      return reduce2(
        c,
        () => {
          const d = mul(b, pow(a, sub(b, 1)));
          return mul(dy, where(equal(b, 0), 0, d));
        },
        () => {
          const positive = greater(a, 0);
          const logA = where(positive, log(where(positive, a, 1)), 0);
          return mul(dy, mul(y, logA));
        },
      );
    },
  },
  maximum: { save: BOTH, grad: (dy, c) => select(dy, c, greaterEqual) },
  minimum: { save: BOTH, grad: (dy, c) => select(dy, c, lessEqual) },
  // atan2(a, b): d/da = b / (a^2 + b^2), d/db = -a / (a^2 + b^2).
  atan2: {
    save: BOTH,
    grad: (dy, c) => {
      const [a, b] = c.inputs;
      const scaled = div(dy, add(square(a), square(b)));
      return reduce2(
        c,
        () => mul(scaled, b),
        () => neg(mul(scaled, a)),
      );
    },
  },
  squaredDifference: {
    save: BOTH,
    grad: (dy, c) => {
      const d = mul(mul(sub(c.inputs[0], c.inputs[1]), dy), 2);
      return reduce2(
        c,
        () => d,
        () => neg(d),
      );
    },
  },
  // where(cond, a, b): the condition gets no gradient.
  where: {
    save: { inputs: [0] },
    grad: (dy, c) => {
      const cond = c.inputs[0];
      return [
        null,
        c.needs[1] ? unbroadcast(where(cond, dy, 0), c.inputShapes[1]) : null,
        c.needs[2] ? unbroadcast(where(cond, 0, dy), c.inputShapes[2]) : null,
      ];
    },
  },
} satisfies GradientTable;
