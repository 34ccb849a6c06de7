/**
 * The one engine of a process. Two copies of @lab/core can load in one process: its ESM build (`import`) and its
 * CJS build (`require`, e.g. from another package's CJS build), or two copies in one bundle. They must share the
 * engine (backends, scopes, tapes), or a tensor of one would be foreign to the other. So the engine lives on
 * `globalThis` under a registered symbol, with the version of the copy that made it: a copy of the same version
 * uses it; a copy of another version stops with an error that says how to end up with one copy.
 */

// tsup replaces this with the package's version; from source (tests) it is undefined.
declare const __LAB_CORE_VERSION__: string | undefined;

/** This copy's version ('source' when running from the TypeScript sources). */
export const CORE_VERSION: string = typeof __LAB_CORE_VERSION__ === 'string' ? __LAB_CORE_VERSION__ : 'source';

/** The registered key: the same symbol in every copy, every realm of the process. */
export const ENGINE_KEY: unique symbol = Symbol.for('lab.engine');

/** What `globalThis[ENGINE_KEY]` holds. */
interface EngineSlot<E> {
  readonly version: string;
  readonly engine: E;
}

function isSlot(v: unknown): v is EngineSlot<unknown> {
  return typeof v === 'object' && v !== null && typeof (v as { version?: unknown }).version === 'string' && 'engine' in v;
}

/** The message when a copy of another version made the engine. */
export function versionClashMessage(running: string, loading: string): string {
  return (
    `lab: two different versions of @lab/core are loaded in this process: ${running} (loaded first) and ${loading}. ` +
    'They cannot share tensors, backends or tapes, and lab keeps one engine per process. This happens when ' +
    'packages depend on different @lab/core versions (npm then installs two copies). Fix: install one version for ' +
    'all of them (`npm ls @lab/core` shows who brings which; align the @lab/* versions, then `npm dedupe`), or, ' +
    'in a bundle, make every @lab/core import resolve to the same file.'
  );
}

/**
 * The process's engine: the one on `globalThis` when a copy of this same version made it, else a new one from
 * `make`. Throws {@link versionClashMessage} when another version's copy got there first.
 */
export function sharedEngine<E>(make: () => E): E {
  const g = globalThis as unknown as Record<symbol, unknown>;
  const found = g[ENGINE_KEY];
  if (found === undefined) {
    const slot: EngineSlot<E> = { version: CORE_VERSION, engine: make() };
    Object.defineProperty(g, ENGINE_KEY, { value: slot, configurable: true });
    return slot.engine;
  }
  // Before 0.1.1 the engine itself was stored there, without a version.
  const running = isSlot(found) ? found.version : '0.1.0 or older';
  if (running !== CORE_VERSION) throw new Error(versionClashMessage(running, CORE_VERSION));
  return (found as EngineSlot<E>).engine;
}
