/**
 * The backend contract: everything a backend implements, and nothing more.
 *
 * A backend owns memory (opaque {@link DataId} handles) and runs kernels on it. Core does the rest: shapes,
 * broadcasting, dtype checks, views, refcounts, scopes, and lowering every optional kernel a backend leaves out
 * onto the required ones. See packages/core/BACKENDS.md for the guide.
 *
 * Host values (`write`, `read`, `readSync`): float32 Float32Array, float64 Float64Array, int32 Int32Array,
 * bool Uint8Array of 0/1, string string[], float16 Uint16Array of half-float bits (`fill` takes the number).
 * `gelu` is the exact erf form. Float to int32 casts truncate toward zero; NaN becomes 0.
 *
 * Rules every kernel follows:
 * - Inputs arrive as {@link View}s (a buffer plus shape, element strides and an offset). A stride of 0 means the
 *   operand is broadcast along that axis. Outputs are fresh, contiguous, row-major buffers allocated by core
 *   through {@link Backend.alloc}, except where a kernel takes an output view (`copy`, `fill`).
 * - Kernels never allocate user-visible buffers and never free their inputs.
 * - Kernels may run asynchronously (a GPU queue): core only requires that a later `read` sees the result.
 */
import type { BackendDType, DataValues } from '../dtype.js';
import type { Conv2DArgs, Conv2DBackpropFilterArgs, Conv2DBackpropInputArgs, Pool2DArgs, Pool2DBackpropArgs } from './conv-args.js';
import type { CumsumArgs, FusedMatMulArgs, GatherArgs, MatMulArgs, ReduceArgs, ScatterAddArgs, SoftmaxArgs } from './kernel-args.js';
import type { ExtendedUnaryOp, UnaryOp } from './unary-ops.js';

// The kernels' argument types live in one file per family, and the unary op types in the one definition of every
// unary op (unary-ops.ts); all are re-exported so this file names the whole contract.
export type * from './kernel-args.js';
export type * from './conv-args.js';
export type { UnaryOp, PrimitiveUnaryOp, ExtendedUnaryOp } from './unary-ops.js';

/** An opaque handle to one buffer, owned by the backend that made it. */
export type DataId = object;

/** A strided window on a buffer: the operand of a kernel. All numbers count elements, not bytes. */
export interface View {
  /** The buffer. */
  readonly id: DataId;
  /** The dtype of the buffer's elements. */
  readonly dtype: BackendDType;
  /** Logical shape of the operand (for elementwise kernels: the output's shape). */
  readonly shape: readonly number[];
  /** Element stride per axis; 0 for a broadcast axis. */
  readonly strides: readonly number[];
  /** Element offset of the first element. */
  readonly offset: number;
}

/** Binary elementwise ops with an output of the inputs' dtype. */
export type BinaryOp =
  | 'add'
  | 'sub'
  | 'mul'
  | 'div'
  | 'floorDiv'
  | 'mod'
  | 'pow'
  | 'maximum'
  | 'minimum'
  | 'atan2'
  | 'logicalAnd'
  | 'logicalOr'
  | 'logicalXor';

/** Comparisons: the output dtype is always `bool`. */
export type CompareOp = 'equal' | 'notEqual' | 'less' | 'lessEqual' | 'greater' | 'greaterEqual';

/** Reductions over the middle axis of a contiguous `[outer, reduce, inner]` buffer. */
export type ReduceOp = 'sum' | 'prod' | 'max' | 'min' | 'any' | 'all' | 'argMax' | 'argMin';

/** Activations a fused kernel can apply as an epilogue. */
export type FusedActivation = 'linear' | 'relu' | 'relu6' | 'sigmoid' | 'tanh' | 'gelu' | 'elu' | 'leakyRelu';

