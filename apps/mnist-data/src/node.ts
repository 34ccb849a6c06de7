/** Node only: reads the digits from the installed `mnist` package (no download) and writes the compact file. */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { decodeMnist, encodeMnist, type MnistData } from './binary.js';

export * from './index.js';

const require = createRequire(import.meta.url);

/** The compact form, built from the `mnist` package's ten JSON files (one per class). */
export async function mnistBytes(): Promise<Uint8Array> {
  const dir = join(dirname(require.resolve('mnist/package.json')), 'src', 'digits');
  const classes = await Promise.all(
    Array.from({ length: 10 }, async (_, d) => (JSON.parse(await readFile(join(dir, `${d}.json`), 'utf8')) as { data: number[] }).data),
  );
  return encodeMnist(classes);
}

let cached: Promise<MnistData> | null = null;

/** The split data set (parsed once per process). */
export function loadMnist(): Promise<MnistData> {
  cached ??= mnistBytes().then(decodeMnist);
  return cached;
}

/** Writes the compact file (for a site's build); written beside and renamed, so a reader never sees half a file. */
export async function writeMnistFile(path: string): Promise<number> {
  const bytes = await mnistBytes();
  await mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, bytes);
  await rename(tmp, path);
  return bytes.length;
}
