/**
 * complex64: core keeps a complex tensor as two float32 tensors (real, imaginary), so backends never see it.
 * Supported: creation, printing, add/sub/mul/div, neg, real/imag/abs/conj.
 */
import { ENGINE } from '../engine/engine.js';
import type { Tensor } from '../tensor/tensor.js';
import type { TensorLike } from '../tensor/types.js';
import { complexFromParts } from './convert.js';
import { toT } from './dispatch.js';
import * as o from './primitives.js';

function parts(t: Tensor): readonly [Tensor, Tensor] {
  return t.complexParts!;
}

function compute(body: () => [Tensor, Tensor]): Tensor {
  ENGINE.opDepth++;
  ENGINE.startScope();
  let re: Tensor, im: Tensor;
  try {
    [re, im] = body();
  } catch (e) {
    ENGINE.endScope();
    ENGINE.opDepth--;
    throw e;
  }
  ENGINE.endScope(new Set([re, im]));
  ENGINE.opDepth--;
  return complexFromParts(re, im);
}

/**
 * Makes a complex64 tensor from real and imaginary float32 parts (copied).
 * @param real - the real parts: a float32 tensor or JS numbers.
 * @param imag - the imaginary parts, of `real`'s shape.
 * @returns a complex64 tensor of that shape.
 * @example
 * ```ts
 * const z = complex(tensor([1, 2]), tensor([0, -1])); // [1+0j, 2-1j]
 * ```
 */
export function complex(real: TensorLike, imag: TensorLike): Tensor {
  const re = toT(real, 'complex', 'real', 'float32');
  const im = toT(imag, 'complex', 'imag', 'float32');
  if (re.dtype !== 'float32' || im.dtype !== 'float32') {
    throw new Error(`complex: parts must be float32, got ${re.dtype} and ${im.dtype}`);
  }
  if (re.shape.join() !== im.shape.join()) throw new Error(`complex: the real part [${re.shape.join(',')}] and the imaginary part [${im.shape.join(',')}] differ in shape`);
  return compute(() => [o.un('neg', o.un('neg', re)), o.un('neg', o.un('neg', im))]);
}

/**
 * Real part of a complex tensor (float32).
 * @param x - a complex64 tensor.
 * @returns its real parts, a float32 tensor of `x`'s shape.
 * @example
 * ```ts
 * const re = real(complex(tensor([1, 2]), tensor([3, 4]))); // [1, 2]
 * ```
 */
export function real(x: Tensor): Tensor {
  if (x.dtype !== 'complex64') throw new Error(`real: expected complex64, got ${x.dtype}`);
  return o.bin('add', parts(x)[0], o.c(0, parts(x)[0]));
}

/**
 * Imaginary part of a complex tensor (float32).
 * @param x - a complex64 tensor.
 * @returns its imaginary parts, a float32 tensor of `x`'s shape.
 * @example
 * ```ts
 * const im = imag(complex(tensor([1, 2]), tensor([3, 4]))); // [3, 4]
 * ```
 */
export function imag(x: Tensor): Tensor {
  if (x.dtype !== 'complex64') throw new Error(`imag: expected complex64, got ${x.dtype}`);
  return o.bin('add', parts(x)[1], o.c(0, parts(x)[1]));
}

/**
 * Complex conjugate.
 * @param x - a complex64 tensor.
 * @returns `re - im*j` per element, a complex64 tensor of `x`'s shape.
 * @example
 * ```ts
 * const c = conj(complex(tensor([1]), tensor([2]))); // [1-2j]
 * ```
 */
export function conj(x: Tensor): Tensor {
  if (x.dtype !== 'complex64') throw new Error(`conj: expected complex64, got ${x.dtype}`);
  const [re, im] = parts(x);
  return compute(() => [o.bin('add', re, o.c(0, re)), o.un('neg', im)]);
}

/** @internal `-x` for complex. */
export function complexNeg(x: Tensor): Tensor {
  const [re, im] = parts(x);
  return compute(() => [o.un('neg', re), o.un('neg', im)]);
}

/** @internal `|x|` for complex (float32). */
export function complexAbs(x: Tensor): Tensor {
  const [re, im] = parts(x);
  ENGINE.opDepth++;
  ENGINE.startScope();
  const out = o.un('sqrt', o.bin('add', o.bin('mul', re, re), o.bin('mul', im, im)));
  ENGINE.endScope(new Set([out]));
  ENGINE.opDepth--;
  return out;
}

/** @internal add/sub/mul/div for complex. */
export function complexBinary(op: 'add' | 'sub' | 'mul' | 'div', a: Tensor, b: Tensor): Tensor {
  const [ar, ai] = parts(a);
  const [br, bi] = parts(b);
  return compute(() => {
    switch (op) {
      case 'add':
        return [o.bin('add', ar, br), o.bin('add', ai, bi)];
      case 'sub':
        return [o.bin('sub', ar, br), o.bin('sub', ai, bi)];
      case 'mul':
        return [o.bin('sub', o.bin('mul', ar, br), o.bin('mul', ai, bi)), o.bin('add', o.bin('mul', ar, bi), o.bin('mul', ai, br))];
      case 'div': {
        const den = o.bin('add', o.bin('mul', br, br), o.bin('mul', bi, bi));
        const re = o.bin('add', o.bin('mul', ar, br), o.bin('mul', ai, bi));
        const im = o.bin('sub', o.bin('mul', ai, br), o.bin('mul', ar, bi));
        return [o.bin('div', re, den), o.bin('div', im, den)];
      }
    }
  });
}
