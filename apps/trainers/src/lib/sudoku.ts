/**
 * Curriculum C3's Sudoku by backtracking with tensor ops only, on every backend (reads are asynchronous, so WebGPU
 * works too): `whereAsync(board == 0)` finds the empty cells (Python's `tf.where`); for a cell, the row, column and
 * 3x3-block slices compared with every digit at once (`equal` broadcast against 1..9, then `any`) give the digits
 * in use, and `whereAsync` of the rest lists the candidates; the backtracking writes into the Variable with
 * `assignAt` (Python's `board[r, c].assign(d)`). One read per cell visit, not one per digit tried. Shared by the
 * C3 sample (samples/c3-sudoku.ts) and the cross-backend curriculum test.
 */
import { Variable, any, concat, equal, logicalNot, range, s, tidy, whereAsync, type Tensor } from '@lab/core';

/** The curriculum's puzzle (0 = empty). */
export const PUZZLE: readonly (readonly number[])[] = [
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

/**
 * The digits still allowed at row `r`, column `c` of `board`, as a bool [9] mask (element i: digit i + 1): the
 * row, the column and the 3x3 block compared with every digit of `digits` (1..9, int32) at once. Also used by the
 * synchronous solver of the curriculum page (tooling/cross-backend).
 */
export function allowedDigits(board: Tensor, digits: Tensor, r: number, c: number): Tensor {
  return tidy(() => {
    const br = 3 * Math.floor(r / 3);
    const bc = 3 * Math.floor(c / 3);
    const seen = concat([board.at(r), board.at(':', c), board.at(s(br, br + 3), s(bc, bc + 3)).reshape([9])]);
    return logicalNot(any(equal(seen.expandDims(1), digits), 0));
  });
}

/** Rows of `where(mask)` (coordinates of the true elements), read asynchronously. */
async function coordinates(mask: Tensor): Promise<number[][]> {
  const idx = await whereAsync(mask);
  try {
    return (await idx.array()) as number[][];
  } finally {
    idx.dispose();
  }
}

/** Solves `board` (an int32 [9,9] Variable) in place; returns whether it found a solution and how many cells it tried. */
export async function solveSudoku(board: Variable): Promise<{ solved: boolean; visits: number }> {
  const zero = equal(board, 0);
  const cells = await coordinates(zero);
  zero.dispose();
  const digits = range(1, 10, 1, 'int32');
  let visits = 0;

  const candidates = async (r: number, c: number): Promise<number[]> => {
    const free = allowedDigits(board, digits, r, c);
    try {
      return (await coordinates(free)).map(([i]) => i + 1);
    } finally {
      free.dispose();
    }
  };

  const fill = async (k: number): Promise<boolean> => {
    if (k === cells.length) return true;
    visits++;
    const [r, c] = cells[k];
    for (const d of await candidates(r, c)) {
      board.assignAt([r, c], d);
      if (await fill(k + 1)) return true;
    }
    board.assignAt([r, c], 0);
    return false;
  };

  try {
    return { solved: await fill(0), visits };
  } finally {
    digits.dispose();
  }
}

/** Every row, column and 3x3 block of `grid` holds 1..9 exactly once, and every clue of `puzzle` is kept. */
export function isSolution(grid: readonly (readonly number[])[], puzzle: readonly (readonly number[])[] = PUZZLE): boolean {
  const ok = (xs: number[]) => [...xs].sort((a, b) => a - b).join() === '1,2,3,4,5,6,7,8,9';
  for (let i = 0; i < 9; i++) {
    if (!ok([...grid[i]])) return false;
    if (!ok(grid.map((row) => row[i]))) return false;
    const br = 3 * Math.floor(i / 3);
    const bc = 3 * (i % 3);
    if (!ok([0, 1, 2].flatMap((dr) => grid[br + dr].slice(bc, bc + 3)))) return false;
  }
  return puzzle.every((row, r) => row.every((v, c) => v === 0 || grid[r][c] === v));
}
