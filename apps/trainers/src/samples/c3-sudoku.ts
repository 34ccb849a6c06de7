/**
 * Curriculum C3: Sudoku by backtracking, using only tensor ops: `whereAsync(equal(board, 0))` finds the empty cells,
 * row / column / 3x3-block slices with `equal(..., d)` and `any` check a digit, and `assignAt` writes into a
 * Variable (Python's `board[r, c].assign(d)`). Reads are asynchronous, so it runs on every backend.
 */
import { Variable, any, equal, s, whereAsync, type Tensor } from '@lab/core';
import { logger, nested, show, type SampleOptions } from '../lib/sample.js';

/** The curriculum's puzzle (0 = empty). */
export const PUZZLE: number[][] = [
  [3, 0, 6, 5, 0, 8, 4, 0, 0],
  [5, 2, 0, 0, 0, 0, 0, 0, 0],
  [0, 8, 7, 0, 0, 0, 0, 3, 1],
  [0, 0, 3, 0, 1, 0, 0, 8, 0],
  [9, 0, 0, 8, 6, 3, 0, 0, 5],
  [0, 5, 0, 0, 9, 0, 6, 0, 0],
  [1, 3, 0, 0, 0, 0, 2, 5, 0],
  [0, 0, 0, 0, 0, 0, 0, 7, 4],
  [0, 0, 5, 2, 0, 6, 3, 0, 0],
];

/** True if `d` appears in `part` (a row, column or block of the board). Disposes `part`. */
async function contains(part: Tensor, d: number): Promise<boolean> {
  const eq = equal(part, d);
  const hit = any(eq);
  const [r] = await hit.data();
  eq.dispose();
  hit.dispose();
  part.dispose();
  return !!r;
}

/** True if digit `d` may go at (r, c): not in the row, the column or the 3x3 block. */
async function allowed(board: Variable, r: number, c: number, d: number): Promise<boolean> {
  const br = 3 * Math.floor(r / 3);
  const bc = 3 * Math.floor(c / 3);
  return !(await contains(board.at(r), d)) && !(await contains(board.at(':', c), d)) && !(await contains(board.at(s(br, br + 3), s(bc, bc + 3)), d));
}

/** Solves the board in place by backtracking over its empty cells; returns the number of digits tried, or -1 if it has no solution. */
export async function solve(board: Variable): Promise<number> {
  const zero = equal(board, 0);
  // [k, 2] indices of the empty cells, like tf.where(board == 0). `where(cond)` has a data-dependent shape, so it
  // reads `cond`; `whereAsync` is the form that works on every backend (WebGPU reads only asynchronously).
  const empty = await whereAsync(zero);
  const cells = await nested<number[][]>(empty);
  zero.dispose();
  empty.dispose();
  let tried = 0;
  const fill = async (k: number): Promise<boolean> => {
    if (k === cells.length) return true;
    const [r, c] = cells[k];
    for (let d = 1; d <= 9; d++) {
      tried++;
      if (await allowed(board, r, c, d)) {
        board.assignAt([r, c], d);
        if (await fill(k + 1)) return true;
        board.assignAt([r, c], 0);
      }
    }
    return false;
  };
  return (await fill(0)) ? tried : -1;
}

/** True if every row, column and block of `grid` holds 1..9 and every clue of `puzzle` is kept. */
export function isSolution(grid: number[][], puzzle: number[][] = PUZZLE): boolean {
  const ok = (xs: number[]) => [...xs].sort((a, b) => a - b).join() === '1,2,3,4,5,6,7,8,9';
  for (let i = 0; i < 9; i++) {
    if (!ok(grid[i]) || !ok(grid.map((row) => row[i]))) return false;
    const br = 3 * Math.floor(i / 3);
    const bc = 3 * (i % 3);
    if (!ok([0, 1, 2].flatMap((dr) => grid[br + dr].slice(bc, bc + 3)))) return false;
  }
  return puzzle.every((row, r) => row.every((v, c) => v === 0 || grid[r][c] === v));
}

/** What the Sudoku part prints. */
export interface SudokuResult {
  solution: number[][];
  empty: number;
  tried: number;
}

/** Runs the Sudoku part: prints the puzzle and its solution. */
export async function main(o: SampleOptions = {}): Promise<SudokuResult> {
  const log = logger(o);
  const board = new Variable(PUZZLE, { dtype: 'int32', name: 'sudoku' });
  const empty = PUZZLE.flat().filter((v) => v === 0).length;
  log(`puzzle (${empty} empty cells):\n${await show(board)}`);
  const tried = await solve(board);
  if (tried < 0) throw new Error('sudoku: no solution');
  const solution = await nested<number[][]>(board);
  log(`solution (${tried} digits tried):\n${await show(board)}`);
  board.dispose();
  return { solution, empty, tried };
}
