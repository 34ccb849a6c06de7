/** Activations by name (Keras's names, snake or camel case) or as functions. */
import { elu, gelu, hardSigmoid, leakyRelu, relu, relu6, selu, sigmoid, silu, softmax, softplus, softsign, tanh, exp, type Tensor } from '@lab/core';
import type { FusedActivation } from '@lab/core';

/** An activation function: tensor in, tensor out. */
export type ActivationFn = (x: Tensor) => Tensor;

/** An activation given by Keras name (`'relu'`, `'softmax'`, ...) or as a function. */
export type ActivationIdentifier = string | ActivationFn | null | undefined;

const TABLE: Readonly<Record<string, ActivationFn>> = {
  linear: (x) => x,
  relu,
  relu6,
  sigmoid,
  tanh,
  softmax: (x) => softmax(x, -1),
  elu,
  selu,
  gelu,
  silu,
  swish: silu,
  softplus,
  softsign,
  exponential: exp,
  leaky_relu: (x) => leakyRelu(x, 0.2),
  hard_sigmoid: hardSigmoid,
};

/** The activation names lab knows. */
export const ACTIVATION_NAMES: readonly string[] = Object.keys(TABLE);

/** `hardSigmoid` -> `hard_sigmoid`, `leakyRelu` -> `leaky_relu`, `None` handled by callers. */
function normalise(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
}

/** A resolved activation: the function and, when it has one, its serialisable name. */
export interface Activation {
  fn: ActivationFn;
  /** The canonical name, or null for a user function (not serialisable). */
  name: string | null;
}

/**
 * Resolves an activation; unknown names are an error listing the known ones. `null`/`undefined` is linear.
 * @param id - an activation name ('relu', 'sigmoid', 'softmax', 'tanh', ...; snake or camel case), a function of a
 *   tensor, or null/undefined for linear.
 * @param where - what the error message names (default 'activation').
 * @returns the activation: its function and canonical name (null for a user function).
 * @example
 * ```ts
 * const { fn } = getActivation('relu');
 * const y = fn(tensor([-1, 2])); // [0, 2]
 * ```
 */
export function getActivation(id: ActivationIdentifier, where = 'activation'): Activation {
  if (id === null || id === undefined) return { fn: TABLE.linear, name: 'linear' };
  if (typeof id === 'function') return { fn: id, name: null };
  if (typeof id !== 'string') throw new Error(`${where}: expected an activation name or function, got ${typeof id}`);
  const key = normalise(id);
  const fn = Object.prototype.hasOwnProperty.call(TABLE, key) ? TABLE[key] : undefined;
  if (!fn) throw new Error(`${where}: unknown activation '${id}'; known: ${ACTIVATION_NAMES.join(', ')}`);
  return { fn, name: key };
}

/** The fusedMatMul / conv epilogue for an activation name, if the kernel can apply it. */
export function fusedActivation(name: string | null): FusedActivation | null {
  switch (name) {
    case 'linear':
    case 'relu':
    case 'relu6':
    case 'sigmoid':
    case 'tanh':
    case 'elu':
      return name;
    case null:
    default:
      return null;
  }
}
