// TypeDoc builds the API reference of every package, and every exported name has TSDoc (DEVELOPERS.md): a public
// name without a doc comment, or a doc comment TypeDoc rejects (an @param naming no parameter, ...), fails.
// Every public function of core, autodiff, layers and optim documents each parameter, what it returns and an
// example (issue 14), read from TypeDoc's JSON model; the methods not done yet are listed in
// function-docs-todo.json, a list that may only shrink.
import { mkdtempSync, existsSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs script (also the CLI behind `pnpm api-docs`), without type declarations
import { documentedPackages, FUNCTION_DOC_PACKAGES, runTypedoc } from '../scripts/typedoc.mjs';

interface FunctionDocs {
  total: number;
  documented: number;
  functions: { name: string; kind: 'function' | 'method'; missing: string[] }[];
}

interface TypedocResult {
  packages: string[];
  undocumented: Record<string, string[]>;
  other: string[];
  functionDocs: Record<string, FunctionDocs>;
  out: string;
}

/** Methods allowed to lack @param/@returns/@example for now, per package (keys starting with '//' are notes). */
const TODO = JSON.parse(readFileSync(new URL('./function-docs-todo.json', import.meta.url), 'utf8')) as Record<string, string[]>;

describe('API reference (TypeDoc)', () => {
  const out = mkdtempSync(join(tmpdir(), 'lab-api-'));
  let r: TypedocResult;

  beforeAll(async () => {
    r = (await runTypedoc({ out })) as TypedocResult;
  }, 240_000);

  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('generates HTML with a page per package', () => {
    expect(existsSync(join(out, 'index.html'))).toBe(true);
    expect(r.packages.length).toBeGreaterThanOrEqual(8);
  });

  for (const { name } of documentedPackages() as { name: string }[]) {
    it(`${name}: every exported name has TSDoc`, () => {
      // The names themselves, so a failure says what to document (`pnpm api-docs` prints the same list).
      expect(r.undocumented[name] ?? [], `${name}: exported names without TSDoc`).toEqual([]);
    });
  }

  for (const name of FUNCTION_DOC_PACKAGES as string[]) {
    it(`${name}: every public function has @param for each parameter, @returns and @example`, () => {
      const c = r.functionDocs[name];
      const todo = TODO[name] ?? [];
      console.log(
        `${name}: ${c.documented}/${c.total} public functions documented ` +
          `(functions ${c.functions.filter((f) => f.kind === 'function' && f.missing.length === 0).length}/` +
          `${c.functions.filter((f) => f.kind === 'function').length}, methods ` +
          `${c.functions.filter((f) => f.kind === 'method' && f.missing.length === 0).length}/` +
          `${c.functions.filter((f) => f.kind === 'method').length})`,
      );
      expect(c.total, `${name}: TypeDoc found no public functions`).toBeGreaterThan(0);
      const lacking = c.functions.filter((f) => f.missing.length > 0);
      const unlisted = lacking.filter((f) => !todo.includes(f.name)).map((f) => `${f.name}: ${f.missing.join(', ')}`);
      expect(unlisted, `${name}: public functions without complete TSDoc`).toEqual([]);
      // The list only shrinks: a name documented now, or no longer public, must leave it.
      const stale = todo.filter((n) => !lacking.some((f) => f.name === n));
      expect(stale, `${name}: documented now, remove from test/function-docs-todo.json`).toEqual([]);
      // Only methods may wait: every exported function is complete.
      const freeListed = todo.filter((n) => c.functions.some((f) => f.name === n && f.kind === 'function'));
      expect(freeListed, `${name}: exported functions may not be in function-docs-todo.json`).toEqual([]);
    });
  }

  it('TypeDoc reports no other warning (e.g. an @param that names no parameter)', () => {
    expect(r.other).toEqual([]);
  });
});
