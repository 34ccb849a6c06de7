/**
 * Debug mode's asynchronous reports. On a backend that cannot read synchronously (WebGPU in Node), each op's
 * NaN/Inf check runs on the device and its verdict arrives later; the first failure is kept here and surfaced at
 * the next await point that reads (`data()`, `array()`, `print()`, ...), by `ready()`, or by `debugReport()`.
 */

const pending = new Set<Promise<void>>();
let failure: Error | null = null;

/** @internal Adds a device check in flight; a rejection becomes the reported failure (the first one wins). */
export function trackDebugCheck(check: Promise<void>): void {
  const p = check.then(
    () => undefined,
    (e: unknown) => {
      failure ??= e instanceof Error ? e : new Error(String(e));
    },
  );
  pending.add(p);
  void p.finally(() => pending.delete(p));
}

/** @internal True when a check is in flight or a failure waits to be reported. */
export function debugChecksPending(): boolean {
  return pending.size > 0 || failure !== null;
}

/**
 * Waits for every NaN/Inf check of debug mode (`setDebug(true)`) issued so far, then rejects with the first
 * failure (an error naming the op, its output's index, dtype and shape) or resolves when all passed. A failure is
 * reported once. On backends that read synchronously the checks throw at the op instead, so this resolves at once.
 * @returns a promise that resolves when every debug check so far passed, and rejects with the first failure.
 * @example
 * ```ts
 * setDebug(true);
 * const y = log(tensor([-1]));
 * await debugReport(); // rejects: log made NaN
 * ```
 */
export async function debugReport(): Promise<void> {
  while (pending.size > 0) await Promise.all([...pending]);
  const e = failure;
  failure = null;
  if (e) throw e;
}
