/**
 * `@lab/jit/node`: saving a module's jitted functions to a folder and loading them back (Node only). It imports
 * `node:fs/promises` and `node:path`, so it lives apart from the main entry, which browser bundles use;
 * `exportModule` / `importModule` in `@lab/jit` do the same in memory anywhere.
 *
 * ```ts
 * import { saveModule, loadModule } from '@lab/jit/node';
 * await saveModule(m, 'saved/');            // module.json + weights.bin
 * const loaded = await loadModule('saved/');
 * ```
 * @packageDocumentation
 */
import { mkdir } from 'node:fs/promises';
// The package's own main entry, not a relative import: one copy of jit's state serves both entries.
import { exportModuleAsync, importModule, type LoadedModule } from '@lab/jit';
import { readCommitted, replaceFiles } from './atomic-files.js';

/**
 * Writes a module's jitted functions and variables into `dir` as `module.json` and `weights.bin`, atomically: a
 * reader (or a process killed mid-save) sees the old pair or the new pair, never a mix.
 *
 * @param module An object whose properties are jitted functions and Variables (nested objects are walked).
 * @param dir The folder (created when missing).
 * @returns When both files are written.
 * @example
 * ```ts
 * await saveModule({ predict: jit((x) => x.matMul(w)), w }, 'saved/');
 * ```
 */
export async function saveModule(module: object, dir: string): Promise<void> {
  // Asynchronous reads: saving works from every backend (webgpu included).
  const a = await exportModuleAsync(module);
  await mkdir(dir, { recursive: true });
  // Both files change together or not at all, even if the process is killed mid-save (./atomic-files.ts).
  await replaceFiles(dir, [
    ['weights.bin', a.weights],
    ['module.json', JSON.stringify(a.json)],
  ]);
}

/**
 * Reads a module saved by {@link saveModule}: its functions replay the saved traces, without the code.
 *
 * @param dir The folder holding `module.json` and `weights.bin`.
 * @returns The loaded functions and variables (dispose it when done).
 * @example
 * ```ts
 * const loaded = await loadModule('saved/');
 * const y = loaded.functions.predict(x);
 * ```
 */
export async function loadModule(dir: string): Promise<LoadedModule> {
  const [json, weights] = await readCommitted(dir, ['module.json', 'weights.bin']);
  return importModule({ json: new TextDecoder().decode(json), weights: new Uint8Array(weights.buffer, weights.byteOffset, weights.byteLength) });
}
