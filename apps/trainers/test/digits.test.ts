// Digits: the synthetic dataset is as documented, and the classifier reaches 90% test accuracy.
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateDigits, GLYPHS, main } from '../src/samples/digits.js';
import { useCpu } from './setup.js';

useCpu();

describe('digits', () => {
  it('generates seeded, labelled 8x8 images in [0, 1]', () => {
    expect(GLYPHS).toHaveLength(10);
    for (const g of GLYPHS) expect(g.map((r) => r.length)).toEqual([5, 5, 5, 5, 5, 5, 5]);
    const a = generateDigits(5, 9);
    const b = generateDigits(5, 9);
    expect(a.n).toBe(50);
    expect(a.images).toHaveLength(50 * 64);
    expect(Array.from(a.labels.slice(0, 10))).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(a.images).toEqual(b.images);
    for (const v of a.images) expect(v >= 0 && v <= 1).toBe(true);
  });

  it('the classifier reaches at least 90% test accuracy (100 images per class, 20 epochs)', async () => {
    const out = mkdtempSync(join(tmpdir(), 'lab-digits-'));
    const r = await main({ out, log: () => {}, perClass: 100, epochs: 20 });
    expect(r.trainSize).toBe(1000);
    expect(r.testSize).toBe(250);
    expect(r.loss[19]).toBeLessThan(r.loss[0]);
    expect(r.valAccuracy).toHaveLength(20);
    expect(r.testAccuracy).toBeGreaterThanOrEqual(0.9);
    expect(r.confusion.flat().reduce((s, v) => s + v, 0)).toBe(250);
    expect(r.plots).toHaveLength(6);
    for (const p of r.plots) expect(existsSync(p!)).toBe(true);
  });
});