/** Facts about a backend that core reads once. */
export interface BackendDescriptor {
  /** The name it is registered under (`cpu`, `wasm`, `webgpu`, ...). */
  readonly name: string;
  /** The dtypes it stores and computes. Ops on other dtypes fall back to another backend. */
  readonly dtypes: readonly BackendDType[];
  /** Extended unary ops it implements natively; the rest are lowered by core. */
  readonly unaryOps?: readonly ExtendedUnaryOp[];
  /** True if it reads memory synchronously (`readSync` works). */
  readonly syncRead: boolean;
  /**
   * True when `readSync` works but stalls a device's pipeline (WebGPU in a browser reads through a canvas). Core
   * then reads synchronously only when asked to (`dataSync`, `arraySync`, `item`, `toString`, moving a tensor to
   * another backend), never on its own (validating indices, debug mode's checks), which would stall every step.
   */
  readonly syncReadStalls?: boolean;
  /**
   * Dtypes an optional kernel accepts when that is fewer than `dtypes`: for any other dtype core does not call
   * the kernel and lowers the op onto the primitives, on this backend (`{ pool2d: ['float32', 'float64'] }`
   * makes int32 max pooling a windowed max reduction). A kernel not in the map accepts every dtype in `dtypes`.
   */
  readonly kernelDTypes?: Readonly<Partial<Record<OptionalKernelName, readonly BackendDType[]>>>;
}

/** The optional compute kernels a backend may provide (and restrict by dtype with `kernelDTypes`). */
export type OptionalKernelName =
  | 'conv2d'
  | 'conv2dBackpropInput'
  | 'conv2dBackpropFilter'
  | 'pool2d'
  | 'pool2dBackprop'
  | 'softmax'
  | 'fusedMatMul'
  | 'scatterAdd'
  | 'cumsum';

/**
 * True when `backend` provides the optional `kernel` and accepts `dtype` for it (see
 * {@link BackendDescriptor.kernelDTypes}); otherwise core lowers the op.
 * @param backend - a backend instance (see {@link backendInstance}).
 * @param kernel - an optional kernel's name: 'conv2d', 'conv2dBackpropInput', 'conv2dBackpropFilter', 'pool2d',
 *   'pool2dBackprop', 'softmax', 'fusedMatMul', 'scatterAdd' or 'cumsum'.
 * @param dtype - the dtype the call would use.
 * @returns true when the backend implements `kernel` for `dtype`.
 * @example
 * ```ts
 * const fast = hasKernel(backendInstance(), 'conv2d', 'float32');
 * ```
 */
export function hasKernel(backend: Backend, kernel: OptionalKernelName, dtype: BackendDType): boolean {
  if (typeof backend[kernel] !== 'function') return false;
  const only = backend.descriptor.kernelDTypes?.[kernel];
  return only === undefined || only.includes(dtype);
}

/**
 * True when core may read `backend` synchronously on its own initiative (index validation, debug checks):
 * `readSync` exists and does not stall a device ({@link BackendDescriptor.syncReadStalls}).
 * @param backend - a backend instance.
 * @returns true when it has a `readSync` that does not stall a device.
 * @example
 * ```ts
 * readsCheaply(backendInstance()); // true on cpu, false on webgpu
 * ```
 */
export function readsCheaply(backend: Backend): boolean {
  return typeof backend.readSync === 'function' && backend.descriptor.syncReadStalls !== true;
}

/** The required part of a backend: memory and primitive kernels. Leaving one out is a compile error. */
export interface BackendPrimitives {
  readonly descriptor: BackendDescriptor;

  /** Allocates a zero-filled buffer of `size` elements. */
  alloc(dtype: BackendDType, size: number): DataId;
  /** Copies host values into a buffer (all of it). */
  write(id: DataId, values: DataValues): void;
  /** Reads a whole buffer back to the host, as a fresh array the caller owns (it may keep or mutate it). */
  read(id: DataId): Promise<DataValues>;
  /** Frees a buffer; core calls it exactly once, when the last reference goes. */
  free(id: DataId): void;
  /** Bytes the backend holds for live buffers (for `memory()`). */
  memoryBytes(): number;

  /** `out = op(x)` elementwise; `out` is contiguous with x.shape and x.dtype (bool for isNaN/isFinite/isInf). */
  unary(op: UnaryOp, x: View, out: DataId): void;
  /** `out = a op b` elementwise; both views share the output shape (broadcast via 0 strides). */
  binary(op: BinaryOp, a: View, b: View, out: DataId): void;
  /** `out = a op b` as bool. */
  compare(op: CompareOp, a: View, b: View, out: DataId): void;
  /** `out = cond ? a : b`, cond bool. */
  select(cond: View, a: View, b: View, out: DataId): void;
  /** Converts dtype elementwise; float to int truncates toward zero, to bool is `x != 0`. */
  cast(x: View, out: DataId, outDType: BackendDType): void;
  /** Reduction over the middle axis of [outer, reduceSize, inner]. */
  reduce(args: ReduceArgs): void;
  /** Strided copy: writes every element of `src` into the (possibly strided) `dst` window of the same shape. */
  copy(src: View, dst: View): void;
  /** Fills a (possibly strided) window with one value. */
  fill(dst: View, value: number | string): void;
  /** Batched matrix multiply. */
  matmul(args: MatMulArgs): void;
  /** Gather along one axis. */
  gather(args: GatherArgs): void;
}

