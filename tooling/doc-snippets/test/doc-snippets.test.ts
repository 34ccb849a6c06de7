// Every TypeScript snippet a README or doc shows compiles in a strict user project, under node16 and under bundler
// module resolution, and needs no `as` cast or `!` assertion (issue 14: types that fit ordinary code).
// LAB_SNIPPETS_FROM=dist checks against the built packages (`pnpm build` first) instead of their sources.
import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { allSnippets, extractSnippets, type Snippet } from '../src/extract.js';
import { compilerOptions, forbiddenConstructs, sourcePaths, typeCheck, type Resolution } from '../src/check.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const root = resolve(here, '../../..');
const snippets = allSnippets(root);
const fromDist = process.env.LAB_SNIPPETS_FROM === 'dist';
const label = (s: Snippet) => `${s.file}:${s.line}`;

const show = (ps: readonly { where: string; message: string }[]) => ps.map((p) => `${p.where}: ${p.message}`).join('\n');

describe('doc snippets', () => {
  it('finds the snippets of README.md, docs/ and the package and app READMEs', () => {
    expect(snippets.length).toBeGreaterThan(20);
    expect(snippets.some((s) => s.file === 'README.md')).toBe(true);
    expect(snippets.some((s) => s.file.startsWith('docs/'))).toBe(true);
  });

  for (const resolution of ['node16', 'bundler'] as const satisfies readonly Resolution[]) {
    describe(`strict, ${resolution} resolution`, () => {
      // One program for all snippets: each is its own module, so names never clash.
      let results: ReturnType<typeof typeCheck> | null = null;
      const resultsOf = () => (results ??= typeCheck(snippets, here, compilerOptions(resolution, fromDist ? null : sourcePaths(root))));
      snippets.forEach((s, i) => {
        it(`${label(s)} compiles`, () => {
          const problems = resultsOf()[i];
          expect(problems, show(problems)).toEqual([]);
        });
      });
    });
  }

  describe('no casts or assertions', () => {
    for (const s of snippets) {
      it(`${label(s)} has no as, !, or @ts- comments`, () => {
        const problems = forbiddenConstructs(s);
        expect(problems, show(problems)).toEqual([]);
      });
    }
  });
});

describe('the checker itself', () => {
  const one = (md: string) => extractSnippets('t.md', md);
  const check = (md: string, resolution: Resolution = 'bundler') =>
    typeCheck(one(md), here, compilerOptions(resolution, sourcePaths(root)))[0];

  it('extracts ts and typescript fences only, with their hidden context', () => {
    const md = ['```ts', 'a();', '```', '```sh', 'ls', '```', '<!-- ts-context', 'declare const a: () => void;', '-->', '```typescript', 'a();', '```'].join('\n');
    const s = one(md);
    expect(s.map((x) => [x.line, x.code, x.context])).toEqual([
      [2, 'a();', ''],
      [11, 'a();', 'declare const a: () => void;'],
    ]);
  });

  it('puts a file-wide context before every snippet of the file', () => {
    const md = ['<!-- ts-context-file', "import { tensor } from '@lab/core';", '-->', '```ts', 'tensor(1);', '```'].join('\n');
    expect(one(md)[0].context).toBe("import { tensor } from '@lab/core';");
    expect(check(md)).toEqual([]);
  });

  it('reports a type error at its Markdown line, under both resolutions', () => {
    for (const r of ['node16', 'bundler'] as const) {
      const problems = check(['text', '```ts', "import { tensor } from '@lab/core';", "const n: number = tensor([1]);", '```'].join('\n'), r);
      expect(problems.map((p) => p.where)).toEqual(['t.md:4']);
      expect(problems[0].message).toMatch(/^TS2322/);
    }
  });

  it('accepts a correct snippet, and wraps an excerpt where the context says', () => {
    expect(check(['```ts', "import { tensor } from '@lab/core';", 'const t = tensor([1, 2]);', 't.dispose();', '```'].join('\n'))).toEqual([]);
    const wrapped = ['<!-- ts-context', 'class A {', '  /* snippet */', '}', '-->', '```ts', 'f(): number { return 1; }', '```'].join('\n');
    expect(check(wrapped)).toEqual([]);
  });

  it('rejects casts, non-null and definite-assignment assertions, and @ts- comments', () => {
    const s = one(['```ts', 'const a = b as number;', 'const c = d!;', 'let e!: number;', 'const f = [1] as const;', '// @ts-ignore', '```'].join('\n'))[0];
    expect(forbiddenConstructs(s).map((p) => p.where)).toEqual(['t.md:2', 't.md:3', 't.md:4', 't.md:2']);
  });
});
