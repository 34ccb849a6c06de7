/**
 * @lab/optim: optimizers with Keras 3's defaults and update formulas, learning-rate schedules and gradient
 * clipping. Updates are in-place variable assigns inside `tidy`: a training step leaves no tensors behind.
 *
 * ```ts
 * import { Variable } from '@lab/core';
 * import { adam } from '@lab/optim';
 * const w = new Variable([1, 2]);
 * const opt = adam({ learningRate: 0.01 });
 * opt.minimize(() => w.square().sum());       // or opt.applyGradients([[grad, w]])
 * ```
 * @packageDocumentation
 */
export { Optimizer, OPTIMIZER_OPTION_KEYS, scalarLike, oneMinusPow, type OptimizerOptions, type GradientPair, type GradientsAndVariables, type StepValues } from './optimizer.js';
export { SGD, sgd, type SGDOptions } from './optimizers/sgd.js';
export { Adam, adam, type AdamOptions } from './optimizers/adam.js';
export { AdamW, adamw, type AdamWOptions } from './optimizers/adamw.js';
export { RMSprop, rmsprop, type RMSpropOptions } from './optimizers/rmsprop.js';
export { Adagrad, adagrad, type AdagradOptions } from './optimizers/adagrad.js';
export { Adadelta, adadelta, type AdadeltaOptions } from './optimizers/adadelta.js';
export { Adamax, adamax, type AdamaxOptions } from './optimizers/adamax.js';
export { Nadam, nadam, type NadamOptions } from './optimizers/nadam.js';
export * from './schedules/index.js';
export { clipByNorm, clipByGlobalNorm, clipGradientValue, globalNorm } from './clipping.js';
export { getOptimizer, serializeOptimizer, OPTIMIZER_NAMES, type OptimizerSpec } from './registry.js';
