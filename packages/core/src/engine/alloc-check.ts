/**
 * The size check in front of every allocation. Sizes are multiplied exactly (BigInt), never in 32-bit arithmetic,
 * and compared with the backend's own limit before anything is allocated: a request that cannot fit fails at the
 * op with what was asked for and what the backend holds, and no other tensor or `memory()` counter changes.
 */
import type { AllocLimit } from '../backend/contract.js';
import { bytesPerElement, type BackendDType, type DType } from '../dtype.js';
import { fmtShape } from '../util/shape.js';

/** What an {@link OutOfMemoryError} describes. */
export interface OutOfMemoryDetails {
  /** The op that asked for the memory. */
  readonly op: string;
  readonly shape: readonly number[];
  readonly dtype: DType;
  /** Bytes requested, exactly (a bigint: a shape's product can pass 2^53). */
  readonly bytes: bigint;
  /** Name of the backend asked. */
  readonly backend: string;
  /** The backend's limit for one buffer of this dtype, in bytes, when it states one. */
  readonly limitBytes: number | undefined;
}

/**
 * A tensor that cannot be allocated: too big for the backend's limit, or the backend's memory could not grow.
 * Nothing was allocated and every other tensor is unchanged; the library keeps working.
 */
export class OutOfMemoryError extends Error implements OutOfMemoryDetails {
  override readonly name = 'OutOfMemoryError';
  readonly op: string;
  readonly shape: readonly number[];
  readonly dtype: DType;
  readonly bytes: bigint;
  readonly backend: string;
  readonly limitBytes: number | undefined;

  constructor(message: string, details: OutOfMemoryDetails, options?: { cause?: unknown }) {
    super(message, options);
    this.op = details.op;
    this.shape = details.shape;
    this.dtype = details.dtype;
    this.bytes = details.bytes;
    this.backend = details.backend;
    this.limitBytes = details.limitBytes;
  }
}

/** Exact element count of `shape`, or null when a dimension is not a finite non-negative integer. */
export function exactSize(shape: readonly number[]): bigint | null {
  let n = 1n;
  for (const d of shape) {
    if (!Number.isFinite(d) || d < 0 || !Number.isInteger(d)) return null;
    n *= BigInt(d);
  }
  return n;
}

/** Exact bytes of `elements` of `dtype` (strings count one byte per element: their real size is not known yet). */
function exactBytes(elements: bigint, dtype: DType): bigint {
  return elements * BigInt(Math.max(1, bytesPerElement(dtype)));
}

function what(dtype: DType, shape: readonly number[], elements: bigint): string {
  return `a ${dtype} tensor of shape ${fmtShape(shape)} (${elements} elements, ${exactBytes(elements, dtype)} bytes)`;
}

/**
 * Checks that `shape` of `dtype` may be allocated on `backend` (registered as `name`) and returns its element
 * count; throws an {@link OutOfMemoryError} naming `op` otherwise. `limit` is the backend's, when known.
 */
export function checkAllocation(
  op: string,
  shape: readonly number[],
  dtype: DType,
  name: string,
  limit: AllocLimit | undefined,
): number {
  const elements = exactSize(shape);
  if (elements === null) {
    throw new Error(`${op}: invalid shape ${fmtShape(shape)} (dtype ${dtype}): sizes must be finite non-negative integers`);
  }
  const details = { op, shape, dtype, bytes: exactBytes(elements, dtype), backend: name, limitBytes: limit?.bytes };
  if (limit !== undefined && elements > BigInt(limit.elements)) {
    throw new OutOfMemoryError(
      `${op}: out of memory: ${what(dtype, shape, elements)} does not fit backend '${name}', which holds at most ` +
        `${limit.elements} ${dtype} elements (${limit.bytes} bytes) in one buffer (${limit.reason}); nothing was allocated`,
      details,
    );
  }
  if (elements > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new OutOfMemoryError(
      `${op}: out of memory: ${what(dtype, shape, elements)} is larger than any backend can hold ` +
        `(sizes stop at 2^53 - 1 elements, JavaScript's exact integers); nothing was allocated`,
      details,
    );
  }
  return Number(elements);
}

/** The error a failed `backend.alloc` becomes: the op, the shape and the bytes, with the backend's reason. */
export function allocFailure(op: string, shape: readonly number[], dtype: BackendDType, name: string, limit: AllocLimit | undefined, cause: unknown): Error {
  if (cause instanceof OutOfMemoryError) return cause;
  const elements = exactSize(shape) ?? 0n;
  const reason = cause instanceof Error ? cause.message : String(cause);
  const details = { op, shape, dtype, bytes: exactBytes(elements, dtype), backend: name, limitBytes: limit?.bytes };
  const cap = limit ? `; one buffer holds at most ${limit.bytes} bytes there (${limit.reason})` : '';
  return new OutOfMemoryError(
    `${op}: out of memory: allocating ${what(dtype, shape, elements)} on backend '${name}' failed (${reason})${cap}; ` +
      'other tensors are unchanged',
    details,
    { cause },
  );
}
