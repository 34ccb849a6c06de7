/** The shape of a conformance case: plain data plus an async `run`, callable with or without vitest. */
import type { Backend, BackendDType, BackendOptionalKernels, ExtendedUnaryOp, OptionalKernelName } from '@lab/core';
import type { CaseContext } from '../harness.js';

/** The kernels (and contract areas) the kit checks; also the `describe` block each case lands in. */
export type KernelName =
  | 'descriptor'
  | 'memory'
  | 'readSync'
  | 'unary'
  | 'binary'
  | 'compare'
  | 'select'
  | 'cast'
  | 'reduce'
  | 'copy'
  | 'fill'
  | 'matmul'
  | 'gather'
  // Every optional kernel of the contract gets its own block: a new kernel needs no edit here.
  | OptionalKernelName;

/** Optional kernels a case may need. */
export type OptionalKernel = Exclude<keyof BackendOptionalKernels, 'sync' | 'dispose' | 'readSync' | 'isLost'>;

/** What a backend must offer for a case to apply; a case that does not apply is skipped, not failed. */
export interface Requirement {
  /** Dtypes the case uses besides its own (compare needs `bool` outputs, gather `int32` indices...). */
  readonly dtypes?: readonly BackendDType[];
  /** An optional kernel the case exercises. */
  readonly kernel?: OptionalKernel;
  /** An extended unary op the case exercises (must be listed in `descriptor.unaryOps`). */
  readonly unaryOp?: ExtendedUnaryOp;
  /** `true`: the case needs `descriptor.syncRead`; `false`: it checks a backend that reads asynchronously only. */
  readonly syncRead?: boolean;
}

/** One conformance check. `run` rejects with a ConformanceError naming kernel, op, dtype, shape and index. */
export interface ConformanceCase {
  readonly kernel: KernelName;
  /** The dtype under test, or null for dtype-independent cases. */
  readonly dtype: BackendDType | null;
  /** What the case checks, without kernel and dtype. */
  readonly title: string;
  /** `kernel dtype: title`, unique in the suite; also the seed of the case's random inputs. */
  readonly name: string;
  readonly requires: Requirement;
  /** Milliseconds the case may take (large tensors); default 60 s. */
  readonly timeout?: number;
  /** Runs the check on `ctx`'s backend; resolves when it passes, rejects with a ConformanceError when not. */
  run(ctx: CaseContext): Promise<void>;
}

/** Builds a case from its parts. */
export function makeCase(spec: {
  kernel: KernelName;
  dtype: BackendDType | null;
  title: string;
  requires?: Requirement;
  timeout?: number;
  run: (ctx: CaseContext) => Promise<void>;
}): ConformanceCase {
  const name = spec.dtype ? `${spec.kernel} ${spec.dtype}: ${spec.title}` : `${spec.kernel}: ${spec.title}`;
  return {
    kernel: spec.kernel,
    dtype: spec.dtype,
    title: spec.title,
    name,
    requires: spec.requires ?? {},
    timeout: spec.timeout,
    run: spec.run,
  };
}

/** Why `c` does not apply to `backend` (a missing dtype or optional kernel), or undefined if it does. */
export function skipReason(backend: Backend, c: ConformanceCase): string | undefined {
  const d = backend.descriptor;
  const dtypes = [...(c.dtype ? [c.dtype] : []), ...(c.requires.dtypes ?? [])];
  for (const dt of dtypes) {
    if (!d.dtypes.includes(dt)) return `backend '${d.name}' does not list dtype ${dt}`;
  }
  const k = c.requires.kernel;
  if (k && typeof backend[k] !== 'function') return `backend '${d.name}' has no optional ${k} kernel`;
  const only = k ? d.kernelDTypes?.[k] : undefined;
  if (k && only && c.dtype && !only.includes(c.dtype)) return `backend '${d.name}' declines ${c.dtype} for its ${k} kernel (core lowers it)`;
  const u = c.requires.unaryOp;
  if (u && !(d.unaryOps ?? []).includes(u)) return `backend '${d.name}' does not list unary op ${u}`;
  if (c.requires.syncRead && !d.syncRead) return `backend '${d.name}' does not read synchronously`;
  if (c.requires.syncRead === false && d.syncRead) return `backend '${d.name}' reads synchronously`;
  return undefined;
}
