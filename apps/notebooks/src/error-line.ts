/**
 * The cell line an error came from. Each run evaluates its code with a unique `//# sourceURL=` name, so stack
 * frames in the cell read `<name>:<line>:<column>` (V8, Firefox and Safari all honour the name); the first such
 * frame is where the cell threw or called the code that threw. The wrapper adds one line before the cell's first.
 */

/** Lines the kernel's wrapper puts before the cell's first line. */
export const WRAPPER_LINES = 1;

/**
 * The 1-based cell line of the first stack frame in the cell's code.
 * @param error - what the cell threw.
 * @param sourceUrl - the run's sourceURL name.
 * @returns the line, or undefined when no frame is in the cell (an error raised after the cell's last await).
 */
export function cellLineOf(error: unknown, sourceUrl: string): number | undefined {
  const stack = (error as { stack?: unknown } | null)?.stack;
  if (typeof stack !== 'string') return undefined;
  const escaped = sourceUrl.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const m = new RegExp(`${escaped}:(\\d+):\\d+`).exec(stack);
  if (!m) return undefined;
  const line = Number(m[1]) - WRAPPER_LINES;
  return line >= 1 ? line : undefined;
}
