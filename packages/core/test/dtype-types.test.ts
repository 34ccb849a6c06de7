// The dtype is part of a tensor's type (issue 14): creation functions infer it, data() resolves to the matching
// array, ops that keep the dtype keep it, comparisons give bool. `tsc` checks the expectTypeOf lines (the package
// typecheck covers test/); the runtime lines check that the types tell the truth.
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  add,
  cast,
  equal,
  fill,
  matMul,
  ones,
  range,
  relu,
  scalar,
  softmax,
  sum,
  tensor,
  zeros,
  zerosLike,
  type DType,
  type Tensor,
} from '@lab/core';
import { useCpu } from './setup.js';

useCpu();

describe('dtype in the type', () => {
  it('creation functions infer the dtype, and data() resolves to its array', async () => {
    const f = tensor([1, 2]);
    const i = tensor([1, 2], 'int32');
    const b = tensor([true, false]);
    const s = tensor(['a', 'b']);
    const d = tensor([1, 2], { dtype: 'float64', shape: [2] });
    expectTypeOf(f).toEqualTypeOf<Tensor<'float32'>>();
    expectTypeOf(i).toEqualTypeOf<Tensor<'int32'>>();
    expectTypeOf(b).toEqualTypeOf<Tensor<'bool'>>();
    expectTypeOf(s).toEqualTypeOf<Tensor<'string'>>();
    expectTypeOf(d).toEqualTypeOf<Tensor<'float64'>>();
    expectTypeOf(tensor(new Int32Array(2))).toEqualTypeOf<Tensor<'int32'>>();
    expectTypeOf(tensor([1, 2, 3, 4], { shape: [2, 2] })).toEqualTypeOf<Tensor<'float32'>>();
    expectTypeOf(scalar(1)).toEqualTypeOf<Tensor<'float32'>>();
    expectTypeOf(zeros([2])).toEqualTypeOf<Tensor<'float32'>>();
    expectTypeOf(zeros([2], 'int32')).toEqualTypeOf<Tensor<'int32'>>();
    expectTypeOf(ones([2], 'bool')).toEqualTypeOf<Tensor<'bool'>>();
    expectTypeOf(fill([2], 'x')).toEqualTypeOf<Tensor<'string'>>();
    expectTypeOf(range(5, undefined, 1, 'int32')).toEqualTypeOf<Tensor<'int32'>>();
    expectTypeOf(zerosLike(i)).toEqualTypeOf<Tensor<'int32'>>();

    const fv = await f.data();
    const iv = await i.data();
    expectTypeOf(fv).toEqualTypeOf<Float32Array>();
    expectTypeOf(iv).toEqualTypeOf<Int32Array>();
    expectTypeOf(b.dataSync()).toEqualTypeOf<Uint8Array>();
    expectTypeOf(s.dataSync()).toEqualTypeOf<string[]>();
    expectTypeOf(d.dataSync()).toEqualTypeOf<Float64Array>();
    // What made people cast before: Array.from over a union with string[].
    expect(Array.from(fv).map((x) => x * 2)).toEqual([2, 4]);
    expect(fv).toBeInstanceOf(Float32Array);
    expect(iv).toBeInstanceOf(Int32Array);
    expect(b.dataSync()).toBeInstanceOf(Uint8Array);
    expect(d.dataSync()).toBeInstanceOf(Float64Array);
    expect(tensor([1, 2], 'float16').dataSync()).toBeInstanceOf(Float32Array); // float16 reads as float32 values
    expectTypeOf(tensor([1, 2], 'float16').dataSync()).toEqualTypeOf<Float32Array>();
  });

  it('ops keep the dtype where they keep it at run time; comparisons give bool; cast gives its target', () => {
    const x = tensor([[1, -2], [3, 4]]);
    const i = tensor([1, 2], 'int32');
    expectTypeOf(x.add(1).relu().matMul(x).softmax()).toEqualTypeOf<Tensor<'float32'>>();
    expectTypeOf(add(x, 1)).toEqualTypeOf<Tensor<'float32'>>();
    expectTypeOf(add(1, i)).toEqualTypeOf<Tensor<'int32'>>();
    expectTypeOf(relu(x)).toEqualTypeOf<Tensor<'float32'>>();
    expectTypeOf(matMul(x, x)).toEqualTypeOf<Tensor<'float32'>>();
    expectTypeOf(softmax(x)).toEqualTypeOf<Tensor<'float32'>>();
    expectTypeOf(x.greater(0)).toEqualTypeOf<Tensor<'bool'>>();
    expectTypeOf(equal(i, 1)).toEqualTypeOf<Tensor<'bool'>>();
    expectTypeOf(x.argMax(1)).toEqualTypeOf<Tensor<'int32'>>();
    expectTypeOf(x.greater(0).sum()).toEqualTypeOf<Tensor<'int32'>>();
    expectTypeOf(sum(i)).toEqualTypeOf<Tensor<'int32'>>();
    expectTypeOf(cast(x, 'int32')).toEqualTypeOf<Tensor<'int32'>>();
    expectTypeOf(x.cast('float64')).toEqualTypeOf<Tensor<'float64'>>();
    expectTypeOf(x.split(2)).toEqualTypeOf<Tensor<'float32'>[]>();

    expect(x.add(1).relu().matMul(x).softmax().dtype).toBe('float32');
    expect(add(1, i).dtype).toBe('int32');
    expect(x.greater(0).dtype).toBe('bool');
    expect(x.argMax(1).dtype).toBe('int32');
    expect(x.greater(0).sum().dtype).toBe('int32');
    expect(cast(x, 'int32').dtype).toBe('int32');
  });

  it('a tensor of any dtype is a plain Tensor: typed tensors go wherever Tensor is expected', () => {
    const anyDType = (t: Tensor): DType => t.dtype;
    expect(anyDType(tensor([1], 'int32'))).toBe('int32');
    const list: Tensor[] = [tensor([1]), tensor(['a']), tensor([true])];
    expectTypeOf(list[0].dataSync()).toEqualTypeOf<Float32Array | Float64Array | Int32Array | Uint8Array | string[]>();
    expect(list.map((t) => t.dtype)).toEqual(['float32', 'string', 'bool']);
  });
});