/** Optional fused kernels: a backend adds them for speed; core lowers a missing one onto the primitives. */
export interface BackendOptionalKernels {
  /** Synchronous read, where the platform allows it (not on WebGPU); a fresh array the caller owns. */
  readSync?(id: DataId): DataValues;
  /** 2-D (or depthwise) convolution into `args.out`; without it core composes conv2d from primitives. */
  conv2d?(args: Conv2DArgs): void;
  /** Max or average pooling into `args.out`; without it core reduces over gathered windows. */
  pool2d?(args: Pool2DArgs): void;
  /**
   * conv2d's gradient in its input (regular or depthwise) into `args.out`; without it core runs a matMul and
   * folds the patches back (col2im).
   */
  conv2dBackpropInput?(args: Conv2DBackpropInputArgs): void;
  /** conv2d's gradient in its filter (regular or depthwise) into `args.out`; without it core runs im2col and a matMul. */
  conv2dBackpropFilter?(args: Conv2DBackpropFilterArgs): void;
  /**
   * Max or average pooling's gradient in its input into `args.out` (max: routed to each window's first maximum,
   * see {@link Pool2DBackpropArgs}); without it core runs an argMax over the windows, a one-hot select and col2im.
   */
  pool2dBackprop?(args: Pool2DBackpropArgs): void;
  /** Softmax or log-softmax along the last axis; without it core composes it from max, exp and sum. */
  softmax?(args: SoftmaxArgs): void;
  /** Matrix product plus optional bias and activation in one pass; without it core runs matMul, add, activation. */
  fusedMatMul?(args: FusedMatMulArgs): void;
  /** Sums `updates` into the zeroed `out` at `indices` (segment sums, gather gradients); without it core uses one-hot products. */
  scatterAdd?(args: ScatterAddArgs): void;
  /** Inclusive or exclusive, forward or reverse cumulative sum; without it core runs a log-step scan. */
  cumsum?(args: CumsumArgs): void;
  /** Waits until every queued kernel finished (device backends). */
  sync?(): Promise<void>;
  /** Releases everything the backend holds (called by `removeBackend` / re-init). */
  dispose?(): void;
  /**
   * True once the backend can never compute again (a GPU device was lost). `init()` then retires this instance
   * (its tensors are gone) and creates a fresh one from the plugin, without `removeBackend` first.
   */
  isLost?(): boolean;
}

/** What a backend may state about its memory (not a kernel: nothing lowers it). */
export interface BackendLimits {
  /**
   * The largest buffer of `dtype` one `alloc` can return here: `elements`, and the `bytes` the backend stores for
   * them. Core refuses a bigger allocation before calling `alloc`, with an out-of-memory error naming the op, the
   * shape and this limit, so nothing is allocated and no other tensor is touched. Without it core only checks that
   * the size is a safe integer.
   */
  allocLimit?(dtype: BackendDType): AllocLimit;
}

/** What {@link BackendLimits.allocLimit} returns. */
export interface AllocLimit {
  /** Most elements in one buffer. */
  readonly elements: number;
  /** The bytes that many elements take on this backend (its storage may differ from the dtype's width). */
  readonly bytes: number;
  /** Why the limit is what it is, for the error message (`the wasm32 memory maximum`). */
  readonly reason: string;
}

/** A complete backend: the required primitives plus whichever optional kernels it provides. */
export type Backend = BackendPrimitives & BackendOptionalKernels & BackendLimits & import('./fused-contract.js').BackendFusedKernels;

/** What a backend package exports: a name, a priority and an async factory. Nothing registers on import. */
export interface BackendPlugin {
  readonly name: string;
  /** Higher wins when `init()` picks a backend by itself. */
  readonly priority: number;
  /** Creates the backend; may reject (e.g. no WebGPU adapter), and `init()` then tries the next one. */
  create(): Promise<Backend> | Backend;
}
