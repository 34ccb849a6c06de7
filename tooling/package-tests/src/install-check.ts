/**
 * One install check, shared by the package sets: install tarballs into a fresh project outside the workspace,
 * assert exactly which @lab packages arrived and that nothing forbidden did, then run the program in Node ESM,
 * Node CommonJS and a Vite bundle in headless Chromium.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { bundle, createConsumer, runInChromium, runNode, scanInstalled, type Bundle, type Consumer, type Installed } from './consumer.js';
import { programFiles, type Program } from './programs.js';

/** What one install check needs. */
export interface InstallSet {
  /** Short name, used for the temp folder and the report file. */
  readonly id: string;
  /** The @lab packages installed from tarballs: exactly these may appear in node_modules/@lab. */
  readonly packages: readonly string[];
  /** Package names that must not be installed. */
  readonly forbiddenPackages: readonly string[];
  /** True if .wasm files may be installed (the wasm backend ships its kernels as a file too). */
  readonly allowWasmFiles: boolean;
  /** Strings the browser bundle must not contain, with the reason. */
  readonly forbiddenInBundle: Readonly<Record<string, string>>;
  readonly program: Program;
  /** Checks the program's result (the same in every environment). */
  readonly expectResult: (r: Record<string, unknown>) => void;
}

const REPORT_DIR = join(import.meta.dirname, '..', 'test-results');

/** Registers the describe block of one set. */
export function describeInstall(set: InstallSet): void {
  describe(`${set.packages.join(' + ')}: installed from tarballs in a fresh project`, () => {
    let consumer: Consumer | undefined;
    let installed: Installed;
    let built: Bundle | undefined;

    beforeAll(async () => {
      const packed = inject('packed');
      const missing = set.packages.filter((p) => !packed.tarballs[p]);
      if (missing.length) {
        throw new Error(missing.map((p) => `${p} has no tarball: ${packed.failures[p] ?? 'not a published package'}`).join('\n'));
      }
      consumer = await createConsumer(set.id, set.packages.map((p) => packed.tarballs[p]), programFiles(set.program));
      installed = scanInstalled(consumer.dir);
    });

    afterAll(() => {
      if (consumer && !process.env.LAB_KEEP_CONSUMER) rmSync(consumer.dir, { recursive: true, force: true });
    });

    it('installs exactly these @lab packages, with workspace: ranges rewritten, and nothing forbidden', () => {
      const lab = [...installed.packages.keys()].filter((n) => n.startsWith('@lab/')).sort();
      expect(lab).toEqual([...set.packages].sort());
      const forbidden = set.forbiddenPackages.filter((n) => installed.packages.has(n));
      expect(forbidden, `forbidden packages installed: ${forbidden.map((n) => `${n} (${installed.packages.get(n)})`).join(', ')}`).toEqual([]);
      if (!set.allowWasmFiles) expect(installed.wasmFiles, 'no .wasm file may be installed').toEqual([]);
      for (const name of lab) {
        const manifest = readFileSync(join(consumer!.dir, 'node_modules', name, 'package.json'), 'utf8');
        expect(manifest, `${name}'s package.json still has a workspace: range`).not.toMatch(/"workspace:/);
      }
    });

    it('computes and differentiates in Node ESM', async () => {
      const r = await runNode(consumer!, 'app.mjs');
      expect(r.moduleSystem).toBe('esm');
      set.expectResult(r);
    });

    it('computes and differentiates in Node CommonJS', async () => {
      const r = await runNode(consumer!, 'app.cjs');
      expect(r.moduleSystem).toBe('cjs');
      set.expectResult(r);
    });

    it('computes and differentiates in a Vite bundle in headless Chromium', async () => {
      built = await bundle(consumer!);
      expect(built.files.filter((f) => f.endsWith('.wasm')), 'the bundle must not emit .wasm assets').toEqual([]);
      for (const [needle, why] of Object.entries(set.forbiddenInBundle)) {
        expect(built.js.includes(needle), `the bundle contains ${JSON.stringify(needle)}: ${why}`).toBe(false);
      }
      const { result, consoleErrors } = await runInChromium(built);
      set.expectResult(result);
      expect(consoleErrors).toEqual([]);
      const report = {
        set: set.packages,
        bundleFiles: built.files,
        jsBytes: built.jsBytes,
        jsGzipBytes: built.jsGzipBytes,
        installed: Object.fromEntries([...installed.packages].sort()),
      };
      mkdirSync(REPORT_DIR, { recursive: true });
      writeFileSync(join(REPORT_DIR, `bundle-${set.id}.json`), JSON.stringify(report, null, 2));
      console.log(
        `bundle ${set.id} (${set.packages.join(' + ')}): ${(built.jsBytes / 1024).toFixed(1)} KiB minified, ` +
          `${(built.jsGzipBytes / 1024).toFixed(1)} KiB gzip; ${installed.packages.size} packages installed: ` +
          [...installed.packages.keys()].sort().join(', '),
      );
    });
  });
}
