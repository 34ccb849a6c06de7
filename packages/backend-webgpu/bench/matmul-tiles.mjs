// Matmul tile benchmark: runs float32 matmuls of a few sizes under several tilings and prints GFLOP/s, so the
// default tiling (DEFAULT_TILE) can be tuned on real hardware. Needs a build first:
//   pnpm --filter @lab/backend-webgpu build && node packages/backend-webgpu/bench/matmul-tiles.mjs [sizes...]
// In Node it uses Dawn (the `webgpu` package) on the system's GPU driver; set VK_ICD_FILENAMES to compare with
// SwiftShader. Sizes default to 256 512 1024; `--reps N` sets timed repetitions (median reported).
import { WebGPUBackend } from '../dist/index.js';

const args = process.argv.slice(2);
const repsAt = args.indexOf('--reps');
const reps = repsAt >= 0 ? Number(args.splice(repsAt, 2)[1]) : 5;
const sizes = args.length ? args.map(Number) : [256, 512, 1024];

const TILES = [
  { tileM: 32, tileN: 32, tileK: 16, rowsPerThread: 4 },
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
  const be = await WebGPUBackend.create({ matmulTile: tile, prewarm: false });
  const label = `${tile.tileM}x${tile.tileN}x${tile.tileK} r${tile.rowsPerThread}`;
  const row = { tile: label };
  for (const n of sizes) {
    const a = be.alloc('float32', n * n);
    const b = be.alloc('float32', n * n);
    const out = be.alloc('float32', n * n);
    be.write(a, Float32Array.from({ length: n * n }, (_, i) => ((i * 7919) % 1000) / 1000 - 0.5));
    be.write(b, Float32Array.from({ length: n * n }, (_, i) => ((i * 104729) % 1000) / 1000 - 0.5));
    const args = { a, b, out, dtype: 'float32', batch: 1, m: n, n, k: n, transposeA: false, transposeB: false, aBatchStride: 0, bBatchStride: 0, aOffset: 0, bOffset: 0 };
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
    row[`n=${n} GFLOP/s`] = ((2 * n * n * n) / (ms * 1e6)).toFixed(2);
    for (const id of [a, b, out]) be.free(id);
  }
  rows.push(row);
  be.dispose();
}
console.log(`adapter: ${JSON.stringify((await WebGPUBackend.create({ prewarm: false })).adapterInfo)}`);
console.table(rows);
process.exit(0);
