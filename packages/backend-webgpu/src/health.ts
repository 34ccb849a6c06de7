/**
 * Whether the backend can run an op now, and why not: disposed, device lost, or a GPU error an earlier batch
 * raised. GPU errors arrive asynchronously (error scopes settle after the submit), so they are recorded here and
 * thrown by the next call that enters the backend.
 */

/** The backend's error and lifecycle state. */
export class DeviceHealth {
  /** Set once by dispose(). */
  disposed = false;
  private lostInfo: { reason: string; message: string } | null = null;
  /** Error-scope results not yet awaited; each records its error in `deferredError`. */
  private checks: Promise<void>[] = [];
  private deferredError: Error | null = null;

  /** @param name The backend's name, for the message after a dispose. */
  constructor(private readonly name: string) {}

  /** True once the device was lost (or destroyed). */
  get lost(): boolean {
    return this.lostInfo !== null;
  }

  /** Records the loss; false when it was already recorded. */
  markLost(reason: string, message: string): boolean {
    if (this.lostInfo) return false;
    this.lostInfo = { reason, message };
    return true;
  }

  /** Forgets loss and errors: the backend now runs on a new device. */
  reset(): void {
    this.lostInfo = null;
    this.deferredError = null;
    this.checks = [];
  }

  /** Throws the reason the backend cannot run `op` now: disposed, device lost, or an earlier GPU error. */
  enter(op: string): void {
    if (this.disposed) {
      throw new Error(
        `webgpu: ${op}: the backend '${this.name}' was removed (removeBackend('${this.name}')) or disposed, ` +
          'and its tensors went with its device; re-create them on a live backend',
      );
    }
    if (this.lostInfo) {
      const { reason, message } = this.lostInfo;
      throw new Error(
        `webgpu: ${op}: the GPU device was lost (${reason}: ${message}); tensors stored on it are gone. ` +
          `Re-create the backend (await backend.reinit(), or removeBackend('webgpu') then await init(webgpu)) and recompute them.`,
      );
    }
    if (this.deferredError) {
      const e = this.deferredError;
      this.deferredError = null;
      throw e;
    }
  }

  /** Records an error-scope result; the first error is thrown by the next {@link DeviceHealth.enter}. */
  track(check: Promise<Error | null>): void {
    this.checks.push(
      check.then((err) => {
        if (err && !this.deferredError) this.deferredError = err;
      }),
    );
  }

  /** Waits for every outstanding error scope; the caller then calls `enter` to throw what they found. */
  async settle(): Promise<void> {
    while (this.checks.length > 0) {
      const pending = this.checks;
      this.checks = [];
      await Promise.all(pending);
    }
  }
}
