/**
 * Node's `fs/promises` and `path`, and the optional native rasteriser, reached at run time without an import a
 * bundler could follow: `process.getBuiltinModule` (Node 20.16+), else a dynamic import of a variable that
 * bundlers are told to leave alone. So a browser bundle of @lab/viz never contains an import of a Node module.
 */

interface NodeProcess {
  versions?: { node?: string };
  getBuiltinModule?: (name: string) => unknown;
}

/** A module by a name held in a variable: no bundler resolves it, Node loads it when the code runs. */
export async function importAtRunTime<T>(name: string): Promise<T> {
  return (await import(/* @vite-ignore */ /* webpackIgnore: true */ name)) as T;
}

/** A Node built-in module (`node:fs/promises`), or an error naming `op` when this is not Node. */
export async function nodeBuiltin<T>(name: string, op: string): Promise<T> {
  const proc = (globalThis as { process?: NodeProcess }).process;
  if (!proc?.versions?.node) throw new Error(`${op} writes files and needs Node.js; in a page use renderPlot(spec, element) or toSVG(spec)`);
  if (typeof proc.getBuiltinModule === 'function') return proc.getBuiltinModule(name) as T;
  return importAtRunTime<T>(name);
}
