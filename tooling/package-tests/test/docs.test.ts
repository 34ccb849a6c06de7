// TypeDoc builds the API reference of every package, and every exported name has TSDoc (DEVELOPERS.md): a public
// name without a doc comment, or a doc comment TypeDoc rejects (an @param naming no parameter, ...), fails.
import { mkdtempSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs script (also the CLI behind `pnpm docs`), without type declarations
import { documentedPackages, runTypedoc } from '../scripts/typedoc.mjs';

interface TypedocResult {
  packages: string[];
  undocumented: Record<string, string[]>;
  other: string[];
  out: string;
}

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
      // The names themselves, so a failure says what to document (`pnpm run docs` prints the same list).
      expect(r.undocumented[name] ?? [], `${name}: exported names without TSDoc`).toEqual([]);
    });
  }

  it('TypeDoc reports no other warning (e.g. an @param that names no parameter)', () => {
    expect(r.other).toEqual([]);
  });
});
