/**
 * Curriculum C1: tensors, ranks and shapes (MIT 6.S191 lab 1, part 1; the TF basics guide). Python's
 * `x[:, 2]` is `x.at(':', 2)`, `a + b` is `add(a, b)` or `a.add(b)`, `x @ y` is `matMul(x, y)`.
 */
import { add, concat, getBackend, listBackends, matMul, softmax, sum, tensor, transpose, zeros, type Tensor } from '@lab/core';
import { logger, nested, num, type SampleOptions } from '../lib/sample.js';

/** What C1 prints. */
export interface C1Result {
  sport: { text: string; rank: number };
  number: { value: number; rank: number; dtype: string };
  sports: { rank: number; shape: number[] };
  numbers: { rank: number; shape: number[]; dtype: string };
  matrix: { rank: number };
  images: { rank: number; shape: number[] };
  row1: string[];
  column2: string[];
  element12: string;
  c: number;
  cMethod: number;
  func: { value: number; shape: number[]; text: string };
  xPlusX: number[][];
  fiveX: number[][];
  xxT: number[][];
  concatShape: number[];
  softmaxRows: number[][];
  reduceSum: number;
  devices: { current: string; registered: string[]; cpu: boolean; gpu: boolean };
}

/** `(a + b) * (b - 1)`, the guide's first function. */
export function func(a: Tensor | number, b: Tensor | number): Tensor {
  return add(a, b).mul(tensor(b).sub(1));
}

/** Runs the sample. */
export async function main(o: SampleOptions = {}): Promise<C1Result> {
  const log = logger(o);
  log('C1. Tensors, ranks and shapes');

  const sport = tensor('Tennis');
  const number = tensor(1.41421356237, 'float64');
  log(`sport: ${await sport.toStringAsync()} is a ${sport.rank}-d tensor`);
  log(`number: ${await number.toStringAsync()} is a ${number.rank}-d tensor`);

  const sports = tensor(['Tennis', 'Basketball']);
  const numbers = tensor([3.141592, 1.414213, 2.71821], 'float64');
  log(`sports is a ${sports.rank}-d tensor with shape [${sports.shape}]`);
  log(`numbers is a ${numbers.rank}-d tensor with shape [${numbers.shape}], dtype ${numbers.dtype}`);

  const matrix = tensor([['Roger', 'Nadal', 'Federer'], ['James', 'Jordan', 'Curry']]);
  log(`matrix is a ${matrix.rank}-d tensor`);
  const images = zeros([10, 256, 256, 3], 'int32');
  log(`images is a ${images.rank}-d tensor with shape [${images.shape}]`);

  // Python: matrix[1], matrix[:, 2], matrix[1, 2]
  const row1 = matrix.at(1);
  const column2 = matrix.at(':', 2);
  const element12 = matrix.at(1, 2);
  log(`row vector: ${await row1.toStringAsync()}`);
  log(`column vector: ${await column2.toStringAsync()}`);
  log(`scalar: ${await element12.toStringAsync()}`);

  const a = tensor(15, 'int32'); // TF infers int32 from a Python int; JS numbers need the dtype
  const b = tensor(61, 'int32');
  const c1 = add(a, b);
  const c2 = a.add(b); // the method form of Python's a + b
  log(`add(a, b) = ${await c1.toStringAsync()}; a.add(b) = ${await c2.toStringAsync()}`);

  const e = func(tensor(1.5), tensor(2.5));
  const eText = await e.toStringAsync();
  log(`func(1.5, 2.5) = ${eText}`);

  const x = tensor([[1, 2, 3], [4, 5, 6]]);
  const xx = x.add(x);
  const x5 = x.mul(5);
  const xxT = matMul(x, transpose(x));
  const cat = concat([x, x, x], 0);
  const sm = softmax(x, -1);
  const total = sum(x);
  log(`x + x = ${await xx.toStringAsync()}`);
  log(`5 * x = ${await x5.toStringAsync()}`);
  log(`x @ transpose(x) = ${await xxT.toStringAsync()}`);
  log(`concat([x, x, x], 0).shape = [${cat.shape}]`);
  log(`softmax(x, -1) = ${await sm.toStringAsync()}`);
  log(`reduceSum(x) = ${await total.toStringAsync()}`);

  const registered = listBackends();
  const devices = { current: getBackend(), registered, cpu: registered.includes('cpu') || registered.includes('wasm'), gpu: registered.includes('webgpu') };
  log(`backends: ${registered.join(', ')} (running on ${devices.current}); CPU available: ${devices.cpu}; GPU (webgpu) available: ${devices.gpu}`);

  return {
    sport: { text: (await nested<string>(sport)), rank: sport.rank },
    number: { value: await num(number), rank: number.rank, dtype: number.dtype },
    sports: { rank: sports.rank, shape: [...sports.shape] },
    numbers: { rank: numbers.rank, shape: [...numbers.shape], dtype: numbers.dtype },
    matrix: { rank: matrix.rank },
    images: { rank: images.rank, shape: [...images.shape] },
    row1: await nested<string[]>(row1),
    column2: await nested<string[]>(column2),
    element12: await nested<string>(element12),
    c: await num(c1),
    cMethod: await num(c2),
    func: { value: await num(e), shape: [...e.shape], text: eText },
    xPlusX: await nested<number[][]>(xx),
    fiveX: await nested<number[][]>(x5),
    xxT: await nested<number[][]>(xxT),
    concatShape: [...cat.shape],
    softmaxRows: await nested<number[][]>(sm),
    reduceSum: await num(total),
    devices,
  };
}
