/** centreDigit: a drawing becomes an MNIST-style 28x28 input (20x20 box, centre of mass in the middle). */
import { loadMnist, PIXELS } from '@lab/mnist-data/node';
import { describe, expect, it } from 'vitest';
import { centreDigit, inkOf } from '../src/mnist/centre.js';

/** Bounding box (inclusive) and centre of mass of a 28x28 image's ink above `t`. */
function measure(img: Float32Array, t = 0.05) {
  let [x0, y0, x1, y1, m, mx, my] = [28, 28, -1, -1, 0, 0, 0];
  for (let y = 0; y < 28; y++) {
    for (let x = 0; x < 28; x++) {
      const v = img[y * 28 + x];
      m += v;
      mx += v * (x + 0.5);
      my += v * (y + 0.5);
      if (v > t) [x0, y0, x1, y1] = [Math.min(x0, x), Math.min(y0, y), Math.max(x1, x), Math.max(y1, y)];
    }
  }
  return { w: x1 - x0 + 1, h: y1 - y0 + 1, cx: mx / m, cy: my / m };
}

describe('centreDigit', () => {
  it('scales a tall stroke in a corner into a 20-pixel box centred by mass', () => {
    const [W, H] = [280, 280];
    const ink = new Float32Array(W * H);
    for (let y = 10; y < 110; y++) for (let x = 200; x < 230; x++) ink[y * W + x] = 1; // 30 wide, 100 tall
    const out = centreDigit(ink, W, H);
    const m = measure(out);
    expect(m.h).toBe(20);
    expect(m.w).toBeGreaterThanOrEqual(6);
    expect(m.w).toBeLessThanOrEqual(7);
    expect(m.cx).toBeCloseTo(14, 1);
    expect(m.cy).toBeCloseTo(14, 1);
    expect(Math.max(...out)).toBeCloseTo(1, 5);
  });

  it('gives back a real MNIST digit painted 10x larger anywhere on the pad', async () => {
    const data = await loadMnist();
    let worst = 0;
    for (const i of [0, 1, 2, 3, 7, 500, 1999]) {
      const src = data.test.pixels.subarray(i * PIXELS, (i + 1) * PIXELS);
      // Painted as 10x10 squares, shifted by (13, 7) pixels of the 300x300 pad.
      const [W, H] = [300, 300];
      const ink = new Float32Array(W * H);
      for (let p = 0; p < PIXELS; p++) {
        for (let dy = 0; dy < 10; dy++) for (let dx = 0; dx < 10; dx++) ink[(7 + Math.floor(p / 28) * 10 + dy) * W + 13 + (p % 28) * 10 + dx] = src[p] / 255;
      }
      const out = centreDigit(ink, W, H);
      const orig = Float32Array.from(src, (v) => v / 255);
      const mo = measure(orig);
      const mc = measure(out);
      // Centred by mass (MNIST itself centred to whole pixels), and the same size (MNIST's box is 20x20).
      expect(Math.abs(mc.cx - 14)).toBeLessThan(0.2);
      expect(Math.abs(mc.cy - 14)).toBeLessThan(0.2);
      expect(Math.abs(Math.max(mc.w, mc.h) - Math.max(mo.w, mo.h))).toBeLessThanOrEqual(1);
      // The same digit: compare with the original moved by whole pixels to the same centre.
      const [sx, sy] = [Math.round(14 - mo.cx), Math.round(14 - mo.cy)];
      let [dot, a, b] = [0, 0, 0];
      for (let y = 0; y < 28; y++) {
        for (let x = 0; x < 28; x++) {
          const [ox, oy] = [x - sx, y - sy];
          const o = ox >= 0 && ox < 28 && oy >= 0 && oy < 28 ? orig[oy * 28 + ox] : 0;
          const c = out[y * 28 + x];
          dot += o * c;
          a += c * c;
          b += o * o;
        }
      }
      worst = Math.max(worst, 1 - dot / Math.sqrt(a * b));
    }
    expect(worst).toBeLessThan(0.15); // cosine similarity above 0.85 for every digit
  });

  it('is blank for a blank pad and checks its input size', () => {
    expect(centreDigit(new Float32Array(100), 10, 10).some((v) => v !== 0)).toBe(false);
    expect(() => centreDigit(new Float32Array(99), 10, 10)).toThrow(/99 values for a 10x10 image/);
  });

  it('reads ink from the red channel of canvas pixels', () => {
    const ink = inkOf(new Uint8ClampedArray([255, 255, 255, 255, 0, 0, 0, 255, 51, 51, 51, 255]));
    expect(ink.length).toBe(3);
    [1, 0, 0.2].forEach((v, i) => expect(ink[i]).toBeCloseTo(v, 6));
  });
});
