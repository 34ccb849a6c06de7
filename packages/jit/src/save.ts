/**
 * Saving a module's jitted functions with its variables, and loading them without the code (TensorFlow's
 * SavedModel). A saved module is two artifacts: JSON (variables, constants and every traced graph as plain data)
 * and one binary buffer (the variables' and constants' values, little-endian, 8-byte aligned).
 *
 * Loading parses the JSON and validates every field before making anything: op names must be ops lab can
 * replay, value references must point at values made earlier, shapes, dtypes and byte ranges must agree. Nothing
 * in the file is ever evaluated as code: ops are looked up by name in fixed tables.
 */
export {
  encodePlain,
  LoadError,
  type LoadedModule,
  type ModuleArtifacts,
  type SavedConstant,
  type SavedData,
  type SavedGraphVariable,
  type SavedModuleJSON,
  type SavedTrace,
  type SavedVariable,
} from './save/format.js';
export { exportModule, exportModuleAsync } from './save/export.js';
export { importModule } from './save/import.js';
