/**
 * Captures the console while a cell runs. Library code prints through the global console (`@lab/core`'s
 * `print`, `fit`'s progress, "Tracing..." from `@lab/jit`), so the kernel swaps the global methods for the run and
 * restores them after; one run at a time (the kernel serializes its runs).
 */
import { inspectValue } from './format.js';

const METHODS = ['log', 'info', 'warn', 'error', 'debug'] as const;

/** Where a console method writes, as in Node: `warn` and `error` to stderr, the others to stdout. */
export type Stream = 'stdout' | 'stderr';

/** A console capture in force. */
export interface ConsoleCapture {
  /** Restores the original console methods. */
  restore(): void;
  /** Runs `fn` with the original console (the kernel's `onOutput` callbacks: their own logging is not cell output). */
  bypass(fn: () => void): void;
}

/**
 * Sends every console call to `line` until `restore()` is called.
 * @param line - receives each call's text (arguments formatted and joined by spaces, like the console) and stream.
 * @returns the capture, to restore or bypass.
 */
export function captureConsole(line: (text: string, stream: Stream) => void): ConsoleCapture {
  const saved = METHODS.map((m) => [m, console[m]] as const);
  let bypassing = 0;
  for (const [m, original] of saved) {
    const stream: Stream = m === 'warn' || m === 'error' ? 'stderr' : 'stdout';
    console[m] = (...args: unknown[]) => {
      if (bypassing) original.apply(console, args);
      else line(args.map((a) => (typeof a === 'string' ? a : inspectValue(a))).join(' '), stream);
    };
  }
  return {
    restore() {
      for (const [m, fn] of saved) console[m] = fn;
    },
    bypass(fn) {
      bypassing++;
      try {
        fn();
      } finally {
        bypassing--;
      }
    },
  };
}
