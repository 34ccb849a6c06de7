import { beforeAll, describe, expect, it } from 'vitest';
import { init } from '@lab/core';
import { cpu } from '@lab/backend-cpu';
import { Kernel, transcript, type CellOutput } from '../src/index.js';
import { labModules } from '../src/modules.js';

const texts = (outputs: CellOutput[]) => transcript(outputs);

describe('Kernel', () => {
  beforeAll(async () => {
    await init(cpu);
  });

  it('shares top-level names across cells, including imports, functions and classes', async () => {
    const k = new Kernel({ modules: labModules() });
    const a = await k.run(
      [
        "import { tensor, type Tensor } from '@lab/core';",
        'const x: Tensor = tensor([1, 2, 3]);',
        'let n = 2, { a, b: [c] } = { a: 10, b: [20] };',
        'function twice(t: Tensor): Tensor { return t.mul(n); }',
        'class Box { constructor(readonly v: number) {} }',
      ].join('\n'),
    );
    expect(a.ok).toBe(true);
    expect(a.outputs).toEqual([]);
    const b = await k.run('n = 3;\nprint(twice(x));\nprint(a + c, new Box(7).v);');
    expect(b.ok, JSON.stringify(b.outputs)).toBe(true);
    expect(texts(b.outputs)).toBe('lab.Tensor([3. 6. 9.], shape=(3,), dtype=float32)\n30 7');
    // Nothing leaks to the global object.
    expect('x' in globalThis).toBe(false);
  });

  it('a function defined in one cell prints into the cell that calls it, as Jupyter does', async () => {
    const k = new Kernel({ modules: labModules() });
    const a = await k.run("function greet(who: string) { print('hello', who); display('<svg></svg>'); }\nconsole.log('defined');");
    const b = await k.run("greet('b');\nconsole.log('after');");
    expect(texts(a.outputs)).toBe('defined');
    expect(b.outputs.map((o) => o.kind)).toEqual(['text', 'plot', 'text']);
    expect(texts(b.outputs)).toBe('hello b\n[plot: svg]\nafter');
  });

  it('supports top-level await and captures console.log and library prints', async () => {
    const k = new Kernel({ modules: labModules() });
    const r = await k.run(
      [
        "import { tensor, print as tfPrint } from '@lab/core';",
        'const v = await tensor([[1, 2], [3, 4]], "int32").array();',
        'console.log("rows", v.length, v);',
        'await tfPrint(tensor([1.5, 2]));',
        'await new Promise((r) => setTimeout(r, 5));',
        "console.log('done');",
      ].join('\n'),
    );
    expect(r.ok, JSON.stringify(r.outputs)).toBe(true);
    expect(texts(r.outputs)).toBe('rows 2 [[1, 2], [3, 4]]\n[1.5 2. ]\ndone');
  });

  it('reports errors with the 1-based line in the cell', async () => {
    const k = new Kernel({ modules: labModules() });
    const r = await k.run("const a = 1;\n\nconst b: number = 2;\nthrow new Error('boom at 4');\n");
    expect(r.ok).toBe(false);
    expect(r.outputs).toEqual([{ kind: 'error', message: 'boom at 4', line: 4 }]);
    // An error thrown inside a library call points at the calling line.
    const lib = await k.run("import { tensor, matMul } from '@lab/core';\nconst m = tensor([1, 2]);\n\nmatMul(m, m);");
    expect(lib.outputs[0]).toMatchObject({ kind: 'error', line: 4 });
    expect((lib.outputs[0] as { message: string }).message).toMatch(/matMul/);
    // After an await.
    const later = await k.run("await Promise.resolve();\nawait Promise.resolve();\nnull.x;");
    expect(later.outputs[0]).toMatchObject({ kind: 'error', line: 3 });
    // Syntax errors have their line too.
    const syntax = await k.run('const ok = 1;\nconst = 2;');
    expect(syntax.outputs[0]).toMatchObject({ kind: 'error', line: 2 });
    // Earlier cells' names survive a failing cell.
    expect((await k.run('print(a)')).outputs).toEqual([{ kind: 'text', text: '1' }]);
  });

  it('rejects unknown modules and names the ones it has', async () => {
    const k = new Kernel({ modules: labModules() });
    const r = await k.run("\nimport { readFile } from 'node:fs';");
    expect(r.outputs[0]).toMatchObject({ kind: 'error', line: 2 });
    expect((r.outputs[0] as { message: string }).message).toMatch(/no module 'node:fs'.*@lab\/core/);
    const dyn = await k.run("const core = await import('@lab/core');\nprint(typeof core.tensor);");
    expect(texts(dyn.outputs)).toBe('function');
  });

  it('reset forgets shared names', async () => {
    const k = new Kernel({ modules: {} });
    await k.run('const y = 5;');
    expect(texts((await k.run('print(y)')).outputs)).toBe('5');
    k.reset();
    const r = await k.run('print(y)');
    expect(r.ok).toBe(false);
    expect(r.outputs[0]).toMatchObject({ kind: 'error', message: 'y is not defined', line: 1 });
  });
});
