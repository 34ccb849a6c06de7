// TypeDoc builds the API reference of every package, and every exported name has TSDoc (DEVELOPERS.md). Clean
// packages must stay clean; the packages in KNOWN are reported to the lead, and their count may only go down.
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

/** Exported names without TSDoc when this test was written (see the report for the list). */
const KNOWN: Record<string, number> = {
  '@lab/backend-testkit': 2,
  '@lab/backend-wasm': 8,
  '@lab/core': 9,
  '@lab/layers': 68,
};

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
    it(`${name}: every exported name has TSDoc${KNOWN[name] ? ` (known offenders: at most ${KNOWN[name]})` : ''}`, () => {
      const list = r.undocumented[name] ?? [];
      if (list.length) console.log(`${name}: ${list.length} exported names without TSDoc\n  ${list.join('\n  ')}`);
      expect(list.length, list.join('\n')).toBeLessThanOrEqual(KNOWN[name] ?? 0);
    });
  }
});
