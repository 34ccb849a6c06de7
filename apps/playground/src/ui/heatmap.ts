/**
 * Heat maps on canvas: values in [-1, 1] coloured orange (negative) through near-white to blue (positive),
 * TensorFlow Playground's palette. A GRID x GRID image is drawn into a small canvas once and scaled up with
 * smoothing, so the big map costs one putImageData and one drawImage.
 */
import { DOMAIN, type Point } from '../data.js';

const NEG = [245, 147, 34];
const MID = [232, 234, 235];
const POS = [8, 119, 189];

/** 256 RGB entries for values -1..1. */
const LUT = (() => {
  const lut = new Uint8ClampedArray(256 * 3);
  for (let i = 0; i < 256; i++) {
    const t = (i / 255) * 2 - 1;
    const [a, b, f] = t < 0 ? [MID, NEG, -t] : [MID, POS, t];
    for (let c = 0; c < 3; c++) lut[i * 3 + c] = a[c] + (b[c] - a[c]) * f;
  }
  return lut;
})();

function index(v: number): number {
  if (!(v === v)) return 127; // NaN: neutral
  const t = v < -1 ? -1 : v > 1 ? 1 : v;
  return Math.round(((t + 1) / 2) * 255);
}

/** The CSS colour of a value (points, links). */
export function color(v: number, alpha = 1): string {
  const i = index(v) * 3;
  return `rgba(${LUT[i]},${LUT[i + 1]},${LUT[i + 2]},${alpha})`;
}

/**
 * Writes an n x n image of `values` (optionally thresholded at 0) into `target`; `wash` mixes that share of white
 * in (the big map is washed so the data points stand out on it).
 */
export function paint(target: HTMLCanvasElement | OffscreenCanvas, values: Float32Array, n: number, wash = 0, discretize = false): void {
  if (target.width !== n) target.width = n;
  if (target.height !== n) target.height = n;
  const ctx = target.getContext('2d') as CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D;
  const img = ctx.createImageData(n, n);
  const d = img.data;
  for (let i = 0; i < n * n; i++) {
    let v = values[i];
    if (discretize) v = v >= 0 ? 1 : -1;
    const k = index(v) * 3;
    d[i * 4] = LUT[k] + (255 - LUT[k]) * wash;
    d[i * 4 + 1] = LUT[k + 1] + (255 - LUT[k + 1]) * wash;
    d[i * 4 + 2] = LUT[k + 2] + (255 - LUT[k + 2]) * wash;
    d[i * 4 + 3] = 255;
  }
  ctx.putImageData(img, 0, 0);
}

/** Sizes a canvas's backing store to its CSS size times the device pixel ratio; returns the CSS size. */
export function fitCanvas(c: HTMLCanvasElement): { w: number; h: number; dpr: number } {
  const dpr = Math.min(window.devicePixelRatio || 1, 3);
  const w = c.clientWidth || Number(c.getAttribute('width')) || 300;
  const h = c.clientHeight || Number(c.getAttribute('height')) || 150;
  const W = Math.round(w * dpr);
  const H = Math.round(h * dpr);
  if (c.width !== W) c.width = W;
  if (c.height !== H) c.height = H;
  return { w, h, dpr };
}

/** The big map: the output on the grid, the points on top (test points outlined in black), and axes ticks. */
export class MainHeatmap {
  private readonly src: HTMLCanvasElement = document.createElement('canvas');
  constructor(readonly canvas: HTMLCanvasElement) {}

  draw(values: Float32Array | null, n: number, train: readonly Point[], test: readonly Point[], opts: { showTest: boolean; discretize: boolean }): void {
    const { w, h, dpr } = fitCanvas(this.canvas);
    const ctx = this.canvas.getContext('2d')!;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, w, h);
    if (values) {
      paint(this.src, values, n, 0.3, opts.discretize);
      ctx.imageSmoothingEnabled = true;
      ctx.imageSmoothingQuality = 'high';
      ctx.drawImage(this.src, 0, 0, w, h);
    }
    const px = (x: number) => ((x + DOMAIN) / (2 * DOMAIN)) * w;
    const py = (y: number) => ((DOMAIN - y) / (2 * DOMAIN)) * h;
    const r = Math.max(2.5, Math.min(w, h) / 110);
    const dot = (p: Point, stroke: string) => {
      ctx.beginPath();
      ctx.arc(px(p.x), py(p.y), r, 0, 2 * Math.PI);
      ctx.fillStyle = color(p.label);
      ctx.fill();
      ctx.lineWidth = 1;
      ctx.strokeStyle = stroke;
      ctx.stroke();
    };
    for (const p of train) dot(p, 'white');
    if (opts.showTest) for (const p of test) dot(p, 'black');
    // Ticks every 2 units, as labels along the left and bottom edges.
    ctx.fillStyle = 'rgba(0,0,0,0.45)';
    ctx.font = '10px system-ui, sans-serif';
    for (let v = -DOMAIN + 2; v < DOMAIN; v += 2) {
      ctx.fillText(String(v), px(v) - 4, h - 3);
      ctx.fillText(String(v), 2, py(v) + 3);
    }
  }
}
