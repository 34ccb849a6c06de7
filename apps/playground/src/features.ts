/** Input features: functions of the point (x1, x2) that the network sees as its inputs. */
import type { FeatureName } from './config.js';
import { DOMAIN, type Point } from './data.js';

/** Each feature's function and label. */
export const FEATURE_DEFS: Record<FeatureName, { label: string; f: (x1: number, x2: number) => number }> = {
  x1: { label: 'X₁', f: (x) => x },
  x2: { label: 'X₂', f: (_, y) => y },
  x1Sq: { label: 'X₁²', f: (x) => x * x },
  x2Sq: { label: 'X₂²', f: (_, y) => y * y },
  x1x2: { label: 'X₁X₂', f: (x, y) => x * y },
  sinX1: { label: 'sin(X₁)', f: (x) => Math.sin(x) },
  sinX2: { label: 'sin(X₂)', f: (_, y) => Math.sin(y) },
};

/** Row-major `[points.length, features.length]` feature matrix. */
export function featureMatrix(points: readonly { x: number; y: number }[], features: readonly FeatureName[]): Float32Array {
  const F = features.length;
  const out = new Float32Array(points.length * F);
  const fs = features.map((n) => FEATURE_DEFS[n].f);
  for (let i = 0; i < points.length; i++) {
    const p = points[i];
    for (let j = 0; j < F; j++) out[i * F + j] = fs[j](p.x, p.y);
  }
  return out;
}

/** The labels of `points`, as float32. */
export function labels(points: readonly Point[]): Float32Array {
  return Float32Array.from(points, (p) => p.label);
}

/**
 * The heat map's sample points: an n x n grid over the domain, row 0 at the top (x2 = +DOMAIN), pixel centres.
 */
export function gridPoints(n: number): { x: number; y: number }[] {
  const out: { x: number; y: number }[] = [];
  for (let r = 0; r < n; r++) {
    const y = DOMAIN - ((r + 0.5) / n) * 2 * DOMAIN;
    for (let c = 0; c < n; c++) out.push({ x: -DOMAIN + ((c + 0.5) / n) * 2 * DOMAIN, y });
  }
  return out;
}
