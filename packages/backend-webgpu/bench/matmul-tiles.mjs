// Matmul tile benchmark: runs float32 matmuls of a few sizes under several tilings and prints GFLOP/s, so the
// default tiling (DEFAULT_TILE) can be tuned on real hardware. Needs a build first:
//   pnpm --filter @lab/backend-webgpu build && node packages/backend-webgpu/bench/matmul-tiles.mjs [sizes...]
// In Node it uses Dawn (the `webgpu` package) on the system's GPU driver; set VK_ICD_FILENAMES to compare with
// SwiftShader. Sizes default to 256 512 1024; `--reps N` sets timed repetitions (median reported). A size `MxKxN`
// (e.g. 128x784x256, 1x784x256, 4096x8x8) times an [M,K]x[K,N] product: that is how to tune the tiles of the
// skinny shape classes (NARROW_TILE for n <= 16, SHORT_TILE for m <= 8); the row `auto` is the built-in choice.
import { WebGPUBackend } from '../dist/index.js';

const args = process.argv.slice(2);
const repsAt = args.indexOf('--reps');
const reps = repsAt >= 0 ? Number(args.splice(repsAt, 2)[1]) : 5;
const sizes = (args.length ? args : ['256', '512', '1024']).map((a) => {
  const [m, k, n] = a.includes('x') ? a.split('x').map(Number) : [Number(a), Number(a), Number(a)];
  return { m, k, n, label: a.includes('x') ? `${m}x${k}x${n}` : `n=${m}` };
});

const TILES = [
  null, // auto: the tile per shape class
  { tileM: 32, tileN: 32, tileK: 16, rowsPerThread: 4 },
  { tileM: 32, tileN: 8, tileK: 8, rowsPerThread: 4 },
  { tileM: 4, tileN: 64, tileK: 16, rowsPerThread: 4 },
  { tileM: 32, tileN: 32, tileK: 32, rowsPerThread: 4 },
  { tileM: 32, tileN: 32, tileK: 8, rowsPerThread: 4 },
  { tileM: 64, tileN: 64, tileK: 16, rowsPerThread: 4 },
  { tileM: 64, tileN: 64, tileK: 8, rowsPerThread: 8 },
  { tileM: 32, tileN: 64, tileK: 16, rowsPerThread: 4 },
  { tileM: 16, tileN: 16, tileK: 16, rowsPerThread: 2 },
];

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

const rows = [];
for (const tile of TILES) {
  const be = await WebGPUBackend.create({ ...(tile ? { matmulTile: tile } : {}), prewarm: false });
  const label = tile ? `${tile.tileM}x${tile.tileN}x${tile.tileK} r${tile.rowsPerThread}` : 'auto';
  const row = { tile: label };
  for (const { m, k, n, label: size } of sizes) {
    const a = be.alloc('float32', m * k);
    const b = be.alloc('float32', k * n);
    const out = be.alloc('float32', m * n);
    be.write(a, Float32Array.from({ length: m * k }, (_, i) => ((i * 7919) % 1000) / 1000 - 0.5));
    be.write(b, Float32Array.from({ length: k * n }, (_, i) => ((i * 104729) % 1000) / 1000 - 0.5));
    const args = { a, b, out, dtype: 'float32', batch: 1, m, n, k, transposeA: false, transposeB: false, aBatchStride: 0, bBatchStride: 0, aOffset: 0, bOffset: 0 };
    be.matmul(args); // compile + warm-up
    await be.sync();
    const times = [];
    for (let r = 0; r < reps; r++) {
      const t0 = performance.now();
      be.matmul(args);
      await be.sync();
      times.push(performance.now() - t0);
    }
    const ms = median(times);
    row[`${size} GFLOP/s`] = ((2 * m * k * n) / (ms * 1e6)).toFixed(2);
    for (const id of [a, b, out]) be.free(id);
  }
  rows.push(row);
  be.dispose();
}
console.log(`adapter: ${JSON.stringify((await WebGPUBackend.create({ prewarm: false })).adapterInfo)}`);
console.table(rows);
process.exit(0);
