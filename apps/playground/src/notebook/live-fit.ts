/**
 * Makes `fit`'s progress display live on the page. On cpu and wasm a fit never gives the browser a turn (its
 * awaits are all already-resolved promises), so the progress line the kernel updates each epoch would only be
 * painted when the cell ends. After an epoch, at most every PAINT_MS, this waits for the next animation frame,
 * so the line is painted while the fit goes on (at most about a frame per PAINT_MS, some 10% of a fast fit).
 * Page-only: Node runs fits unchanged.
 */
import { ProgressLogger, type Callback } from '@lab/layers';

/** How often a fit lets the page paint. */
const PAINT_MS = 100;

/** The next frame, or a short timeout in a hidden tab (where frames never come). */
function nextPaint(): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, 50);
    requestAnimationFrame(() => {
      clearTimeout(timer);
      // After the frame's callbacks: the paint itself happens before this timeout's task runs.
      setTimeout(resolve, 0);
    });
  });
}

let installed = false;

/** Wraps the progress callback `fit` adds (verbose 1 or 2) so that the page paints now and then during a fit. */
export function liveFitProgress(): void {
  if (installed) return;
  installed = true;
  // Seen as a Callback, whose hooks may return a promise that `fit` awaits (CallbackList awaits every hook):
  // ProgressLogger's own signature says `void`, which an async replacement would not honour.
  const proto: Callback = ProgressLogger.prototype;
  const onEpochEnd = proto.onEpochEnd;
  let last = 0;
  proto.onEpochEnd = async function (this: Callback, ...args: Parameters<Callback['onEpochEnd']>): Promise<void> {
    await onEpochEnd.apply(this, args);
    if (performance.now() - last < PAINT_MS) return;
    await nextPaint();
    last = performance.now();
  };
}
