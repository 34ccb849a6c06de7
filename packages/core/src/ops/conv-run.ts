/**
 * @internal What every convolution op (conv2d, depthwiseConv2d and their backprop ops) does around its math: convert
 * and check the operands, resolve the geometry, then run the backend's kernel when it has one, else the op's
 * lowering onto primitives (as a composite). The ops and their lowerings are in conv.ts and conv-backprop.ts.
 */
import type { DType } from '../dtype.js';
import { hasKernel, type Backend, type Conv2DGeometry } from '../backend/contract.js';
import type { BackendDType } from '../dtype.js';
import { fmtShape, shapesEqual } from '../util/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import type { TensorLike } from '../tensor/types.js';
import { backendFor, checkDType, checkSameDType, composite, makeView, newOutput, record, toT } from './dispatch.js';
import { dense, permuted, reshaped } from './layout.js';
import { releaseConverted } from './indexing-kernels.js';
import { col2im, convGeometry, im2col, windowArgs, windowAttrs, type ConvGeometry, type Padding, type Pair2 } from './window.js';
import type { ConvAttrs } from './defs/attrs.js';

const FLOATS: readonly DType[] = ['float32', 'float64', 'float16'];

/** The recorded attributes of a window op: everything its gradient needs to rebuild the geometry. */
function geometryAttrs(g: ConvGeometry, padding: Padding): ConvAttrs {
  return { ...windowAttrs(g, padding), dilations: [g.dh, g.dw] };
}

/** A view `[N, OH, OW, C]` of tap (i, j) of a dense `[N, OH, OW, KH, KW, C]` tensor. */
function tap(cols: Tensor, i: number, j: number): Tensor {
  const s = cols.strides;
  return makeView(cols, [cols.shape[0], cols.shape[1], cols.shape[2], cols.shape[5]], [s[0], s[1], s[2], s[5]], cols.offset + i * s[3] + j * s[4]);
}

/** Folds patch gradients `[N, OH, OW, KH, KW, C]` (dense) back onto the input: col2im, tap by tap. */
export function foldPatches(cols6: Tensor, g: ConvGeometry, dtype: DType, b: Backend): Tensor {
  return col2im((i, j) => tap(cols6, i, j), g, dtype, b);
}

/** The filter `[KH, KW, C, M]` as `[C, K, M]` (a view; matMul batches over channels). */
export function filterByChannel(f: Tensor, g: ConvGeometry, m: number): Tensor {
  return permuted(reshaped(dense(f), [g.kh * g.kw, g.inC, m]), [1, 0, 2]);
}

/** The input's patches as `[C, P, K]` (a view of the im2col matrix). */
export function patchesByChannel(x: Tensor, g: ConvGeometry): Tensor {
  const p = g.batch * g.outH * g.outW;
  return permuted(reshaped(im2col(x, g), [p, g.kh * g.kw, g.inC]), [2, 0, 1]);
}

// ------------------------------------------------------------------ argument checks

function checkRank4(op: string, name: string, t: Tensor): void {
  if (t.rank !== 4) throw new Error(`${op}: ${name} must have rank 4, got ${t.dtype} ${fmtShape(t.shape)}`);
}

function checkShape4(op: string, name: string, shape: readonly number[]): void {
  if (shape.length !== 4 || !shape.every((s) => Number.isInteger(s) && s >= 0)) {
    throw new Error(`${op}: ${name} must be 4 non-negative integers, got ${fmtShape(shape)}`);
  }
}

function checkDy(op: string, dy: Tensor, expect: readonly number[]): void {
  if (!shapesEqual(dy.shape, expect)) {
    throw new Error(`${op}: dy has shape ${fmtShape(dy.shape)}, but the convolution's output is ${fmtShape(expect)}`);
  }
}

function checkChannels(op: string, what: string, shape: readonly number[], fWhat: string, fShape: readonly number[]): void {
  if (fShape[2] !== shape[3]) {
    throw new Error(`${op}: input channels differ: ${what} ${fmtShape(shape)} has ${shape[3]}, ${fWhat} ${fmtShape(fShape)} expects ${fShape[2]}`);
  }
}

// ------------------------------------------------------------------ kernels

/** The convolution kernels that take two dense operands and write one fresh output. */
export type ConvKernel = 'conv2d' | 'conv2dBackpropInput' | 'conv2dBackpropFilter';

/** The geometry every convolution kernel takes (conv2d and its two backprops), from a resolved geometry. */
function convKernelGeometry(dtype: DType, g: ConvGeometry, outC: number, depthwise: boolean): Conv2DGeometry {
  return {
    dtype: dtype as BackendDType,
    ...windowArgs(g),
    inChannels: g.inC,
    outChannels: outC,
    dilationHeight: g.dh,
    dilationWidth: g.dw,
    depthwise,
  };
}

/**
 * Runs one of the convolution kernels on dense copies of `a` and `c` into a new tensor of `shape`: conv2d takes
 * (x, filter), conv2dBackpropInput (dy, filter), conv2dBackpropFilter (x, dy).
 */
