/** What a workload is, and the helper that turns "one op on seeded inputs" into a measured workload. */
import type { Lib } from '../adapters/adapter.js';
import { collectGarbage, timeCalls } from '../measure.js';
import { uniform } from '../random.js';
import type { MeasureOptions, Unit, WorkloadResult } from '../types.js';

/**
 * A library that lacks what a workload needs (tfjs-wasm 4.22 has no `Conv2DBackpropFilter` kernel): its cell says
 * "not supported" with this message, never a number. `losses` keeps what it did compute before failing (the loss
 * before training), for the cross-library check.
 */
export class UnsupportedError extends Error {
  /** Losses by step number computed before the failure (0: before training). */
  losses?: Record<number, number>;
}

/** One row of the table. */
export interface Workload {
  /** Stable id, used by --workloads (`matmul-256`). */
  readonly id: string;
  /** Family (`matmul`): --workloads accepts it for every member. */
  readonly family: string;
  /** Row label. */
  readonly title: string;
  readonly unit: Unit;
  /** True for throughputs (GFLOP/s, GB/s), false for times. */
  readonly higherIsBetter: boolean;
  /** Measures it on one library; throws when the library cannot run it. */
  run<T>(lib: Lib<T>, m: MeasureOptions): Promise<WorkloadResult>;
}

/** An op on seeded float32 inputs of the given shapes. */
export interface OpSpec {
  id: string;
  family: string;
  title: string;
  unit: Unit;
  higherIsBetter: boolean;
  /** Input shapes; values are uniform in [-1, 1), seeded by position. */
  inputs: readonly (readonly number[])[];
  /** The op: returns one new tensor (intermediates must be freed, e.g. by `lib.tidy`). */
  call<T>(lib: Lib<T>, inputs: readonly T[]): T;
  /** Converts the median milliseconds per call into the table's unit. */
  value(msPerCall: number): number;
  /** Upper bound of calls per repetition (the dispatch workload needs many). */
  maxInner?: number;
  /**
   * Ops one call makes (default 1; a chain of dependent ops makes several): every time the workload reports, wall
   * and CPU, is per op, i.e. per call divided by this.
   */
  opsPerCall?: number;
}

/** Per library and key, the function `compiledFor` made: traced once, then replayed. */
const compiledCache = new WeakMap<object, Map<string, (...x: never[]) => unknown>>();

/**
 * `fn` compiled once per library with the library's `jit` when its column measures one (lab-wasm-jit, jax-wasm),
 * else `fn` itself: multi-op workloads call what this returns.
 */
export function compiledFor<T, F extends (...args: T[]) => T>(lib: Lib<T>, key: string, fn: F): F {
  let byKey = compiledCache.get(lib);
  if (!byKey) compiledCache.set(lib, (byKey = new Map()));
  let f = byKey.get(key) as F | undefined;
  if (!f) {
    f = lib.jit ? lib.jit(fn) : fn;
    byKey.set(key, f as unknown as (...x: never[]) => unknown);
  }
  return f;
}

/** Sum and sum of magnitudes (in float64) of an output's values: compared across backends by the report. */
export function checksum(values: Float32Array): { sum: number; abs: number } {
  let sum = 0;
  let abs = 0;
  for (let i = 0; i < values.length; i++) {
    sum += values[i]!;
    abs += Math.abs(values[i]!);
  }
  return { sum, abs };
}

/** A workload from an {@link OpSpec}. */
export function opWorkload(spec: OpSpec): Workload {
  return {
    id: spec.id,
    family: spec.family,
    title: spec.title,
    unit: spec.unit,
    higherIsBetter: spec.higherIsBetter,
    async run<T>(lib: Lib<T>, m: MeasureOptions): Promise<WorkloadResult> {
      const before = lib.numTensors();
      const inputs = spec.inputs.map((shape, i) => {
        const n = shape.reduce((a, b) => a * b, 1);
        return lib.fromArray(uniform(n, 1000 + i), shape);
      });
      let result: WorkloadResult;
      // Tensors a jit column's compiled function keeps from its first trace (constants such as a layer norm's
      // epsilon) live as long as that function, for the whole run: not a leak of this workload.
      let traceKeeps = 0;
      try {
        await lib.sync(inputs[inputs.length - 1]!);
        if (lib.jit) {
          const live = lib.numTensors();
          lib.dispose(spec.call(lib, inputs));
          traceKeeps = lib.numTensors() - live;
        }
        collectGarbage();
        const t = await timeCalls(lib, () => spec.call(lib, inputs), m, spec.maxInner);
        const out = spec.call(lib, inputs);
        const check = checksum(await lib.read(out));
        lib.dispose(out);
        const per = spec.opsPerCall ?? 1;
        const perOp = (xs: number[]) => xs.map((x) => x / per);
        result = {
          value: spec.value(t.msPerCall / per),
          samplesMs: perOp(t.samplesMs),
          cpuMs: t.cpuMsPerCall / per,
          cpuSamplesMs: perOp(t.cpuSamplesMs),
          checksum: check,
        };
      } finally {
        for (const x of inputs) lib.dispose(x);
      }
      return { ...result, leakedTensors: lib.numTensors() - before - traceKeeps };
    },
  };
}
