/**
 * Node's `fs/promises` and `path` for `saveModel(model, path)` and friends in the main entry, reached at run time
 * without an import a bundler could follow: `process.getBuiltinModule` (Node 20.16+), else a dynamic import of
 * a variable that bundlers are told to leave alone. A browser bundle thus never sees a Node module.
 */
import type { NodeFiles } from './file-store.js';

interface NodeProcess {
  versions?: { node?: string };
  getBuiltinModule?: (name: string) => unknown;
}

const BROWSER_HINT =
  'in a browser, save to memoryStore(), webStorageStore(key) or indexedDBStore(name) instead of a path';

/** Node's file modules, or an error naming the operation when there is no Node here. */
export async function nodeFiles(op: string): Promise<NodeFiles> {
  const proc = (globalThis as { process?: NodeProcess }).process;
  if (!proc?.versions?.node) throw new Error(`${op} with a path needs Node.js; ${BROWSER_HINT}`);
  if (typeof proc.getBuiltinModule === 'function') {
    return { fs: proc.getBuiltinModule('node:fs/promises') as NodeFiles['fs'], path: proc.getBuiltinModule('node:path') as NodeFiles['path'] };
  }
  // Node before 20.16: variables, so that no bundler tries to resolve them for a browser build.
  const fsName = 'node:fs/promises';
  const pathName = 'node:path';
  const [fs, path] = await Promise.all([
    import(/* @vite-ignore */ /* webpackIgnore: true */ fsName) as Promise<NodeFiles['fs']>,
    import(/* @vite-ignore */ /* webpackIgnore: true */ pathName) as Promise<NodeFiles['path']>,
  ]);
  return { fs, path };
}