function runConvKernel(b: Backend, kernel: ConvKernel, a: Tensor, c: Tensor, shape: readonly number[], g: ConvGeometry, outC: number, depthwise: boolean): Tensor {
  // Not zero-filled: the contract (BACKENDS.md, the gradient kernels' section) requires these kernels to write
  // every element of `out`, and every backend's do (cpu, wasm, webgpu; example-backend has none), so a buffer from
  // jit's pool skips a fill pass. An empty operand (sums over nothing) still gets zeros, whatever a kernel does then.
  const out = newOutput(b, a.dtype, shape, a.size === 0 || c.size === 0);
  if (out.size === 0) return out;
  const ad = dense(a);
  const cd = dense(c);
  try {
    const geo = convKernelGeometry(a.dtype, g, outC, depthwise);
    const [ai, ci, oi] = [ad.handle!.id, cd.handle!.id, out.handle!.id];
    if (kernel === 'conv2d') b.conv2d!({ ...geo, x: ai, filter: ci, out: oi });
    else if (kernel === 'conv2dBackpropInput') b.conv2dBackpropInput!({ ...geo, dy: ai, filter: ci, out: oi });
    else b.conv2dBackpropFilter!({ ...geo, x: ai, dy: ci, out: oi });
  } finally {
    ad.dispose();
    cd.dispose();
  }
  return out;
}

// ------------------------------------------------------------------ the ops

/** The recorded convolution ops. */
export type ConvOpName =
  | 'conv2d'
  | 'depthwiseConv2d'
  | 'conv2dBackpropInput'
  | 'depthwiseConv2dBackpropInput'
  | 'conv2dBackpropFilter'
  | 'depthwiseConv2dBackpropFilter';

/**
 * One call of a convolution op. The operands by kernel: conv2d (x, filter), conv2dBackpropInput (dy, filter),
 * conv2dBackpropFilter (x, dy); a backprop op is also given the shape it returns (inputShape or filterShape).
 */
export interface ConvCall {
  readonly op: ConvOpName;
  readonly kernel: ConvKernel;
  readonly depthwise: boolean;
  readonly a: TensorLike;
  readonly c: TensorLike;
  /** inputShape (conv2dBackpropInput) or filterShape (conv2dBackpropFilter). */
  readonly shape?: readonly number[];
  readonly strides: Pair2;
  readonly padding: Padding;
  readonly dilations: Pair2;
}

/** An op's lowering onto primitives: the two checked operands (as in {@link ConvCall}) to the result. */
export type ConvLowering = (a: Tensor, c: Tensor, g: ConvGeometry, b: Backend) => Tensor;

/**
 * Runs a convolution op: converts and checks its operands (every message names the op, the argument and its
 * shape), resolves the geometry, and runs the backend's kernel when it has one for the dtype, else `lower`.
 */
export function convOp(call: ConvCall, lower: ConvLowering): Tensor {
  const { op, kernel, depthwise } = call;
  const shape = call.shape ?? [];
  const forward = kernel === 'conv2d';
  const toInput = kernel === 'conv2dBackpropInput';
  const toFilter = kernel === 'conv2dBackpropFilter';
  const a = toT(call.a, op, toInput ? 'dy' : 'x');
  const c = toT(call.c, op, toFilter ? 'dy' : 'filter', a.dtype);
  try {
    if (!toInput) checkRank4(op, 'x', a);
    if (!toFilter) checkRank4(op, 'filter', c);
    if (!forward) checkShape4(op, toInput ? 'inputShape' : 'filterShape', shape);
    checkDType(op, a, FLOATS);
    checkSameDType(op, a, c);
    const xShape = toInput ? shape : a.shape;
    const fShape = toFilter ? shape : c.shape;
    checkChannels(op, toInput ? 'inputShape' : 'x', xShape, toFilter && !depthwise ? 'filterShape' : 'filter', fShape);
    const g = convGeometry(op, xShape, fShape[0], fShape[1], call.strides, call.padding, call.dilations);
    // depthwise: M filters per input channel, output channel c*M + m
    const outC = depthwise ? g.inC * fShape[3] : fShape[3];
    const outShape = forward ? [g.batch, g.outH, g.outW, outC] : shape;
    if (!forward) checkDy(op, toInput ? a : c, [g.batch, g.outH, g.outW, outC]);
    const attrs = forward
      ? geometryAttrs(g, call.padding)
      : toInput
        ? { ...geometryAttrs(g, call.padding), inputShape: [...shape] }
        : { ...geometryAttrs(g, call.padding), filterShape: [...shape] };
    const b = backendFor(op, a.dtype, [a, c]);
    // conv2d (regular and depthwise) goes by the kernel's presence; the backprops by hasKernel, which also reads
    // the backend's kernelDTypes (both as before the ops shared this function)
    if (forward ? b.conv2d !== undefined : hasKernel(b, kernel, a.dtype as BackendDType)) {
      const out = runConvKernel(b, kernel, a, c, outShape, g, outC, depthwise);
      record(op, [a, c], attrs, out);
      return out;
    }
    return composite(op, [a, c], attrs, () => lower(a, c, g, b));
  } finally {
    releaseConverted(call.c, c);
    releaseConverted(call.a, a);
  }
}
