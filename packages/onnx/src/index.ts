/**
 * @lab/onnx: ONNX for lab. Export a trained @lab/layers model (Sequential or functional: Dense, Conv2D, pooling,
 * BatchNormalization, Flatten/Reshape, merges and the named activations) to a `.onnx` file that any ONNX runtime
 * runs, and load ONNX models of the same operator set back into lab, weights as trainable Variables.
 *
 * ```ts
 * import { exportOnnx, loadOnnx, saveOnnx } from '@lab/onnx';
 * const bytes = exportOnnx(model);          // Uint8Array: write it to model.onnx
 * await saveOnnx(model, 'model.onnx');      // Node: exported and written atomically
 * const back = loadOnnx(bytes);             // runs on lab's current backend
 * const y = back.predict(x);
 * ```
 * The protobuf wire format is handled by protobufjs, from ONNX's own schema (src/schema.ts).
 * @packageDocumentation
 */
export { exportOnnx, exportOnnxAsync, toOnnxModel, toOnnxModelAsync, OPSET, IR_VERSION, EXPORTABLE_LAYERS, EXPORTABLE_ACTIVATIONS, type ExportOptions } from './export.js';
export { loadOnnx, OnnxModel, IMPORTABLE_OPS } from './import.js';
export { saveOnnx } from './save-file.js';
export { encodeModel, decodeModel } from './schema.js';
export * from './types.js';
