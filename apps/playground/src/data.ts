/**
 * The datasets: points in [-6, 6]^2 with a label in [-1, 1] (classes are -1 and +1), generated from a seed so a
 * shared link reproduces the same points. The shapes follow TensorFlow Playground's.
 */
import { isRegression, type DatasetName } from './config.js';
import { Rng } from '@lab/backend-testkit';

/** One labelled point. */
export interface Point {
  x: number;
  y: number;
  label: number;
}

/** Points are drawn in this box (the heat map shows it). */
export const DOMAIN = 6;

/** A seeded uniform generator in [0, 1) (the conformance kit's mulberry32: small, fast, good enough for data). */
export function rng(seed: number): () => number {
  // Seed 0 starts elsewhere, as it always has here (the saved example datasets depend on it).
  const r = new Rng(seed >>> 0 || 0x9e3779b9);
  return () => r.next();
}

type Rand = () => number;
const uniform = (r: Rand, lo: number, hi: number) => lo + r() * (hi - lo);
function normal(r: Rand, mean: number, variance: number): number {
  // Box-Muller; 1 - r() keeps the log finite.
  const u = 1 - r();
  const v = r();
  return mean + Math.sqrt(variance) * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

function circle(n: number, noise: number, r: Rand): Point[] {
  const radius = 5;
  const out: Point[] = [];
  const add = (rMin: number, rMax: number) => {
    const rad = uniform(r, rMin, rMax);
    const angle = uniform(r, 0, 2 * Math.PI);
    const x = rad * Math.sin(angle);
    const y = rad * Math.cos(angle);
    const nx = uniform(r, -radius, radius) * noise;
    const ny = uniform(r, -radius, radius) * noise;
    // The label comes from the noisy position: noise flips points near the border.
    out.push({ x, y, label: Math.hypot(x + nx, y + ny) < radius * 0.5 ? 1 : -1 });
  };
  for (let i = 0; i < n / 2; i++) add(0, radius * 0.5);
  for (let i = 0; i < n / 2; i++) add(radius * 0.7, radius);
  return out;
}

function xor(n: number, noise: number, r: Rand): Point[] {
  const pad = 0.3;
  const out: Point[] = [];
  for (let i = 0; i < n; i++) {
    let x = uniform(r, -5, 5);
    x += x > 0 ? pad : -pad;
    let y = uniform(r, -5, 5);
    y += y > 0 ? pad : -pad;
    const nx = uniform(r, -5, 5) * noise;
    const ny = uniform(r, -5, 5) * noise;
    out.push({ x, y, label: (x + nx) * (y + ny) >= 0 ? 1 : -1 });
  }
  return out;
}

function gauss(n: number, noise: number, r: Rand): Point[] {
  const variance = 0.5 + (noise / 0.5) * 3.5; // noise 0..0.5 -> variance 0.5..4
  const out: Point[] = [];
  for (let i = 0; i < n / 2; i++) out.push({ x: normal(r, 2, variance), y: normal(r, 2, variance), label: 1 });
  for (let i = 0; i < n / 2; i++) out.push({ x: normal(r, -2, variance), y: normal(r, -2, variance), label: -1 });
  return out;
}

function spiral(n: number, noise: number, r: Rand): Point[] {
  const half = n / 2;
  const out: Point[] = [];
  const arm = (delta: number, label: number) => {
    for (let i = 0; i < half; i++) {
      const rad = (i / half) * 5;
      const t = ((1.75 * i) / half) * 2 * Math.PI + delta;
      out.push({ x: rad * Math.sin(t) + uniform(r, -1, 1) * noise, y: rad * Math.cos(t) + uniform(r, -1, 1) * noise, label });
    }
  };
  arm(0, 1);
  arm(Math.PI, -1);
  return out;
}

function plane(n: number, noise: number, r: Rand): Point[] {
  const out: Point[] = [];
  for (let i = 0; i < n; i++) {
    const x = uniform(r, -DOMAIN, DOMAIN);
    const y = uniform(r, -DOMAIN, DOMAIN);
    const nx = uniform(r, -DOMAIN, DOMAIN) * noise;
    const ny = uniform(r, -DOMAIN, DOMAIN) * noise;
    out.push({ x, y, label: Math.max(-1, Math.min(1, (x + nx + y + ny) / 10)) });
  }
  return out;
}

const BUMPS: readonly [number, number, number][] = [
  [-4, 2.5, 1],
  [0, 2.5, -1],
  [4, 2.5, 1],
  [-4, -2.5, -1],
  [0, -2.5, 1],
  [4, -2.5, -1],
];

/** The multi-gaussian regression target: the strongest of six signed bumps. */
export function multigaussLabel(x: number, y: number): number {
  let label = 0;
  for (const [cx, cy, sign] of BUMPS) {
    const v = sign * Math.max(0, 1 - Math.hypot(x - cx, y - cy) / 2);
    if (Math.abs(v) > Math.abs(label)) label = v;
  }
  return label;
}

function multigauss(n: number, noise: number, r: Rand): Point[] {
  const out: Point[] = [];
  for (let i = 0; i < n; i++) {
    const x = uniform(r, -DOMAIN, DOMAIN);
    const y = uniform(r, -DOMAIN, DOMAIN);
    const nx = uniform(r, -DOMAIN, DOMAIN) * noise;
    const ny = uniform(r, -DOMAIN, DOMAIN) * noise;
    out.push({ x, y, label: multigaussLabel(x + nx, y + ny) });
  }
  return out;
}

const GENERATORS: Record<DatasetName, (n: number, noise: number, r: Rand) => Point[]> = {
  circle,
  xor,
  gauss,
  spiral,
  plane,
  multigauss,
};

/** Number of points per dataset (TensorFlow Playground's: more for regression). */
export function sampleCount(d: DatasetName): number {
  return isRegression(d) ? 1200 : 500;
}

/** A dataset split into train and test points (shuffled with the same seed first). */
export interface Split {
  train: Point[];
  test: Point[];
}

/** Generates `dataset` with `noise` percent noise and splits it `trainRatio` percent / the rest. */
export function makeData(dataset: DatasetName, noisePercent: number, trainRatio: number, seed: number): Split {
  const r = rng(seed * 7919 + 17);
  const points = GENERATORS[dataset](sampleCount(dataset), noisePercent / 100, r);
  shuffle(points, r);
  const nTrain = Math.floor((points.length * trainRatio) / 100);
  return { train: points.slice(0, nTrain), test: points.slice(nTrain) };
}

/** Fisher-Yates, in place. */
export function shuffle<T>(a: T[], r: Rand): T[] {
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    const t = a[i];
    a[i] = a[j];
    a[j] = t;
  }
  return a;
}
