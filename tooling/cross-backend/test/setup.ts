/**
 * Runs before every test file: records lab's notices (`console.warn('lab: ...')`) in a process-wide log. Test
 * files share one fork, and the engine shows each fallback notice once per process, so "exactly one notice" is a
 * property of the whole run, not of one file.
 */
const LOG = Symbol.for('lab.cross-backend.notices');
const WRAPPED = Symbol.for('lab.cross-backend.wrapped');

type Warn = ((...args: unknown[]) => void) & { [WRAPPED]?: true };
const g = globalThis as unknown as Record<symbol, string[] | undefined>;
const log = (g[LOG] ??= []);

// vitest may hand each file a fresh console: wrap whatever console.warn is now, once.
const current = console.warn as Warn;
if (!current[WRAPPED]) {
  const wrapped: Warn = (...args: unknown[]) => {
    if (typeof args[0] === 'string' && args[0].startsWith('lab: ')) log.push(args[0]);
    current.apply(console, args);
  };
  wrapped[WRAPPED] = true;
  console.warn = wrapped;
}
