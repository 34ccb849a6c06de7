/**
 * Turns a drawing into an MNIST-style 28x28 input, the way the MNIST digits were made: the ink's bounding box is
 * scaled (keeping its aspect ratio) to fit a 20x20 box, with area averaging (anti-aliasing), and placed so that
 * the ink's centre of mass is at the centre of the 28x28 field.
 */

/** Side of an MNIST image. */
export const SIDE = 28;
/** Side of the box the digit's bounding box is scaled into. */
export const BOX = 20;
/** Ink below this (0-1) does not count for the bounding box: antialiasing haze around strokes. */
const THRESHOLD = 0.05;

/**
 * The 28x28 image (row-major, values in [0, 1]) for `ink`, a `width` x `height` image of ink amounts in [0, 1].
 * All zeros when nothing is drawn.
 */
export function centreDigit(ink: Float32Array, width: number, height: number): Float32Array {
  if (ink.length !== width * height) throw new Error(`centreDigit: ${ink.length} values for a ${width}x${height} image`);
  const out = new Float32Array(SIDE * SIDE);
  let [x0, y0, x1, y1] = [width, height, -1, -1];
  let mass = 0;
  let mx = 0;
  let my = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const v = ink[y * width + x];
      if (v <= THRESHOLD) continue;
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
      if (y < y0) y0 = y;
      if (y > y1) y1 = y;
      mass += v;
      mx += v * (x + 0.5);
      my += v * (y + 0.5);
    }
  }
  if (mass === 0) return out;
  const scale = BOX / Math.max(x1 - x0 + 1, y1 - y0 + 1); // output pixels per source pixel
  // Output coordinate u maps to source coordinate x = cx + (u - 14) / scale: the centre of mass lands on 14.
  const [cx, cy] = [mx / mass, my / mass];
  // Each output pixel averages k x k samples spread over its footprint (1/scale source pixels wide).
  const k = Math.max(1, Math.min(12, Math.ceil(1 / scale)));
  for (let v = 0; v < SIDE; v++) {
    for (let u = 0; u < SIDE; u++) {
      let sum = 0;
      for (let j = 0; j < k; j++) {
        const sy = Math.floor(cy + (v + (j + 0.5) / k - SIDE / 2) / scale);
        if (sy < 0 || sy >= height) continue;
        for (let i = 0; i < k; i++) {
          const sx = Math.floor(cx + (u + (i + 0.5) / k - SIDE / 2) / scale);
          if (sx >= 0 && sx < width) sum += ink[sy * width + sx];
        }
      }
      out[v * SIDE + u] = Math.min(1, sum / (k * k));
    }
  }
  return out;
}

/** Ink amounts from canvas pixels (white ink on black: the red channel). */
export function inkOf(rgba: Uint8ClampedArray): Float32Array {
  const out = new Float32Array(rgba.length / 4);
  for (let i = 0; i < out.length; i++) out[i] = rgba[i * 4] / 255;
  return out;
}
