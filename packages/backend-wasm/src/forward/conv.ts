/**
 * Convolution and pooling with their gradients (assembly/conv.ts, pool.ts, conv-backprop.ts, pool-backprop.ts):
 * each writes the geometry into the parameter area and splits rows or images between threads.
 */
import type {
  BackendDType,
  Conv2DArgs,
  Conv2DBackpropFilterArgs,
  Conv2DBackpropInputArgs,
  Conv2DGeometry,
  DataId,
  Pool2DArgs,
  Pool2DBackpropArgs,
  Pool2DGeometry,
} from '@lab/core';
import { ACTIVATION, DT } from '../codes.js';
import { fail } from '../memory.js';
import { PAR_ELEMENTS, PAR_FLOPS, type KernelRuntime } from '../runtime.js';

/** Writes the geometry block the conv and pool kernels read; returns its address. */
function convParams(rt: KernelRuntime, a: Conv2DGeometry | Pool2DGeometry, inC: number, outC: number, dil: [number, number], depthwise: boolean): number {
  const m = rt.mem;
  m.views();
  const p = m.paramPtr >>> 2;
  const v = [
    a.batch, a.inHeight, a.inWidth, inC, a.outHeight, a.outWidth, outC, a.filterHeight, a.filterWidth,
    a.strideHeight, a.strideWidth, dil[0], dil[1], a.padTop, a.padLeft, depthwise ? 1 : 0,
  ];
  for (let i = 0; i < v.length; i++) m.i32[p + i] = v[i];
  return m.paramPtr;
}

/** Throws unless the kernel's dtype is a float one (the conv and pool kernels have no int32 form). */
function floatOnly(op: string, dtype: BackendDType): asserts dtype is 'float32' | 'float64' {
  if (dtype !== 'float32' && dtype !== 'float64') fail(op, `dtype ${dtype} is not supported`);
}

/** A 2-D convolution (or depthwise), with an optional fused bias and activation, split over output rows. */
export function conv2d(rt: KernelRuntime, args: Conv2DArgs): void {
  floatOnly('conv2d', args.dtype);
  const x = rt.mem.ready(args.x, 'conv2d');
  const w = rt.mem.ready(args.filter, 'conv2d');
  const o = rt.mem.out(args.out, 'conv2d');
  const bias = args.bias ? rt.mem.ready(args.bias, 'conv2d').ptr : 0;
  const activation = args.activation ?? 'linear';
  const act = ACTIVATION[activation];
  if (act === undefined) fail('conv2d', `unknown activation ${activation}`);
  const params = convParams(rt, args, args.inChannels, args.outChannels, [args.dilationHeight, args.dilationWidth], args.depthwise);
  const rows = args.batch * args.outHeight * args.outWidth;
  if (rows * args.outChannels === 0) return;
  const workBytes = args.dtype === 'float32' && !args.depthwise ? rt.k.convWorkBytes(params) : 0;
  const flops = rows * args.outChannels * args.filterHeight * args.filterWidth * (args.depthwise ? 1 : args.inChannels);
  rt.par('conv2d', [DT[args.dtype], x.ptr, w.ptr, o.ptr, params, 0, 0, 0, bias, act, 0.2], 5, rows, flops, PAR_FLOPS, 7, workBytes);
}

/** Max or average pooling, split over output rows. */
export function pool2d(rt: KernelRuntime, args: Pool2DArgs): void {
  floatOnly('pool2d', args.dtype);
  const x = rt.mem.ready(args.x, 'pool2d');
  const o = rt.mem.out(args.out, 'pool2d');
  const params = convParams(rt, args, args.channels, args.channels, [1, 1], false);
  const rows = args.batch * args.outHeight * args.outWidth;
  const cost = rows * args.channels * args.filterHeight * args.filterWidth;
  rt.par('pool2d', [DT[args.dtype], +(args.op === 'max'), x.ptr, o.ptr, params, 0, 0], 5, rows, cost, PAR_ELEMENTS);
}

/** Multiply-adds of a convolution or one of its gradients (the threading threshold's measure). */
function convFlops(a: Conv2DGeometry): number {
  return a.batch * a.outHeight * a.outWidth * a.outChannels * a.filterHeight * a.filterWidth * (a.depthwise ? 1 : a.inChannels);
}

/**
 * Runs one of the conv2d gradients (assembly/conv-backprop.ts), whose exports share one shape: (dtype, first
 * operand, second operand, out, params, range, scratch); `total` is the range the threads split.
 */
function convBackprop(rt: KernelRuntime, op: 'conv2dBackpropInput' | 'conv2dBackpropFilter', g: Conv2DGeometry, a: DataId, b: DataId, out: DataId, total: number): void {
  floatOnly(op, g.dtype);
  const ap = rt.mem.ready(a, op).ptr;
  const bp = rt.mem.ready(b, op).ptr;
  const o = rt.mem.out(out, op);
  const params = convParams(rt, g, g.inChannels, g.outChannels, [g.dilationHeight, g.dilationWidth], g.depthwise);
  let workBytes = 0;
  if (g.dtype === 'float32' && !g.depthwise) {
    workBytes = op === 'conv2dBackpropInput' ? rt.k.convBackpropInputWorkBytes(params) : rt.k.convBackpropFilterWorkBytes(params);
  }
  rt.par(op, [DT[g.dtype], ap, bp, o.ptr, params, 0, 0, 0], 5, total, convFlops(g), PAR_FLOPS, 7, workBytes);
}

/** conv2d's input gradient, split over images between threads. */
export function conv2dBackpropInput(rt: KernelRuntime, args: Conv2DBackpropInputArgs): void {
  convBackprop(rt, 'conv2dBackpropInput', args, args.dy, args.filter, args.out, args.batch);
}

/** conv2d's filter gradient, split over the filter's [kh*kw*inC] rows between threads. */
export function conv2dBackpropFilter(rt: KernelRuntime, args: Conv2DBackpropFilterArgs): void {
  convBackprop(rt, 'conv2dBackpropFilter', args, args.x, args.dy, args.out, args.filterHeight * args.filterWidth * args.inChannels);
}

/** Max / average pooling's gradient (assembly/pool-backprop.ts), split over images between threads. */
export function pool2dBackprop(rt: KernelRuntime, args: Pool2DBackpropArgs): void {
  const op = 'pool2dBackprop';
  floatOnly(op, args.dtype);
  const dy = rt.mem.ready(args.dy, op);
  const x = args.op === 'max' ? rt.mem.ready(args.x, op).ptr : 0;
  const o = rt.mem.out(args.out, op);
  const params = convParams(rt, args, args.channels, args.channels, [1, 1], false);
  const cost = args.batch * args.outHeight * args.outWidth * args.channels * args.filterHeight * args.filterWidth;
  rt.par(op, [DT[args.dtype], +(args.op === 'max'), dy.ptr, x, o.ptr, params, 0, 0], 6, args.batch, cost, PAR_ELEMENTS);
}
