/**
 * Extended unary ops written with primitive ops, for backends that do not implement them natively. They run
 * inside the op's body (not recorded; intermediates freed), so a backend that adds the kernel only gets faster.
 */
import type { ExtendedUnaryOp } from '../backend/contract.js';
import type { Tensor } from '../tensor/tensor.js';
import * as o from '../ops/primitives.js';

const SELU_ALPHA = 1.6732632423543772;
const SELU_SCALE = 1.0507009873554805;

/** Lowerings of every extended unary op onto primitive kernels. */
export const UNARY_LOWERINGS: Record<ExtendedUnaryOp, (x: Tensor) => Tensor> = {
  square: (x) => o.bin('mul', x, x),
  rsqrt: (x) => o.un('reciprocal', o.un('sqrt', x)),
  expm1: (x) => o.bin('sub', o.un('exp', x), o.c(1, x)),
  log1p: (x) => o.un('log', o.bin('add', x, o.c(1, x))),
  tan: (x) => o.bin('div', o.un('sin', x), o.un('cos', x)),
  asin: (x) => o.un('atan', o.bin('div', x, o.un('sqrt', o.bin('sub', o.c(1, x), o.bin('mul', x, x))))),
  acos: (x) => o.bin('sub', o.c(Math.PI / 2, x), UNARY_LOWERINGS.asin(x)),
  sinh: (x) => o.bin('mul', o.bin('sub', o.un('exp', x), o.un('exp', o.un('neg', x))), o.c(0.5, x)),
  cosh: (x) => o.bin('mul', o.bin('add', o.un('exp', x), o.un('exp', o.un('neg', x))), o.c(0.5, x)),
  asinh: (x) => {
    const a = o.un('abs', x);
    return o.bin('mul', o.un('sign', x), o.un('log', o.bin('add', a, o.un('sqrt', o.bin('add', o.bin('mul', x, x), o.c(1, x))))));
  },
  acosh: (x) => o.un('log', o.bin('add', x, o.un('sqrt', o.bin('sub', o.bin('mul', x, x), o.c(1, x))))),
  atanh: (x) => o.bin('mul', o.c(0.5, x), o.un('log', o.bin('div', o.bin('add', o.c(1, x), x), o.bin('sub', o.c(1, x), x)))),
  trunc: (x) => o.bin('mul', o.un('sign', x), o.un('floor', o.un('abs', x))),
  isInf: (x) => o.bin('logicalAnd', o.un('logicalNot', o.un('isFinite', x)), o.un('logicalNot', o.un('isNaN', x))),
  sigmoid: (x) => o.un('reciprocal', o.bin('add', o.c(1, x), o.un('exp', o.un('neg', x)))),
  relu: (x) => o.bin('maximum', x, o.c(0, x)),
  relu6: (x) => o.bin('minimum', o.bin('maximum', x, o.c(0, x)), o.c(6, x)),
  elu: (x) => o.sel(o.cmp('greater', x, o.c(0, x)), x, UNARY_LOWERINGS.expm1(x)),
  selu: (x) =>
    o.bin('mul', o.c(SELU_SCALE, x), o.sel(o.cmp('greater', x, o.c(0, x)), x, o.bin('mul', o.c(SELU_ALPHA, x), UNARY_LOWERINGS.expm1(x)))),
  gelu: (x) => o.bin('mul', o.bin('mul', x, o.c(0.5, x)), o.bin('add', o.c(1, x), o.un('erf', o.bin('mul', x, o.c(Math.SQRT1_2, x))))),
  silu: (x) => o.bin('mul', x, UNARY_LOWERINGS.sigmoid(x)),
  softplus: (x) =>
    o.bin('add', o.bin('maximum', x, o.c(0, x)), UNARY_LOWERINGS.log1p(o.un('exp', o.un('neg', o.un('abs', x))))),
  // At ±Inf the quotient is Inf/Inf: take the limit, sign(x).
  softsign: (x) => o.sel(o.un('isFinite', x), o.bin('div', x, o.bin('add', o.c(1, x), o.un('abs', x))), o.un('sign', x)),
};
