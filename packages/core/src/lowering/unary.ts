/**
 * Extended unary ops written with primitive ops, for backends that do not implement them natively. They run
 * inside the op's body (not recorded; intermediates freed), so a backend that adds the kernel only gets faster.
 * The primitives come in as `o` (ops/primitives.ts passes itself), so this file imports them as a type only and
 * primitives.ts can look the lowerings up without an import cycle.
 */
import type { ExtendedUnaryOp } from '../backend/contract.js';
import type { Tensor } from '../tensor/tensor.js';
import type { Primitives } from '../ops/primitives.js';

const SELU_ALPHA = 1.6732632423543772;
const SELU_SCALE = 1.0507009873554805;

/** Lowerings of every extended unary op onto primitive kernels. */
export const UNARY_LOWERINGS: Record<ExtendedUnaryOp, (x: Tensor, o: Primitives) => Tensor> = {
  square: (x, o) => o.bin('mul', x, x),
  rsqrt: (x, o) => o.un('reciprocal', o.un('sqrt', x)),
  expm1: (x, o) => o.bin('sub', o.un('exp', x), o.c(1, x)),
  log1p: (x, o) => o.un('log', o.bin('add', x, o.c(1, x))),
  tan: (x, o) => o.bin('div', o.un('sin', x), o.un('cos', x)),
  asin: (x, o) => o.un('atan', o.bin('div', x, o.un('sqrt', o.bin('sub', o.c(1, x), o.bin('mul', x, x))))),
  acos: (x, o) => o.bin('sub', o.c(Math.PI / 2, x), UNARY_LOWERINGS.asin(x, o)),
  sinh: (x, o) => o.bin('mul', o.bin('sub', o.un('exp', x), o.un('exp', o.un('neg', x))), o.c(0.5, x)),
  cosh: (x, o) => o.bin('mul', o.bin('add', o.un('exp', x), o.un('exp', o.un('neg', x))), o.c(0.5, x)),
  asinh: (x, o) => {
    const a = o.un('abs', x);
    return o.bin('mul', o.un('sign', x), o.un('log', o.bin('add', a, o.un('sqrt', o.bin('add', o.bin('mul', x, x), o.c(1, x))))));
  },
  acosh: (x, o) => o.un('log', o.bin('add', x, o.un('sqrt', o.bin('sub', o.bin('mul', x, x), o.c(1, x))))),
  atanh: (x, o) => o.bin('mul', o.c(0.5, x), o.un('log', o.bin('div', o.bin('add', o.c(1, x), x), o.bin('sub', o.c(1, x), x)))),
  trunc: (x, o) => o.bin('mul', o.un('sign', x), o.un('floor', o.un('abs', x))),
  isInf: (x, o) => o.bin('logicalAnd', o.un('logicalNot', o.un('isFinite', x)), o.un('logicalNot', o.un('isNaN', x))),
  sigmoid: (x, o) => o.un('reciprocal', o.bin('add', o.c(1, x), o.un('exp', o.un('neg', x)))),
  relu: (x, o) => o.bin('maximum', x, o.c(0, x)),
  relu6: (x, o) => o.bin('minimum', o.bin('maximum', x, o.c(0, x)), o.c(6, x)),
  elu: (x, o) => o.sel(o.cmp('greater', x, o.c(0, x)), x, UNARY_LOWERINGS.expm1(x, o)),
  selu: (x, o) =>
    o.bin('mul', o.c(SELU_SCALE, x), o.sel(o.cmp('greater', x, o.c(0, x)), x, o.bin('mul', o.c(SELU_ALPHA, x), UNARY_LOWERINGS.expm1(x, o)))),
  gelu: (x, o) => o.bin('mul', o.bin('mul', x, o.c(0.5, x)), o.bin('add', o.c(1, x), o.un('erf', o.bin('mul', x, o.c(Math.SQRT1_2, x))))),
  silu: (x, o) => o.bin('mul', x, UNARY_LOWERINGS.sigmoid(x, o)),
  softplus: (x, o) =>
    o.bin('add', o.bin('maximum', x, o.c(0, x)), UNARY_LOWERINGS.log1p(o.un('exp', o.un('neg', o.un('abs', x))), o)),
  // At ±Inf the quotient is Inf/Inf: take the limit, sign(x).
  softsign: (x, o) => o.sel(o.un('isFinite', x), o.bin('div', x, o.bin('add', o.c(1, x), o.un('abs', x))), o.un('sign', x)),
};
