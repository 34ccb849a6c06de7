import { beforeAll, describe, expect, it } from 'vitest';
import { init } from '@lab/core';
import { cpu } from '@lab/backend-cpu';
import { Kernel, transcript, type CellOutput } from '../src/index.js';
import { labModules } from '../src/modules.js';

describe('cell outputs', () => {
  beforeAll(async () => {
    await init(cpu);
  });

  it('keeps the call order of unawaited prints and console lines, and reports a failed unawaited print', async () => {
    const k = new Kernel({ modules: labModules() });
    const r = await k.run("import { tensor } from '@lab/core';\nprint(tensor([1, 2], 'int32'));\nconsole.log('after');\nprint('s', [1, 'a'], { k: 2 });");
    expect(transcript(r.outputs)).toBe("lab.Tensor([1 2], shape=(2,), dtype=int32)\nafter\ns [1, 'a'] {k: 2}");
    const bad = await k.run("const t = tensor([1]);\nt.dispose();\nprint(t.sum());");
    expect(bad.ok).toBe(false);
    expect(bad.outputs.at(-1)).toMatchObject({ kind: 'error' });
  });

  it('display renders a viz plot spec to SVG, an SVG string as is, anything else as text', async () => {
    const k = new Kernel({ modules: labModules() });
    const seen: CellOutput[] = [];
    const r = await k.run(
      "import { linePlot } from '@lab/viz';\ndisplay(linePlot({ series: { loss: [3, 2, 1] }, title: 'Loss' }));\ndisplay('<svg xmlns=\"http://www.w3.org/2000/svg\"><title>dot</title></svg>');\ndisplay(42);",
      (o) => seen.push(o),
    );
    expect(r.ok, JSON.stringify(r.outputs)).toBe(true);
    expect(transcript(r.outputs)).toBe('[plot: Loss]\n[plot: dot]\n42');
    const plot = r.outputs[0] as Extract<CellOutput, { kind: 'plot' }>;
    expect(plot.svg).toMatch(/^<svg[^>]*>/);
    expect(plot.svg).toContain('Loss');
    expect(seen).toEqual(r.outputs);
  });

  it("turns fit's epoch lines into one progress output per fit", async () => {
    const k = new Kernel({ modules: labModules() });
    const seen: CellOutput[] = [];
    const r = await k.run(
      [
        "import { tensor } from '@lab/core';",
        "import { Sequential, Dense } from '@lab/layers';",
        "const model = new Sequential({ layers: [new Dense({ units: 1, inputShape: [1] })] });",
        "model.compile({ loss: 'mse', optimizer: 'sgd' });",
        'const xs = tensor([[0], [1], [2], [3]]);',
        'const ys = tensor([[1], [3], [5], [7]]);',
        'await model.fit(xs, ys, { epochs: 5 });',
        "console.log('between');",
        'await model.fit(xs, ys, { epochs: 3, verbose: 2 });',
      ].join('\n'),
      (o) => seen.push(o),
    );
    expect(r.ok, JSON.stringify(r.outputs)).toBe(true);
    expect(r.outputs.map((o) => (o.kind === 'progress' ? `${o.key} ${o.done}` : o.kind))).toEqual(['fit-1 true', 'text', 'fit-2 true']);
    expect(transcript(r.outputs)).toMatch(/^Epoch 5\/5 - loss: \d+\.\d{4}\nbetween\nEpoch 3\/3 - loss: \d+\.\d{4}$/);
    // The page sees every epoch as it happens.
    expect(seen.filter((o) => o.kind === 'progress' && o.key === 'fit-1').map((o) => (o as { text: string }).text.slice(0, 9))).toEqual(
      ['Epoch 1/5', 'Epoch 2/5', 'Epoch 3/5', 'Epoch 4/5', 'Epoch 5/5'],
    );
  });

  it('keeps warnings (stderr) out of the transcript, and lets onOutput log without feeding the cell', async () => {
    const k = new Kernel({ modules: labModules() });
    const logged: unknown[] = [];
    const original = console.log;
    console.log = (...a: unknown[]) => void logged.push(a.join(' '));
    let r;
    try {
      r = await k.run("console.warn('careful');\nconsole.log('out');", (o) => console.log('seen', o.kind));
    } finally {
      console.log = original;
    }
    expect(r.outputs).toEqual([
      { kind: 'text', text: 'careful', stream: 'stderr' },
      { kind: 'text', text: 'out' },
    ]);
    expect(transcript(r.outputs)).toBe('out');
    expect(logged).toEqual(['seen text', 'seen text']);
  });

  it('a new or reset kernel starts layer names again, as a fresh Jupyter kernel does', async () => {
    const cell = "import { Dense } from '@lab/layers';\nprint(new Dense({ units: 1 }).name);";
    const k = new Kernel({ modules: labModules() });
    expect(transcript((await k.run(cell)).outputs)).toBe('dense');
    expect(transcript((await k.run(cell)).outputs)).toBe('dense_1');
    k.reset();
    expect(transcript((await k.run(cell)).outputs)).toBe('dense');
    expect(transcript((await new Kernel({ modules: labModules() }).run(cell)).outputs)).toBe('dense');
  });
});
