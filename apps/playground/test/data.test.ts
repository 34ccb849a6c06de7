import { describe, expect, it } from 'vitest';
import { DATASETS, isRegression } from '../src/config.js';
import { DOMAIN, makeData, multigaussLabel, sampleCount } from '../src/data.js';
import { featureMatrix, gridPoints } from '../src/features.js';

describe('datasets', () => {
  for (const d of DATASETS) {
    it(`${d}: size, split, labels, determinism`, () => {
      const a = makeData(d, 20, 60, 3);
      expect(a.train.length + a.test.length).toBe(sampleCount(d));
      expect(a.train.length).toBe(Math.floor(sampleCount(d) * 0.6));
      for (const p of [...a.train, ...a.test]) {
        expect(Math.abs(p.label)).toBeLessThanOrEqual(1 + 1e-9);
        if (!isRegression(d)) expect(Math.abs(p.label)).toBe(1);
        expect(Number.isFinite(p.x) && Number.isFinite(p.y)).toBe(true);
      }
      expect(makeData(d, 20, 60, 3)).toEqual(a);
      expect(makeData(d, 20, 60, 4)).not.toEqual(a);
    });
  }

  it('classification sets are balanced', () => {
    for (const d of ['circle', 'gauss', 'spiral'] as const) {
      const { train, test } = makeData(d, 0, 50, 1);
      const pos = [...train, ...test].filter((p) => p.label > 0).length;
      expect(pos).toBe(250);
    }
  });

  it('multigauss peaks at its centres', () => {
    expect(multigaussLabel(-4, 2.5)).toBe(1);
    expect(multigaussLabel(0, 2.5)).toBe(-1);
    expect(multigaussLabel(10, 10)).toBe(0);
  });
});

describe('features', () => {
  it('computes the seven features', () => {
    const m = featureMatrix([{ x: 2, y: -3 }], ['x1', 'x2', 'x1Sq', 'x2Sq', 'x1x2', 'sinX1', 'sinX2']);
    expect([...m]).toEqual([2, -3, 4, 9, -6, Math.fround(Math.sin(2)), Math.fround(Math.sin(-3))]);
  });

  it('grid covers the domain, top row first', () => {
    const g = gridPoints(4);
    expect(g).toHaveLength(16);
    expect(g[0].y).toBeGreaterThan(0);
    expect(g[15].y).toBeLessThan(0);
    expect(Math.max(...g.map((p) => Math.abs(p.x)))).toBeLessThan(DOMAIN);
  });
});
