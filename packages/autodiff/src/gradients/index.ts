/** Every family's gradient table, joined into one table the registry is built from. */
import type { CoreGradients, GradientDef } from '../registry.js';
import { ACTIVATION_GRADIENTS } from './activation.js';
import { BINARY_GRADIENTS } from './binary.js';
import { CONV_GRADIENTS } from './conv.js';
import { CUSTOM_GRADIENTS } from './custom.js';
import { INDEXING_GRADIENTS } from './indexing.js';
import { LINALG_GRADIENTS } from './linalg.js';
import { POOL_GRADIENTS } from './pool.js';
import { REDUCE_GRADIENTS } from './reduce.js';
import { SCAN_GRADIENTS } from './scan.js';
import { SHAPE_GRADIENTS } from './shape.js';
import { SLICING_GRADIENTS } from './slicing.js';
import { SOFTMAX_GRADIENTS } from './softmax.js';
import { UNARY_GRADIENTS } from './unary.js';

/**
 * The gradient of every op core defines as differentiable. Its type demands one entry per such op (from core's
 * op definitions), so a new differentiable op without a gradient does not compile.
 */
const CORE_GRADIENTS: CoreGradients = {
  ...UNARY_GRADIENTS,
  ...ACTIVATION_GRADIENTS,
  ...BINARY_GRADIENTS,
  ...REDUCE_GRADIENTS,
  ...SOFTMAX_GRADIENTS,
  ...LINALG_GRADIENTS,
  ...SHAPE_GRADIENTS,
  ...SLICING_GRADIENTS,
  ...INDEXING_GRADIENTS,
  ...SCAN_GRADIENTS,
  ...CONV_GRADIENTS,
  ...POOL_GRADIENTS,
};

/** The gradient tables the registry is built from: core's ops, then `customGrad`. */
export const GRADIENT_TABLES: readonly Readonly<Record<string, GradientDef>>[] = [
  CORE_GRADIENTS as unknown as Readonly<Record<string, GradientDef>>,
  CUSTOM_GRADIENTS,
];
