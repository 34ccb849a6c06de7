/**
 * The single dispatch point every op goes through: input conversion, dtype and shape checks, backend choice,
 * output allocation, and recording for the tape. Kept lean: per-op overhead on tiny tensors is a goal.
 */
import type { Backend, BinaryOp, CompareOp, UnaryOp, View } from '../backend/contract.js';
import type { BackendDType, DType } from '../dtype.js';
import { ENGINE } from '../engine/engine.js';
import { isTensor, VARIABLE_BRAND } from '../engine/identity.js';
import { broadcastShapes, contiguousStrides, fmtShape, isContiguous, shapesEqual, sizeOf } from '../util/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { makeTensor } from '../tensor/factory.js';
import type { TensorLike } from '../tensor/types.js';
import { convertToTensor } from './convert.js';
import { checkNumerics } from './numerics-hook.js';
import type { AttrsOf, OpName } from './defs/index.js';

/** An op's attributes as recorded for the tape. */
export type Attrs = Readonly<Record<string, unknown>>;

const NO_ATTRS: Attrs = Object.freeze({});

/** Tensors made from plain JS arguments inside an {@link argScope}, freed when it closes. */
const converted: Tensor[] = [];
let argScopes = 0;

/**
 * Runs an op's body so that every tensor `toT`/`toPair` make from plain JS arguments (`x.add(1)`) is freed
 * when the op returns or throws: callers never own those temporaries.
 */
export function argScope<R>(body: () => R): R {
  const mark = converted.length;
  argScopes++;
  try {
    return body();
  } finally {
    argScopes--;
    while (converted.length > mark) converted.pop()!.dispose();
  }
}

/** Converts an op argument to a tensor (plain JS values take `dtypeHint`) and checks it is alive. */
export function toT(x: TensorLike, op: string, arg: string, dtypeHint?: DType): Tensor {
  if (isTensor(x)) {
    x.assertAlive(op);
    return x;
  }
  const t = convertToTensor(x, op, arg, dtypeHint);
  if (argScopes > 0) converted.push(t);
  return t;
}

/** Converts two operands; a plain JS value takes the other operand's dtype (the documented number rule). */
export function toPair(a: TensorLike, b: TensorLike, op: string): [Tensor, Tensor] {
  if (isTensor(a)) {
    a.assertAlive(op);
    return [a, toT(b, op, 'b', a.dtype)];
  }
  if (isTensor(b)) {
    b.assertAlive(op);
    return [toT(a, op, 'a', b.dtype), b];
  }
  const ta = toT(a, op, 'a');
  return [ta, toT(b, op, 'b', ta.dtype)];
}

/** Throws unless both tensors have the same dtype (lab never promotes implicitly, like TensorFlow). */
export function checkSameDType(op: string, a: Tensor, b: Tensor): void {
  if (a.dtype !== b.dtype) {
    throw new Error(
      `${op}: dtypes differ: ${a.dtype} ${fmtShape(a.shape)} vs ${b.dtype} ${fmtShape(b.shape)}; cast one with cast(x, '${a.dtype}')`,
    );
  }
}

/** Throws unless the tensor's dtype is one of `allowed`. */
export function checkDType(op: string, t: Tensor, allowed: readonly DType[]): void {
  if (!allowed.includes(t.dtype)) {
    throw new Error(`${op}: dtype ${t.dtype} is not supported (shape ${fmtShape(t.shape)}); expected one of ${allowed.join(', ')}`);
  }
}

/** Picks the backend for an op on `dtype` and moves the inputs there if needed. */
export function backendFor(op: string, dtype: DType, inputs: readonly Tensor[]): Backend {
  const b = ENGINE.backendFor(op, dtype as BackendDType);
  for (let i = 0; i < inputs.length; i++) {
    const h = inputs[i].handle;
    if (h && h.backend !== b) ENGINE.moveTo(h, b, op);
  }
  return b;
}

/**
 * Allocates an output tensor on `backend`: zeroed, unless `zero` is false, which callers pass when their kernel
 * writes every element (elementwise kernels, casts, copies): a buffer reused from a jit replay's pool is then not
 * cleared first. Kernels that accumulate into their output (scatterAdd) or leave elements unwritten need zeros.
 */
export function newOutput(backend: Backend, dtype: DType, shape: readonly number[], zero = true): Tensor {
  const h = ENGINE.allocHandle(backend, dtype as BackendDType, sizeOf(shape), shape, undefined, zero);
  return makeTensor(h, shape, dtype);
}

/** A new tensor sharing `t`'s buffer with another shape/strides/offset (a view: no copy). */
export function makeView(t: Tensor, shape: readonly number[], strides: readonly number[], offset: number): Tensor {
  const h = t.handle!;
  h.refCount++;
  return makeTensor(h, shape, t.dtype, strides, offset);
}

/**
 * Records an op for the active tapes (no-op when none is recording). `name` must be defined in `defs/` and
 * `attrs` must have the type its definition declares: both are checked at compile time.
 */
export function record<N extends OpName>(name: N, inputs: readonly Tensor[], attrs: AttrsOf<N>, output: Tensor | readonly Tensor[]): void {
  if (ENGINE.debug && ENGINE.opDepth === 0) {
    try {
      checkNumerics(name, inputs, output);
    } catch (e) {
      // The caller never receives the outputs of an op that failed its check: free them (not an input returned
      // as is, nor a Variable an assign wrote to).
      for (const t of Array.isArray(output) ? output : [output as Tensor]) {
        if (!inputs.includes(t) && (t as unknown as Record<symbol, unknown>)[VARIABLE_BRAND] !== true) t.dispose();
      }
      throw e;
    }
  }
  if (ENGINE.opDepth === 0 && ENGINE.recorders.length > 0) {
    ENGINE.record({ name, inputs, attrs, outputs: Array.isArray(output) ? output : [output as Tensor] });
  }
}

