/**
 * Export to Jupyter: nbformat 4.5 JSON for the tslab TypeScript kernel (kernelspec `tslab`, language
 * `typescript`). A first code cell starts a backend and defines the globals the lab kernel provides (`print`,
 * `display`) with tslab's own display functions, so the cells run unchanged once the @lab packages are installed
 * next to the notebook.
 * Outputs, when given, are stored as Jupyter outputs: text as `stream` (stdout), plots as `display_data` with
 * `image/svg+xml`, errors as `error`.
 */
import { transcript } from './transcript.js';
import type { CellOutput, Notebook } from './types.js';

/** A multi-line string as Jupyter stores it: lines, each but the last ending in `\n`. */
export type MultilineString = string[];

/** One Jupyter output. */
export type IpynbOutput =
  | { output_type: 'stream'; name: 'stdout' | 'stderr'; text: MultilineString }
  | { output_type: 'display_data'; data: Record<string, MultilineString>; metadata: Record<string, never> }
  | { output_type: 'error'; ename: string; evalue: string; traceback: string[] };

/** One Jupyter cell. */
export type IpynbCell =
  | { cell_type: 'markdown'; id: string; metadata: Record<string, never>; source: MultilineString }
  | { cell_type: 'code'; id: string; metadata: Record<string, never>; source: MultilineString; execution_count: number | null; outputs: IpynbOutput[] };

/** An nbformat 4.5 notebook. */
export interface IpynbNotebook {
  /** Always 4. */
  nbformat: 4;
  /** Always 5 (cells have ids). */
  nbformat_minor: 5;
  /** The kernel the notebook targets and its language. */
  metadata: {
    kernelspec: { name: 'tslab'; display_name: string; language: 'typescript' };
    language_info: { name: 'typescript'; file_extension: '.ts'; mimetype: 'text/typescript' };
    title: string;
  };
  /** The cells, the setup cell first. */
  cells: IpynbCell[];
}

/** The setup cell: `print` and `display` as the lab kernel has them, on top of tslab. */
export const JUPYTER_SETUP = `// Setup for Jupyter (tslab kernel): a backend, and the two globals the lab notebook kernel provides.
import * as tslab from 'tslab';
import { init } from '@lab/core';
import { cpu } from '@lab/backend-cpu';
import { toSVG } from '@lab/viz';
await init(cpu); // or: await init((await import('@lab/backend-wasm')).wasm)
/** Formats like the lab kernel: tensors as TensorFlow prints them (read asynchronously), lists as [1, 'a']. */
async function show(v: unknown, nested = false): Promise<string> {
  if (typeof v === 'string') return nested ? \`'\${v}'\` : v;
  if (v && typeof (v as { toStringAsync?: unknown }).toStringAsync === 'function') return (v as { toStringAsync(): Promise<string> }).toStringAsync();
  if (Array.isArray(v) || ArrayBuffer.isView(v)) return \`[\${(await Promise.all(Array.from(v as ArrayLike<unknown>, (x) => show(x, true)))).join(', ')}]\`;
  if (v && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
    return \`{\${(await Promise.all(Object.entries(v).map(async ([k, x]) => \`\${k}: \${await show(x, true)}\`))).join(', ')}}\`;
  }
  return String(v);
}
/** Python's print, as the lab kernel has it. */
async function print(...values: unknown[]): Promise<void> {
  console.log((await Promise.all(values.map((v) => show(v)))).join(' '));
}
/** A @lab/viz plot spec or an SVG string as an inline plot; anything else printed. */
async function display(value: unknown): Promise<void> {
  if (typeof value === 'string' && value.trimStart().startsWith('<svg')) tslab.display.html(value);
  else if (value && typeof value === 'object' && ('mark' in value || 'layer' in value || '$schema' in value)) tslab.display.html(await toSVG(value as Parameters<typeof toSVG>[0]));
  else await print(value);
}`;

/**
 * A cell's source for tslab: a top-level `print(...)` / `display(...)` call (a line starting with it, unindented)
 * gets `await`. tslab awaits a cell only when it has a top-level await, and prints the value of a cell's last
 * expression (here a pending Promise); awaited, the output lands in its own cell and nothing extra prints. The lab
 * kernel runs the awaited form the same way.
 * @param source - the cell's TypeScript.
 * @returns the source with those calls awaited.
 */
export function forJupyter(source: string): string {
  return source.replace(/^(print|display)\(/gm, 'await $1(');
}

/** Splits text into Jupyter's line array. */
export function toLines(text: string): MultilineString {
  const lines = text.split('\n');
  return lines.map((l, i) => (i < lines.length - 1 ? `${l}\n` : l)).filter((l) => l !== '');
}

function toOutputs(outputs: CellOutput[]): IpynbOutput[] {
  const out: IpynbOutput[] = [];
  let text: CellOutput[] = [];
  let stream: 'stdout' | 'stderr' = 'stdout';
  const flush = () => {
    // transcript() leaves stderr out: join those lines here.
    const body = stream === 'stderr' ? text.map((o) => (o.kind === 'text' ? o.text : '')).join('\n') : transcript(text);
    if (text.length) out.push({ output_type: 'stream', name: stream, text: toLines(`${body}\n`) });
    text = [];
  };
  for (const o of outputs) {
    if (o.kind === 'plot') {
      flush();
      out.push({ output_type: 'display_data', data: { 'image/svg+xml': toLines(o.svg), 'text/plain': [`[plot: ${o.title}]`] }, metadata: {} });
    } else if (o.kind === 'error') {
      flush();
      out.push({ output_type: 'error', ename: 'Error', evalue: o.message, traceback: [`Error: ${o.message}${o.line === undefined ? '' : ` (cell line ${o.line})`}`] });
    } else {
      const s = o.kind === 'text' && o.stream === 'stderr' ? 'stderr' : 'stdout';
      if (s !== stream) flush();
      stream = s;
      text.push(o);
    }
  }
  flush();
  return out;
}

/**
 * The notebook as a Jupyter notebook for the tslab kernel.
 * @param nb - the parsed notebook.
 * @param outputs - optional outputs of each cell, indexed like `nb.cells` (markdown entries ignored); without them
 *   a code cell stores its expected output (from the file) as text, so the export shows what the course shows.
 * @returns an nbformat 4.5 object; `JSON.stringify(nb, null, 1)` is the `.ipynb` file.
 */
export function toIpynb(nb: Notebook, outputs?: CellOutput[][]): IpynbNotebook {
  let count = 0;
  const cells: IpynbCell[] = [
    { cell_type: 'code', id: 'lab-setup', metadata: {}, source: toLines(JUPYTER_SETUP), execution_count: null, outputs: [] },
  ];
  for (const cell of nb.cells) {
    const id = `${cell.kind === 'code' ? 'code' : 'md'}-${cell.index}`;
    if (cell.kind === 'markdown') {
      cells.push({ cell_type: 'markdown', id, metadata: {}, source: toLines(cell.source) });
      continue;
    }
    const ran = outputs?.[cell.index];
    const shown: CellOutput[] = ran ?? (cell.expected?.text ? [{ kind: 'text', text: cell.expected.text }] : []);
    cells.push({ cell_type: 'code', id, metadata: {}, source: toLines(forJupyter(cell.source)), execution_count: ran ? ++count : null, outputs: toOutputs(shown) });
  }
  return {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: {
      kernelspec: { name: 'tslab', display_name: 'TypeScript', language: 'typescript' },
      language_info: { name: 'typescript', file_extension: '.ts', mimetype: 'text/typescript' },
      title: nb.title,
    },
    cells,
  };
}
