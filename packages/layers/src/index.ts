/**
 * @lab/layers: Keras for TypeScript. Layers with Keras semantics, Sequential / subclassed / functional models,
 * `compile` / `fit` / `evaluate` / `predict`, losses, metrics, initializers, callbacks and saving.
 *
 * ```ts
 * import { Sequential, layers } from '@lab/layers';
 * const model = new Sequential({ layers: [layers.dense({ units: 16, activation: 'relu', inputShape: [4] }), layers.dense({ units: 3 })] });
 * model.compile({ optimizer: 'adam', loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
 * const history = await model.fit(x, y, { epochs: 10, batchSize: 32 });
 * ```
 * @packageDocumentation
 */
export type { Shape, CallOptions, Config, ConfigValue, Serialized, Inputs } from './common/types.js';
export { formatShape } from './common/types.js';
export { clearSession, uniqueName, toSnakeCase } from './common/naming.js';
export { getActivation, ACTIVATION_NAMES, type ActivationFn, type ActivationIdentifier, type Activation as ActivationSpec } from './common/activations.js';
export { Regularizer, regularizers, getRegularizer, type RegularizerIdentifier } from './common/regularizers.js';
export { Layer, type LayerArgs, type AddWeightOptions } from './engine/layer.js';
export { SymbolicTensor, Node } from './engine/symbolic.js';
export { InputLayer, input, type InputOptions } from './engine/input-layer.js';
export * from './layers/index.js';
export { Model, type ModelArgs, type ModelOutput, type FloatTensor } from './models/model.js';
export { Sequential, sequential, type SequentialArgs } from './models/sequential.js';
export { Functional, model, type FunctionalArgs } from './models/functional.js';
export type { CompileArgs } from './training/compile.js';
export type { JitCompile, JitStatus, StepJitStatus } from './training/jit-step.js';
export type { FitArgs } from './training/fit.js';
export type { EvaluateArgs, PredictArgs } from './training/loops.js';
export { Callback, CallbackList, type CallbackHooks, type Logs, type TrainParams } from './callbacks/callback.js';
export { History } from './callbacks/history.js';
export { EarlyStopping, type EarlyStoppingOptions } from './callbacks/early-stopping.js';
export { TerminateOnNaN } from './callbacks/terminate-on-nan.js';
export { LearningRateScheduler, type EpochSchedule } from './callbacks/lr-scheduler.js';
export { ProgressLogger } from './callbacks/progress.js';
/** Every loss function and class, and `getLoss` to resolve one by name, config, object or function. */
export * as losses from './losses/index.js';
export { getLoss, Loss, type LossIdentifier } from './losses/index.js';
/** Every metric function and class, and `getMetric` to resolve one by name (with Keras's `'accuracy'` rule). */
export * as metrics from './metrics/index.js';
export { getMetric, Metric, type MetricIdentifier } from './metrics/index.js';
export * from './initializers/index.js';
export { saveModel, loadModel, saveWeights, loadWeights, MODEL_FORMAT, FORMAT_VERSION, type SaveOptions, type LoadOptions } from './saving/save.js';
export { memoryStore, webStorageStore, type ModelStore, type BlobStore, type ModelFiles, type StorageLike } from './saving/stores.js';
export { registerLayer, type LayerClass } from './saving/registry.js';
export { indexedDBStore, browserDownloadStore, browserFilesStore, type IDBFactoryLike, type DownloadDocument, type FileLike } from './saving/browser-stores.js';
export { serializeLayer, deserializeLayer, type LayerSpec } from './saving/topology.js';
export { writeAtomic, removeStaleTemporaries, type AtomicWriteFs } from './saving/atomic-write.js';
export type { FsPromisesLike, PathLike } from './saving/file-store.js';
export { ModelCheckpoint, type ModelCheckpointOptions } from './callbacks/model-checkpoint.js';