/**
 * Runs a composite op: its body may use any ops; they are not recorded (the op is recorded once, as `name`),
 * and every intermediate tensor is freed when the body returns.
 */
export function composite<T extends Tensor | Tensor[], N extends OpName = OpName>(
  name: N,
  inputs: readonly Tensor[],
  attrs: AttrsOf<N>,
  body: () => T,
): T {
  ENGINE.opDepth++;
  ENGINE.startScope();
  let out: T;
  try {
    out = body();
  } catch (e) {
    ENGINE.endScope();
    ENGINE.opDepth--;
    throw e;
  }
  ENGINE.endScope(new Set(Array.isArray(out) ? out : [out]));
  ENGINE.opDepth--;
  record(name, inputs, attrs, out);
  return out;
}

/** A contiguous tensor with `t`'s values: `t` itself (a new reference) when already contiguous. */
export function contiguous(t: Tensor): Tensor {
  if (t.complexParts) throw new Error('internal: contiguous() on complex64');
  if (isContiguous(t.shape, t.strides)) return makeView(t, t.shape, contiguousStrides(t.shape), t.offset);
  const b = t.handle!.backend;
  const out = newOutput(b, t.dtype, t.shape, false);
  b.copy(t.view(), out.view());
  return out;
}

/** True when `t` is contiguous (offset allowed). */
export function isDense(t: Tensor): boolean {
  return isContiguous(t.shape, t.strides);
}

// ------------------------------------------------------------------ elementwise helpers

/** Runs a unary kernel (or its lowering) and returns a new tensor; records nothing. */
export function unaryKernel(op: UnaryOp, x: Tensor, outDType: DType = x.dtype): Tensor {
  const b = backendFor(op, x.dtype, [x]);
  const out = newOutput(b, outDType, x.shape, false);
  b.unary(op, x.view(), out.handle!.id);
  return out;
}

/** Runs a binary kernel with broadcasting; records nothing. */
export function binaryKernel(op: BinaryOp, a: Tensor, b: Tensor): Tensor {
  const shape = shapesEqual(a.shape, b.shape) ? a.shape : broadcastShapes(op, a.shape, b.shape);
  const be = backendFor(op, a.dtype, [a, b]);
  const out = newOutput(be, a.dtype, shape, false);
  be.binary(op, a.view(shape), b.view(shape), out.handle!.id);
  return out;
}

/** Runs a comparison kernel with broadcasting; records nothing. */
export function compareKernel(op: CompareOp, a: Tensor, b: Tensor): Tensor {
  const shape = shapesEqual(a.shape, b.shape) ? a.shape : broadcastShapes(op, a.shape, b.shape);
  const be = backendFor(op, a.dtype, [a, b]);
  const out = newOutput(be, 'bool', shape, false);
  be.compare(op, a.view(shape), b.view(shape), out.handle!.id);
  return out;
}

/** Runs the select kernel with broadcasting of all three operands; records nothing. */
export function selectKernel(cond: Tensor, a: Tensor, b: Tensor): Tensor {
  const shape = broadcastShapes('where', broadcastShapes('where', cond.shape, a.shape), b.shape);
  const be = backendFor('where', a.dtype, [cond, a, b]);
  const out = newOutput(be, a.dtype, shape, false);
  be.select(cond.view(shape), a.view(shape), b.view(shape), out.handle!.id);
  return out;
}

/** Runs the cast kernel; records nothing. */
export function castKernel(x: Tensor, dtype: DType): Tensor {
  let be: Backend;
  if (ENGINE.backend().descriptor.dtypes.includes(dtype as BackendDType)) be = backendFor('cast', x.dtype, [x]);
  else {
    // The result's dtype lives on another backend (float64 next to WebGPU): cast there, the contract's dtype
    // fallback (one-time notice, or an error in strict mode), moving the input over.
    be = ENGINE.backendFor('cast', dtype as BackendDType);
    if (!be.descriptor.dtypes.includes(x.dtype as BackendDType)) {
      throw new Error(
        `cast: ${x.dtype} ${fmtShape(x.shape)} to ${dtype}: backend '${ENGINE.nameOf(be)}' holds ${dtype} but not ${x.dtype}`,
      );
    }
    const from = x.handle!.backend;
    if (from !== be && !from.readSync) {
      throw new Error(
        `cast: ${x.dtype} ${fmtShape(x.shape)} to ${dtype}: backend '${ENGINE.nameOf(from)}' does not hold ${dtype}, and the ` +
          `input must move to '${ENGINE.nameOf(be)}', which needs a synchronous read '${ENGINE.nameOf(from)}' cannot do here; ` +
          `use await castAsync(x, '${dtype}') (or cast(await x.to('${ENGINE.nameOf(be)}'), '${dtype}'))`,
      );
    }
    ENGINE.moveTo(x.handle!, be, `cast (${x.dtype} ${fmtShape(x.shape)} to ${dtype})`);
  }
  const out = newOutput(be, dtype, x.shape, false);
  be.cast(x.view(), out.handle!.id, dtype as BackendDType);
  return out;
}

/** A scalar tensor of `dtype` on the backend that would compute with it (for internal constants). */
export function scalarLike(value: number, dtype: DType): Tensor {
  return convertToTensor(value, 'scalar', 'value', dtype);
}

/** Empty attrs object, shared. */
export function noAttrs(): Attrs {
  return NO_ATTRS;
}

/** Writes `src` into the (strided) window `dst` of a buffer. */
export function copyInto(src: Tensor, dst: View): void {
  const b = backendFor('copy', src.dtype, [src]);
  b.copy(src.view(dst.shape), dst);
}

