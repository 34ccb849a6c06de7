// Shared test helpers: the cpu backend, a log collector, closeness checks.
import { beforeAll, expect } from 'vitest';
import { useBackend } from '../src/lib/backends.js';

/** Every trainer test runs on the cpu backend (the CLI's default). */
export function useCpu(): void {
  beforeAll(async () => {
    await useBackend('cpu');
  });
}

/** Collects printed lines: pass `log` to a sample's main(), read `text()` after. */
export function collector(): { log: (line: string) => void; lines: string[]; text: () => string } {
  const lines: string[] = [];
  return { log: (l) => void lines.push(l), lines, text: () => lines.join('\n') };
}

/** Asserts two nested number arrays agree elementwise within `tol`. */
export function expectClose(got: unknown, want: unknown, tol = 1e-5, path = ''): void {
  if (Array.isArray(want)) {
    expect(Array.isArray(got), `${path}: expected an array`).toBe(true);
    expect((got as unknown[]).length, `${path}: length`).toBe(want.length);
    want.forEach((w, i) => expectClose((got as unknown[])[i], w, tol, `${path}[${i}]`));
    return;
  }
  const g = got as number;
  const w = want as number;
  if (Math.abs(g - w) > tol) expect.fail(`${path || 'value'}: got ${g}, want ${w} (tolerance ${tol})`);
}

/** The PNG file signature. */
export const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
