/** Kernels along one axis: reductions, softmax, cumulative sums, gather and scatter-add. */
import type { CumsumArgs, GatherArgs, ReduceArgs, ScatterAddArgs, SoftmaxArgs } from '@lab/core';
import { DT, REDUCE, elemShift } from '../codes.js';
import { fail } from '../memory.js';
import { PAR_ELEMENTS, type KernelRuntime } from '../runtime.js';

/** One softmax element (max, exp, sum, scale) costs about as much as this many elements of an add. */
const SOFTMAX_WEIGHT = 4;

/** Reduces the middle axis of [outer, reduceSize, inner], split over `outer`. */
export function reduce(rt: KernelRuntime, args: ReduceArgs): void {
  const x = rt.mem.ready(args.x, args.op);
  const o = rt.mem.out(args.out, args.op);
  const { outer, reduceSize, inner } = args;
  if (outer * inner === 0) return;
  const code = REDUCE[args.op];
  if (code === undefined) fail('reduce', `unknown op ${args.op}`);
  rt.par(
    'reduce',
    [DT[x.dtype as 'float32'], code, DT[o.dtype as 'float32'], x.ptr, reduceSize, inner, o.ptr, 0, 0],
    7,
    outer,
    outer * reduceSize * inner,
    PAR_ELEMENTS,
  );
}

/** Picks slices along an axis by int32 indices, split over `outer`. */
export function gather(rt: KernelRuntime, args: GatherArgs): void {
  const x = rt.mem.ready(args.x, 'gather');
  const idx = rt.mem.ready(args.indices, 'gather');
  const o = rt.mem.out(args.out, 'gather');
  if (idx.dtype !== 'int32') fail('gather', `indices must be int32, got ${idx.dtype}`);
  const { outer, axisSize, inner, numIndices } = args;
  rt.par(
    'gather',
    [elemShift(x.dtype), x.ptr, idx.ptr, o.ptr, axisSize, inner, numIndices, 0, 0],
    7,
    outer,
    outer * numIndices * inner,
    PAR_ELEMENTS,
  );
}

/** (Log-)softmax along the last axis, split over rows. */
export function softmax(rt: KernelRuntime, args: SoftmaxArgs): void {
  if (args.dtype !== 'float32' && args.dtype !== 'float64') fail('softmax', `dtype ${args.dtype} is not supported`);
  const x = rt.mem.ready(args.x, 'softmax');
  const o = rt.mem.out(args.out, 'softmax');
  if (args.size === 0) return;
  rt.par('softmax', [DT[args.dtype], x.ptr, o.ptr, args.size, +args.log, 0, 0], 5, args.outer, args.outer * args.size * SOFTMAX_WEIGHT, PAR_ELEMENTS);
}

/** Cumulative sum along an axis (one thread). */
export function cumsum(rt: KernelRuntime, args: CumsumArgs): void {
  const x = rt.mem.ready(args.x, 'cumsum');
  const o = rt.mem.out(args.out, 'cumsum');
  rt.k.cumsum(DT[args.dtype as 'float32'], x.ptr, o.ptr, args.outer, args.size, args.inner, +args.exclusive, +args.reverse);
}

/** Adds updates into slices along an axis chosen by int32 indices (one thread: indices may repeat). */
export function scatterAdd(rt: KernelRuntime, args: ScatterAddArgs): void {
  const u = rt.mem.ready(args.updates, 'scatterAdd');
  const idx = rt.mem.ready(args.indices, 'scatterAdd');
  const o = rt.mem.ready(args.out, 'scatterAdd');
  if (idx.dtype !== 'int32') fail('scatterAdd', `indices must be int32, got ${idx.dtype}`);
  rt.k.scatterAdd(DT[args.dtype as 'float32'], u.ptr, idx.ptr, o.ptr, args.outer, args.axisSize, args.inner, args.numIndices);
}
