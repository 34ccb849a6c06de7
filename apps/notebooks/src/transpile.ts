/**
 * TypeScript to JavaScript for one cell, with sucrase: it only strips types (no type check, no down-levelling),
 * runs in the browser, is small next to typescript (about 10x) or esbuild-wasm (a 10 MB binary), and keeps every
 * line where it was, so a line in the JavaScript is the same line in the cell (error lines need no source map).
 */
import { transform } from 'sucrase';

/** A syntax error in a cell, with its 1-based line in the cell. */
export class CellSyntaxError extends Error {
  /** @param message - what is wrong. @param line - 1-based line in the cell. */
  constructor(
    message: string,
    readonly line: number | undefined,
  ) {
    super(message);
    this.name = 'SyntaxError';
  }
}

/**
 * Strips the TypeScript from a cell, keeping lines.
 * @param source - the cell's TypeScript.
 * @returns JavaScript (ES modules syntax, top-level await kept) with the same line numbering.
 * @throws {@link CellSyntaxError} when sucrase cannot parse the cell.
 */
export function transpileCell(source: string): string {
  try {
    // keepUnusedImports: a cell may import a name only a later cell uses; TypeScript's rule would drop it.
    return transform(source, { transforms: ['typescript'], keepUnusedImports: true, disableESTransforms: true }).code;
  } catch (e) {
    const message = (e as Error).message;
    // sucrase reports the position as "(line:column)" at the end of its message.
    const at = /\((\d+):(\d+)\)\s*$/.exec(message);
    throw new CellSyntaxError(at ? message.slice(0, at.index).trim() : message, at ? Number(at[1]) : undefined);
  }
}
