/** The process-wide log of lab notices that test/setup.ts records. */
const LOG = Symbol.for('lab.cross-backend.notices');

/** Every `lab: ...` notice printed so far in this test process. */
export function notices(): readonly string[] {
  return (globalThis as unknown as Record<symbol, string[] | undefined>)[LOG] ?? [];
}
