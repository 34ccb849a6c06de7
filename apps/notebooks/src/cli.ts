/**
 * `pnpm notebook <name> [--backend cpu|wasm|webgpu] [--check] [--ipynb out.ipynb]`
 * Runs a notebook (`c3`, `c3-eager`, or a path to a .md file) top to bottom in Node and prints each code cell's
 * outputs; `--check` compares them with the file's expected outputs and exits 1 on a mismatch; `--ipynb` writes
 * the Jupyter export with the outputs of this run.
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { BACKENDS, chooseBackend, DEFAULT_ORDER, type BackendName } from '@lab/trainers/src/lib/backends';
import { notebookIds } from './ids.js';
import { loadNotebook, runNotebookInNode, writeIpynb } from './node.js';
import type { CellOutput } from './types.js';

function usage(): string {
  return [
    'usage: pnpm notebook <name> [options]',
    '',
    `notebooks: ${notebookIds.join(', ')} (a prefix like c3 is enough), or a path to a .md notebook`,
    '',
    'options:',
    `  --backend, -b  ${BACKENDS.join(' | ')} (default: the fastest that starts, in the order ${DEFAULT_ORDER.join(' > ')})`,
    "  --check        compare every cell's output with the notebook's expected output; exit 1 on a mismatch",
    '  --ipynb FILE   write the notebook with this run\'s outputs as a Jupyter notebook (tslab kernel)',
    '  --help, -h     this text',
  ].join('\n');
}

/** The parsed command line. */
export interface CliArgs {
  /** The notebook: an id, a prefix of one (`c3`), or an absolute path to a .md file. */
  name: string | undefined;
  /** `--backend`; undefined: the fastest that starts. */
  backend: BackendName | undefined;
  /** `--check`: compare with the expected outputs. */
  check: boolean;
  /** `--ipynb`: the absolute path of the Jupyter file to write. */
  ipynb: string | undefined;
  /** `--help`. */
  help: boolean;
}

/**
 * Parses the command line (relative paths against the directory pnpm was started in).
 * @param argv - the arguments after the script name.
 * @param cwd - the directory relative paths are resolved against.
 * @returns the options.
 * @throws on an unknown option or backend.
 */
export function parse(argv: string[], cwd = process.cwd()): CliArgs {
  const { values, positionals } = parseArgs({
    args: argv.filter((a) => a !== '--'),
    allowPositionals: true,
    options: {
      backend: { type: 'string', short: 'b' },
      check: { type: 'boolean', default: false },
      ipynb: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const backend = values.backend as BackendName | undefined;
  if (backend !== undefined && !BACKENDS.includes(backend)) throw new Error(`--backend must be one of ${BACKENDS.join(', ')}, got '${values.backend}'`);
  const name = positionals[0];
  return {
    name: name?.endsWith('.md') ? resolve(cwd, name) : name,
    backend,
    check: values.check,
    ipynb: values.ipynb === undefined ? undefined : resolve(cwd, values.ipynb),
    help: values.help,
  };
}

/** Prints outputs as they come: progress redrawn in place on a terminal, else only its last state. */
function printer(tty: boolean): (o: CellOutput) => void {
  let open = false;
  return (o) => {
    if (o.kind === 'progress') {
      if (tty) {
        process.stdout.write(`\r\x1b[2K${o.text}${o.done ? '\n' : ''}`);
        open = !o.done;
      } else if (o.done) console.log(o.text);
      return;
    }
    if (open) process.stdout.write('\n');
    open = false;
    if (o.kind === 'text') (o.stream === 'stderr' ? console.error : console.log)(o.text);
    else if (o.kind === 'plot') console.log(`[plot: ${o.title}]`);
    else console.log(`Error${o.line === undefined ? '' : ` (cell line ${o.line})`}: ${o.message}`);
  };
}

/** The arguments, or the exit code when there is nothing to run (help, a usage error). */
function readArgs(): CliArgs | number {
  try {
    const args = parse(process.argv.slice(2), process.env.INIT_CWD ?? process.cwd());
    if (args.name && !args.help) return args;
    console.log(usage());
    return args.help ? 0 : 2;
  } catch (e) {
    console.error(`notebook: ${(e as Error).message}\n\n${usage()}`);
    return 2;
  }
}

async function run(): Promise<number> {
  const args = readArgs();
  if (typeof args === 'number') return args;
  if (!args.name) return 2;
  const nb = await loadNotebook(args.name);
  const backend = await chooseBackend(args.backend);
  console.log(`[${nb.id}: ${nb.title}, on ${backend.name} (${backend.reason})]`);
  const show = printer(!!process.stdout.isTTY);
  const t0 = performance.now();
  const results = await runNotebookInNode(nb, {
    onCellStart: (cell) => console.log(`\n--- cell ${cell.index} (line ${cell.line}) ---`),
    onOutput: (o) => show(o),
    onCellEnd: (r) => {
      if (args.check && !r.check.ok) console.log(`MISMATCH in cell ${r.cell.index} (line ${r.cell.line}): ${r.check.message}`);
    },
  });
  const bad = results.filter((r) => !r.check.ok);
  const seconds = ((performance.now() - t0) / 1000).toFixed(1);
  if (args.ipynb) console.log(`\nwrote ${await writeIpynb(args.ipynb, nb, results)}`);
  if (!args.check) {
    console.log(`\n[${nb.id}: ${results.length} code cells in ${seconds} s]`);
    return 0;
  }
  console.log(`\n[${nb.id} on ${backend.name}: ${results.length - bad.length}/${results.length} cells match their expected output, ${seconds} s]`);
  return bad.length ? 1 : 0;
}

const isMain = process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  run()
    .catch((e: unknown) => {
      console.error(e instanceof Error ? (e.stack ?? e.message) : e);
      return 1;
    })
    .then((code) => process.exit(code));
}
