/**
 * The programs compiled at init, asynchronously: what nearly every model runs in its first step (float32
 * arithmetic on contiguous and scalar-broadcast operands, the matmul variants of aligned and unaligned shapes,
 * sums, softmax, casts and copies). Anything else compiles on first use (see pipeline-cache.ts).
 */
import type { BinaryOp, UnaryOp } from '@lab/core';
import { binarySpec } from './binary.js';
import { castSpec } from './cast.js';
import { compareSpec } from './compare.js';
import { copySpec, fillSpec } from './copy.js';
import { elementwiseProgram, type Layout, type Mode } from './elementwise.js';
import { DEFAULT_TILE, matmulProgram, NARROW_TILE } from './matmul.js';
import { reduceProgram } from './reduce.js';
import { selectSpec } from './select.js';
import { softmaxProgram } from './softmax.js';
import type { MatMulTile, Program } from './types.js';
import { unarySpec } from './unary.js';

function layout(modes: readonly Mode[], vec4 = false): Layout {
  const general = modes.includes('g');
  return {
    shape: general ? [2, 2] : [4],
    size: 4,
    operands: modes.map((mode) => ({ mode, strides: [], offset: 0 })),
    rankClass: general ? 4 : 0,
    vec4: vec4 && !general,
  };
}

/** The prewarm list, for the matmul tiling the options fixed (or null: the built-in tile per shape class). */
export function prewarmPrograms(fixedTile: MatMulTile | null): Program[] {
  const tile = fixedTile ?? DEFAULT_TILE;
  const out: Program[] = [];
  const binaries: BinaryOp[] = ['add', 'sub', 'mul', 'div'];
  // Tensors whose size is a multiple of 4 run the vec4 forms; the scalar forms serve the rest (odd sizes, scalars).
  for (const op of binaries) {
    for (const modes of [['c', 'c'], ['c', 's'], ['c', 'g']] as Mode[][]) {
      out.push(elementwiseProgram(binarySpec(op, 'f32', 'float32'), layout(modes), false));
      if (!modes.includes('g')) out.push(elementwiseProgram(binarySpec(op, 'f32', 'float32'), layout(modes, true), false));
    }
  }
  out.push(elementwiseProgram(binarySpec('maximum', 'f32', 'float32'), layout(['c', 's']), false));
  out.push(elementwiseProgram(binarySpec('maximum', 'f32', 'float32'), layout(['c', 's'], true), false));
  const unaries: UnaryOp[] = ['neg', 'exp', 'log', 'relu', 'sqrt', 'square', 'sigmoid', 'tanh'];
  for (const op of unaries) {
    out.push(elementwiseProgram(unarySpec(op, 'f32', 'float32'), layout(['c']), false));
    out.push(elementwiseProgram(unarySpec(op, 'f32', 'float32'), layout(['c'], true), false));
  }
  out.push(elementwiseProgram(compareSpec('greater', 'f32', 'float32'), layout(['c', 's']), false));
  out.push(elementwiseProgram(selectSpec('float32', 'bool'), layout(['c', 'c', 'c']), false));
  out.push(elementwiseProgram(castSpec('bool', 'float32'), layout(['c']), false));
  out.push(elementwiseProgram(castSpec('int32', 'float32'), layout(['c']), false));
  out.push(elementwiseProgram(copySpec('float32'), layout(['g', 'c']), true));
  out.push(elementwiseProgram(copySpec('float32'), layout(['c', 'c']), true));
  out.push(elementwiseProgram(fillSpec('float32'), layout(['c']), true));
  // Forward (A·B) in both load widths; the backward transposes compile on first use.
  for (const vec of [true, false]) {
    out.push(
      matmulProgram({ dtype: 'float32', transposeA: false, transposeB: false, vecA: vec, vecB: vec, vecOut: vec, tile }),
    );
  }
  // A classifier head (x·W with 10 outputs): the narrow tiling, aligned A, unaligned B and output.
  if (!fixedTile) {
    out.push(
      matmulProgram({ dtype: 'float32', transposeA: false, transposeB: false, vecA: true, vecB: false, vecOut: false, tile: NARROW_TILE }),
    );
  }
  for (const tree of [true, false]) {
    out.push(reduceProgram('sum', 'float32', tree));
    out.push(reduceProgram('max', 'float32', tree));
  }
  out.push(reduceProgram('argMax', 'float32', false));
  out.push(softmaxProgram('float32', false, 1));
  out.push(softmaxProgram('float32', true, 1));
  return out;
}
