/** What the wasm backend tells core about itself: dtypes, the extended unary ops it runs natively, kernel limits. */
import { EXTENDED_UNARY_OPS, type BackendDescriptor, type ExtendedUnaryOp } from '@lab/core';

/** Extended unary ops done natively: all of them (core's list; the kernels' dispatch is generated from it). */
export const NATIVE_UNARY: readonly ExtendedUnaryOp[] = EXTENDED_UNARY_OPS;

/** The descriptor of a wasm backend registered as `name`. */
export function wasmDescriptor(name: string): BackendDescriptor {
  return {
    name,
    dtypes: ['float32', 'float64', 'int32', 'bool'],
    unaryOps: NATIVE_UNARY,
    syncRead: true,
    // The pool2d kernel is float-only: core lowers int32 max pooling to a windowed max reduction.
    kernelDTypes: { pool2d: ['float32', 'float64'], pool2dBackprop: ['float32', 'float64'] },
  };
}
