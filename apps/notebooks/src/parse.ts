/**
 * The notebook file format: Markdown prose; a fenced block with info string `ts` is a code cell; a fenced block
 * `output` (optionally `output approx` or `output skip`) right after it, blank lines between allowed, is that
 * cell's expected output. The first `# ` heading is the title. Other fenced blocks (```sh, ```text) stay prose.
 */
import type { ExpectedOutput, Notebook, NotebookCell } from './types.js';

interface Fence {
  /** The info string's words, e.g. ['output', 'approx']. */
  info: string[];
  /** 1-based line of the opening fence. */
  open: number;
  /** The lines between the fences. */
  body: string[];
  /** 0-based index of the closing fence line. */
  end: number;
}

const OPEN = /^ {0,3}(`{3,}|~{3,})\s*(.*)$/;

/** Reads the fenced block opening at 0-based line `i`, or null when line `i` opens none. */
function readFence(lines: string[], i: number, id: string): Fence | null {
  const m = OPEN.exec(lines[i]);
  if (!m) return null;
  const marker = m[1];
  const close = new RegExp(`^ {0,3}${marker[0] === '`' ? '`' : '~'}{${marker.length},}\\s*$`);
  for (let j = i + 1; j < lines.length; j++) {
    if (close.test(lines[j])) return { info: m[2].trim().split(/\s+/).filter(Boolean), open: i + 1, body: lines.slice(i + 1, j), end: j };
  }
  throw new Error(`parseNotebook(${id}): the fenced block opened at line ${i + 1} is never closed`);
}

function expectedOf(fence: Fence, id: string): ExpectedOutput {
  const flags = fence.info.slice(1);
  const mode = flags[0] ?? 'exact';
  if (flags.length > 1 || (mode !== 'approx' && mode !== 'skip' && mode !== 'exact')) {
    throw new Error(`parseNotebook(${id}): line ${fence.open}: unknown output flags '${flags.join(' ')}'; use 'output', 'output approx' or 'output skip'`);
  }
  return { text: fence.body.join('\n'), mode };
}

/**
 * Parses a notebook file into cells.
 * @param text - the Markdown file's text.
 * @param id - the notebook's id (file name without `.md`), used in the result and in error messages.
 * @returns the notebook: its title and its markdown and code cells in order.
 * @throws on an unclosed fence, an `output` block that follows no code cell, or unknown output flags.
 * @example
 * ```ts
 * const nb = parseNotebook('# Hi\n\n```ts\nprint(1)\n```\n```output\n1\n```\n', 'hi');
 * nb.cells[1].expected; // { text: '1', mode: 'exact' }
 * ```
 */
export function parseNotebook(text: string, id: string): Notebook {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const cells: NotebookCell[] = [];
  let prose: string[] = [];
  let proseLine = 1;
  let title: string | undefined;
  const flushProse = () => {
    // Blank lines around prose are layout, not content.
    while (prose.length && !prose[0].trim()) {
      prose.shift();
      proseLine++;
    }
    while (prose.length && !prose[prose.length - 1].trim()) prose.pop();
    if (prose.length) cells.push({ kind: 'markdown', source: prose.join('\n'), index: cells.length, line: proseLine });
    prose = [];
  };
  for (let i = 0; i < lines.length; i++) {
    const fence = readFence(lines, i, id);
    if (!fence) {
      if (!prose.length) proseLine = i + 1;
      if (title === undefined && /^# /.test(lines[i])) title = lines[i].slice(2).trim();
      prose.push(lines[i]);
      continue;
    }
    const kind = fence.info[0];
    if (kind === 'output') {
      const last = cells[cells.length - 1];
      const onlyBlank = prose.every((l) => !l.trim());
      if (!last || last.kind !== 'code' || !onlyBlank || last.expected) {
        throw new Error(`parseNotebook(${id}): line ${fence.open}: an output block must directly follow a \`\`\`ts code cell`);
      }
      last.expected = expectedOf(fence, id);
      prose = [];
    } else if (kind === 'ts') {
      flushProse();
      cells.push({ kind: 'code', source: fence.body.join('\n'), index: cells.length, line: fence.open + 1 });
    } else {
      if (!prose.length) proseLine = i + 1;
      prose.push(...lines.slice(i, fence.end + 1));
    }
    i = fence.end;
  }
  flushProse();
  return { id, title: title ?? id, cells };
}
