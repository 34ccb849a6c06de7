/**
 * Curriculum C3: Sudoku by backtracking, using only tensor ops: `where(board == 0)` finds the empty cells,
 * row / column / 3x3-block slices with `equal(..., d)` check a digit, and `assignAt` writes into a Variable.
 */
import { Variable, any, equal, s, where, type Tensor } from '@lab/core';

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

/** True if `d` appears in `part` (a row, column or block of the board). */
function contains(part: Tensor, d: number): boolean {
  const eq = equal(part, d);
  const hit = any(eq);
  const r = hit.item() as boolean;
  eq.dispose();
  hit.dispose();
  part.dispose();
  return r;
}

/** True if digit `d` may go at (r, c). */
function allowed(board: Variable, r: number, c: number, d: number): boolean {
  const br = 3 * Math.floor(r / 3);
  const bc = 3 * Math.floor(c / 3);
  return !contains(board.at(r), d) && !contains(board.at(':', c), d) && !contains(board.at(s(br, br + 3), s(bc, bc + 3)), d);
}

/** Solves the board in place by backtracking over its empty cells; returns false if it has no solution. */
export function solve(board: Variable): boolean {
  const zero = equal(board, 0);
  const empty = where(zero);
  const cells = empty.arraySync() as number[][];
  zero.dispose();
  empty.dispose();
  const fill = (k: number): boolean => {
    if (k === cells.length) return true;
    const [r, c] = cells[k];
    for (let d = 1; d <= 9; d++) {
      if (allowed(board, r, c, d)) {
        board.assignAt([r, c], d);
        if (fill(k + 1)) return true;
        board.assignAt([r, c], 0);
      }
    }
    return false;
  };
  return fill(0);
}

/** Runs the sample: prints the puzzle and its solution. */
export function main(): number[][] {
  const board = new Variable(PUZZLE, { dtype: 'int32', name: 'sudoku' });
  console.log('puzzle:\n' + board.readValue().toString());
  if (!solve(board)) throw new Error('sudoku: no solution');
  const solution = board.arraySync() as number[][];
  console.log('solution:\n' + board.toString());
  board.dispose();
  return solution;
}
