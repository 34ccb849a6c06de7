/**
 * Curriculum C3: Sudoku by backtracking, using only tensor ops. The solver (lib/sudoku.ts) finds the empty cells
 * with `whereAsync(equal(board, 0))`, the digits a cell may take from its row / column / 3x3-block slices with
 * `equal` and `any`, and writes into a Variable with `assignAt` (Python's `board[r, c].assign(d)`). Reads are
 * asynchronous, so it runs on every backend.
 */
import { Variable } from '@lab/core';
import { PUZZLE, solveSudoku } from '../lib/sudoku.js';
import { logger, nested, type SampleOptions } from '../lib/sample.js';

export { PUZZLE, isSolution, solveSudoku } from '../lib/sudoku.js';

/** What the Sudoku part prints. */
export interface SudokuResult {
  solution: number[][];
  /** Empty cells in the puzzle. */
  empty: number;
  /** Cells the backtracking visited (at least `empty`; more when it had to undo a guess). */
  visits: number;
}

/** Runs the Sudoku part: prints the puzzle and its solution. */
export async function main(o: SampleOptions = {}): Promise<SudokuResult> {
  const log = logger(o);
  const board = new Variable(PUZZLE.map((row) => [...row]), { dtype: 'int32', name: 'sudoku' });
  const empty = PUZZLE.flat().filter((v) => v === 0).length;
  log(`puzzle (${empty} empty cells):\n${await board.toStringAsync()}`);
  const { solved, visits } = await solveSudoku(board);
  if (!solved) throw new Error('sudoku: no solution');
  const solution = await nested<number[][]>(board);
  log(`solution (${visits} cell visits):\n${await board.toStringAsync()}`);
  board.dispose();
  return { solution, empty, visits };
}
