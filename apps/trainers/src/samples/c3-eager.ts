/**
 * Curriculum C3: eager execution (Applied Deep Learning, 2nd ed.): printing tensors of several dtypes, Variables
 * that copy and assign in place, broadcasting and array interop, Sudoku with tensor ops, a gradient, and the
 * exercises.
 */
import { GradientTape } from '@lab/autodiff';
import { add, multiply, tensor, Variable, zeros, type Tensor } from '@lab/core';
import { logger, nested, num, type SampleOptions } from '../lib/sample.js';
import { main as sudoku, type SudokuResult } from './c3-sudoku.js';

/** What C3 prints. */
export interface C3Result {
  executingEagerly: boolean;
  four: { text: string; dtype: string; rank: number };
  floats: { text: string; dtype: string };
  halfs: { text: string; dtype: string; shape: number[] };
  variables: { b: number[]; afterAssign: number[]; afterAssignAdd: number[]; afterAssignSub: number[]; bAtEnd: number[] };
  broadcast: number[];
  product: number[][];
  sudoku: SudokuResult;
  cubeGradient: number;
  rank5: { rank: number; shape: number[] };
  dz: number;
}

/** Runs the sample. */
export async function main(o: SampleOptions = {}): Promise<C3Result> {
  const log = logger(o);
  log('C3. Eager execution');
  // lab has no graph mode: every op runs when it is called (tf.executing_eagerly() is always true here).
  const executingEagerly = true;
  log(`executing eagerly: ${executingEagerly}`);

  const four = tensor(4, 'int32'); // tf.constant(4) infers int32
  const fourText = await four.toStringAsync();
  log(fourText);
  const floats = tensor([2.0, 3.0, 4.0]);
  const floatsText = await floats.toStringAsync();
  log(floatsText);
  const halfs = tensor([[1, 2], [3, 4], [5, 6]], 'float16');
  const halfsText = await halfs.toStringAsync();
  log(halfsText);

  const a = new Variable([2.0, 3.0], { name: 'a' });
  const b = new Variable(a, { name: 'b' }); // a copy: no shared memory
  const bStart = await nested<number[]>(b);
  a.assign([5, 6]);
  const afterAssign = await nested<number[]>(a);
  log(`a.assign([5, 6]): a = [${afterAssign}], b = [${await nested<number[]>(b)}] (b is a copy)`);
  a.assignAdd([2, 3]);
  const afterAssignAdd = await nested<number[]>(a);
  log(`a.assignAdd([2, 3]) = [${afterAssignAdd}]`);
  a.assignSub([7, 9]);
  const afterAssignSub = await nested<number[]>(a);
  log(`a.assignSub([7, 9]) = [${afterAssignSub}]`);

  const m = tensor([[1, 2], [3, 4]]);
  const bc = add(m, 1);
  log(`add([[1, 2], [3, 4]], 1) = ${await bc.toStringAsync()}`);
  // numpy interop in the book: np.multiply(a, b) with b = a + 1. lab's ops take plain arrays the same way.
  const bPlain = await nested<number[][]>(bc);
  const product = multiply(m, bPlain);
  log(`multiply(a, (a + 1) as a plain array) = ${await product.toStringAsync()}`);

  log('Sudoku by backtracking with tensor ops:');
  const sud = await sudoku(o);

  const w = new Variable(3.0);
  const tape = new GradientTape();
  const loss = tape.record(() => w.pow(3));
  const g = tape.gradient(loss, w)!;
  const cube = await num(g);
  log(`w = Variable(3.0), loss = w^3: dloss/dw = ${cube}`);

  const r5 = zeros([1, 2, 3, 4, 5]);
  log(`a rank-5 tensor: rank ${r5.rank}, shape [${r5.shape}]`);
  const x = tensor(1.0);
  const y = tensor(2.0);
  const z = tensor(2.0);
  const t2 = new GradientTape();
  t2.watch(z);
  const f = t2.record(() => x.square().add(y).sub(z.square()));
  const dz = await num(t2.gradient(f, z) as Tensor);
  log(`d/dz (x^2 + y - z^2) at z = 2: ${dz}`);

  return {
    executingEagerly,
    four: { text: fourText, dtype: four.dtype, rank: four.rank },
    floats: { text: floatsText, dtype: floats.dtype },
    halfs: { text: halfsText, dtype: halfs.dtype, shape: [...halfs.shape] },
    variables: { b: bStart, afterAssign, afterAssignAdd, afterAssignSub, bAtEnd: await nested<number[]>(b) },
    broadcast: (await nested<number[][]>(bc)).flat(),
    product: await nested<number[][]>(product),
    sudoku: sud,
    cubeGradient: cube,
    rank5: { rank: r5.rank, shape: [...r5.shape] },
    dz,
  };
}
