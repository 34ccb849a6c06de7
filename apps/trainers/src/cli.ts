/**
 * `pnpm trainer <name> [--backend cpu|wasm|webgpu] [--epochs N] [--out dir] [--no-plots] [--seed N] [--quick]`
 * Runs one trainer, prints its progress, and writes its plots (PNG and SVG) to the output folder. The first line
 * names the backend and why it was picked (without `--backend`: the fastest that starts, see DEFAULT_ORDER).
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { BACKENDS, chooseBackend, DEFAULT_ORDER, type BackendName } from './lib/backends.js';
import { TRAINERS } from './samples/index.js';

const DEFAULT_OUT = resolve(fileURLToPath(new URL('.', import.meta.url)), '../out');

function usage(): string {
  const names = Object.entries(TRAINERS).map(([n, t]) => `  ${n.padEnd(12)} ${t.summary}`);
  return [
    'usage: pnpm trainer <name> [options]',
    '',
    'trainers:',
    ...names,
    '',
    'options:',
    `  --backend, -b  ${BACKENDS.join(' | ')} (default: the fastest that starts, in the order ${DEFAULT_ORDER.join(' > ')})`,
    '  --epochs, -e   training epochs (each trainer has its own default)',
    `  --out, -o      folder for plots (default ${DEFAULT_OUT})`,
    '  --no-plots     write no files',
    '  --seed         random seed',
    '  --quick        a short run (less data, fewer epochs and steps): a smoke test, not the real results',
    '  --help, -h     this text',
  ].join('\n');
}

/** Parses the command line; exported for tests. */
export function parse(argv: string[]): { name: string | undefined; backend: BackendName | undefined; epochs?: number; out: string | null; seed?: number; quick: boolean; help: boolean } {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      backend: { type: 'string', short: 'b' },
      epochs: { type: 'string', short: 'e' },
      out: { type: 'string', short: 'o' },
      'no-plots': { type: 'boolean', default: false },
      seed: { type: 'string' },
      quick: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const backend = values.backend as BackendName | undefined;
  if (backend !== undefined && !BACKENDS.includes(backend)) throw new Error(`--backend must be one of ${BACKENDS.join(', ')}, got '${values.backend}'`);
  const int = (flag: string, v: string | undefined) => {
    if (v === undefined) return undefined;
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0) throw new Error(`--${flag} must be a non-negative integer, got '${v}'`);
    return n;
  };
  return {
    name: positionals[0],
    backend,
    epochs: int('epochs', values.epochs),
    out: values['no-plots'] ? null : resolve(values.out ?? DEFAULT_OUT),
    seed: int('seed', values.seed),
    quick: values.quick,
    help: values.help,
  };
}

async function run(): Promise<number> {
  let args: ReturnType<typeof parse>;
  try {
    args = parse(process.argv.slice(2).filter((a) => a !== '--'));
  } catch (e) {
    console.error(`trainer: ${(e as Error).message}\n\n${usage()}`);
    return 2;
  }
  if (args.help || !args.name) {
    console.log(usage());
    return args.help ? 0 : 2;
  }
  const trainer = TRAINERS[args.name];
  if (!trainer) {
    console.error(`trainer: no trainer named '${args.name}'\n\n${usage()}`);
    return 2;
  }
  const backend = await chooseBackend(args.backend);
  console.log(`[${args.name} on ${backend.name} (${backend.reason})${args.quick ? ', quick run' : ''}${args.out ? `, plots in ${args.out}` : ''}]`);
  const t0 = performance.now();
  await trainer.run({ out: args.out, epochs: args.epochs, seed: args.seed, quick: args.quick, progress: true });
  console.log(`[${args.name} done in ${((performance.now() - t0) / 1000).toFixed(1)} s]`);
  return 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  run().then(
    (code) => process.exit(code),
    (e: unknown) => {
      console.error(e instanceof Error ? (e.stack ?? e.message) : e);
      process.exit(1);
    },
  );
}
