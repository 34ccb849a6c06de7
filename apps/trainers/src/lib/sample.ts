/**
 * What every sample shares: its options, printing through a logger, async reads (every backend, WebGPU too: print
 * with `await x.toStringAsync()`), plot output.
 */
import type { Tensor } from '@lab/core';
import { savePlot, type PlotSpec } from '@lab/viz';
import { Rng } from '@lab/backend-testkit';

/** Options every sample's `main()` takes (the CLI fills them from its flags; tests pass small values). */
export interface SampleOptions {
  /** Where plots go; `null` writes none (tests). Default: no plots unless the CLI passes a folder. */
  out?: string | null;
  /** Receives every printed line (default `console.log`). */
  log?: (line: string) => void;
  /** Training epochs (each sample has its own default). */
  epochs?: number;
  /** Show a live terminal progress bar while training (the CLI turns it on for a terminal). */
  progress?: boolean;
  /** Seed for lab's random ops and the sample's data. */
  seed?: number;
  /**
   * A short run (CLI `--quick`): less data, fewer epochs and steps, so every trainer finishes in seconds on any
   * backend. For smoke tests and the cpu-vs-webgpu comparison; the printed results are not the real ones.
   */
  quick?: boolean;
}

/** `full`, or `short` in a quick run: the default of a size, an epoch or a step count. */
export function sized(o: SampleOptions, full: number, short: number): number {
  return o.quick ? short : full;
}

/** The logger of a run. */
export function logger(o: SampleOptions): (line: string) => void {
  return o.log ?? ((line: string) => console.log(line));
}

/** The values of a tensor as plain numbers (async: every backend). */
export async function numbers(t: Tensor): Promise<number[]> {
  return Array.from((await t.data()) as ArrayLike<number>, Number);
}

/** One number from a scalar (or size-1) tensor. */
export async function num(t: Tensor): Promise<number> {
  return (await numbers(t))[0];
}

/** Nested arrays (async: every backend). */
export async function nested<T = unknown>(t: Tensor): Promise<T> {
  return (await t.array()) as T;
}

/** Writes a plot as PNG (and SVG) into the run's output folder; returns the PNG path, or null when plots are off. */
export async function writePlot(o: SampleOptions, name: string, spec: PlotSpec, log?: (line: string) => void): Promise<string | null> {
  if (!o.out) return null;
  const { join } = await import('node:path');
  const png = await savePlot(spec, join(o.out, `${name}.png`));
  await savePlot(spec, join(o.out, `${name}.svg`));
  log?.(`  plot: ${png}`);
  return png;
}

/** A small seeded generator (the conformance kit's mulberry32) for sample data that must not depend on lab's random ops. */
export function rng(seed: number): () => number {
  const r = new Rng(seed);
  return () => r.next();
}

/** A standard normal draw from a uniform generator (Box-Muller). */
export function gaussian(r: () => number): number {
  const u = Math.max(r(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * r());
}
