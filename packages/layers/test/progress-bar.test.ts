// verbose 1 draws a cli-progress bar in a Node terminal, and that Node-only package never reaches a browser bundle
// of @lab/layers (it is loaded at run time, through a specifier no bundler follows).
import { describe, expect, it, vi } from 'vitest';
import { fileURLToPath } from 'node:url';
import { build, type Rolldown } from 'vite';
import { setSeed, tensor } from '@lab/core';
import { SGD } from '@lab/optim';
import { Dense, Sequential } from '@lab/layers';
import { rng, useCpu } from './setup.js';

useCpu();

const root = fileURLToPath(new URL('..', import.meta.url));
/** Every `@lab/<name>` import from its source, as the tests see them (no build needed). */
const labSources = { find: /^@lab\/([a-z0-9-]+)$/, replacement: fileURLToPath(new URL('../../', import.meta.url)) + '$1/src/index.ts' };

describe('verbose 1 in a Node terminal', () => {
  it('draws a cli-progress bar per epoch with the running loss', async () => {
    setSeed(1);
    const r = rng(4);
    const xs = Array.from({ length: 32 }, () => [r(), r()]);
    const x = tensor(xs);
    const y = tensor(xs.map(([a, b]) => [a - b]));
    const m = new Sequential({ layers: [new Dense({ units: 1, inputShape: [2] })] });
    m.compile({ optimizer: new SGD({ learningRate: 0.1 }), loss: 'mse' });
    const out: string[] = [];
    const tty = Object.getOwnPropertyDescriptor(process.stdout, 'isTTY');
    Object.defineProperty(process.stdout, 'isTTY', { value: true, configurable: true });
    // cli-progress draws on stderr by default; capture both streams.
    const capture = (chunk: string | Uint8Array) => {
      out.push(String(chunk));
      return true;
    };
    const write = vi.spyOn(process.stdout, 'write').mockImplementation(capture);
    const writeErr = vi.spyOn(process.stderr, 'write').mockImplementation(capture);
    const log = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void out.push(`${args.join(' ')}\n`));
    try {
      await m.fit(x, y, { epochs: 2, batchSize: 8, verbose: 1 });
    } finally {
      write.mockRestore();
      writeErr.mockRestore();
      log.mockRestore();
      if (tty) Object.defineProperty(process.stdout, 'isTTY', tty);
      else delete (process.stdout as { isTTY?: boolean }).isTTY;
      m.dispose();
      x.dispose();
      y.dispose();
    }
    const text = out.join('');
    expect(text).toContain('Epoch 1/2');
    expect(text).toContain('Epoch 2/2');
    // The bar's own format: "<bar> value/total - eta left - logs", ending at 4/4 (32 samples / 8) with the loss.
    expect(text).toMatch(/ 4\/4 - \S+ left - loss: \d+\.\d{4}/);
  });
});

describe('a browser bundle of @lab/layers', () => {
  /** Bundles `entry` for the browser with Vite (library mode, everything inlined) and lists the modules it holds. */
  async function bundledModules(entry: string): Promise<{ modules: string[]; code: string }> {
    const result = await build({
      configFile: false,
      logLevel: 'silent',
      root,
      resolve: { alias: [labSources] },
      build: {
        write: false,
        minify: false,
        target: 'es2022',
        lib: { entry, formats: ['es'], fileName: 'bundle' },
      },
    });
    const outputs = (Array.isArray(result) ? result : [result]) as Rolldown.RolldownOutput[];
    const chunks = outputs.flatMap((o) => o.output).filter((c): c is Rolldown.OutputChunk => c.type === 'chunk');
    return { modules: chunks.flatMap((c) => c.moduleIds), code: chunks.map((c) => c.code).join('\n') };
  }

  it('does not contain cli-progress (a literal import of it would: the check can fail)', async () => {
    const layers = await bundledModules(fileURLToPath(new URL('../src/index.ts', import.meta.url)));
    expect(layers.modules.some((id) => id.includes('/packages/layers/src/callbacks/progress.ts'))).toBe(true);
    expect(layers.modules.filter((id) => id.includes('cli-progress'))).toEqual([]);
    expect(layers.code).not.toContain('SingleBar.prototype');
    // The control: the same bundler on a module that imports cli-progress with a literal specifier pulls it in.
    const control = await bundledModules(fileURLToPath(new URL('./fixtures/literal-cli-progress.ts', import.meta.url)));
    expect(control.modules.some((id) => id.includes('cli-progress'))).toBe(true);
  }, 120_000);
});
