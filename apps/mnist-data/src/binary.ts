/**
 * The compact form of the data set: what the site downloads and what both loaders decode. Layout (little-endian):
 * the 8 ASCII bytes `LABMNIST`, uint32 image count, uint32 training count, then one label byte per image, then
 * 784 pixel bytes per image (0-255, row-major 28x28). Training images come first, test images after them.
 */

/** Image side in pixels. */
export const SIDE = 28;
/** Pixels per image. */
export const PIXELS = SIDE * SIDE;
const MAGIC = 'LABMNIST';
const HEADER = 16;

/** One split: `n` images of 784 bytes each and their labels (0-9). */
export interface MnistSplit {
  /** `n * 784` pixel bytes, image after image. */
  readonly pixels: Uint8Array;
  /** `n` labels. */
  readonly labels: Uint8Array;
  /** Number of images. */
  readonly n: number;
}

/** The fixed split: 8,000 training and 2,000 test images. */
export interface MnistData {
  /** The training split. */
  readonly train: MnistSplit;
  /** The test split. */
  readonly test: MnistSplit;
}

/**
 * Splits the digits of each class and packs them. `classes[d]` holds class d's images as floats in [0, 1] (the
 * `mnist` package's form), 784 per image. The split is fixed: per class, the last 20% of its images (rounded by
 * largest remainder so that the test split has exactly 20% of the total) are test images, the rest training.
 * Both splits are interleaved class by class, so any prefix of either is balanced.
 */
export function encodeMnist(classes: readonly ArrayLike<number>[]): Uint8Array {
  const counts = classes.map((c) => {
    if (c.length % PIXELS !== 0) throw new Error(`encodeMnist: a class holds ${c.length} values, not a multiple of ${PIXELS}`);
    return c.length / PIXELS;
  });
  const total = counts.reduce((a, b) => a + b, 0);
  const testCounts = largestRemainder(counts, total / 5);
  const trainCounts = counts.map((n, d) => n - testCounts[d]);
  const train = interleave(trainCounts.map((n) => [0, n]));
  const test = interleave(trainCounts.map((first, d) => [first, counts[d]]));
  const order = [...train, ...test];
  const out = new Uint8Array(HEADER + total * (1 + PIXELS));
  for (let i = 0; i < MAGIC.length; i++) out[i] = MAGIC.charCodeAt(i);
  const view = new DataView(out.buffer);
  view.setUint32(8, total, true);
  view.setUint32(12, train.length, true);
  order.forEach(([d, k], i) => {
    out[HEADER + i] = d;
    const src = classes[d];
    const at = HEADER + total + i * PIXELS;
    for (let p = 0; p < PIXELS; p++) out[at + p] = Math.round(src[k * PIXELS + p] * 255);
  });
  return out;
}

/** `[class, index]` pairs taking one image of each class in turn, from each class's `[from, to)` range. */
function interleave(ranges: readonly (readonly [number, number])[]): [number, number][] {
  const out: [number, number][] = [];
  const longest = Math.max(...ranges.map(([from, to]) => to - from));
  for (let k = 0; k < longest; k++) {
    ranges.forEach(([from, to], d) => {
      if (from + k < to) out.push([d, from + k]);
    });
  }
  return out;
}

/** Shares of `target` proportional to `counts`, rounded so that they sum to exactly `target`. */
function largestRemainder(counts: readonly number[], target: number): number[] {
  const total = counts.reduce((a, b) => a + b, 0);
  const exact = counts.map((n) => (n * target) / total);
  const shares = exact.map(Math.floor);
  const left = Math.round(target) - shares.reduce((a, b) => a + b, 0);
  const byRemainder = exact.map((x, d) => [x - Math.floor(x), d] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (let i = 0; i < left; i++) shares[byRemainder[i][1]]++;
  return shares;
}

/** Reads the compact form; checks its header and size before touching the data. */
export function decodeMnist(bytes: Uint8Array): MnistData {
  const magic = String.fromCharCode(...bytes.subarray(0, MAGIC.length));
  if (bytes.length < HEADER || magic !== MAGIC) throw new Error(`decodeMnist: not an MNIST file from @lab/mnist-data (starts with '${magic}')`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const total = view.getUint32(8, true);
  const nTrain = view.getUint32(12, true);
  const expected = HEADER + total * (1 + PIXELS);
  if (nTrain > total || bytes.length !== expected) {
    throw new Error(`decodeMnist: header says ${total} images (${nTrain} training), so ${expected} bytes, but the file has ${bytes.length}`);
  }
  const labels = bytes.subarray(HEADER, HEADER + total);
  const pixels = bytes.subarray(HEADER + total);
  const split = (from: number, to: number): MnistSplit => ({
    pixels: pixels.subarray(from * PIXELS, to * PIXELS),
    labels: labels.subarray(from, to),
    n: to - from,
  });
  return { train: split(0, nTrain), test: split(nTrain, total) };
}
