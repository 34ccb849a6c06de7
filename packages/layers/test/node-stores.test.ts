// Files on disk: `@lab/layers/node` (fileStore, fileBlobStore, with Node's modules imported) and a path given to
// saveModel/loadModel in the main entry (Node's modules reached at run time) write the same files and read each
// other's; without Node, a path is refused with the stores that work in a browser.
import { afterAll, describe, expect, it, vi } from 'vitest';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Dense, loadModel, loadWeights, saveModel, saveWeights, Sequential, type Model } from '@lab/layers';
import { fileBlobStore, fileStore } from '@lab/layers/node';
import { nodeFiles } from '../src/saving/node-files.js';
import { useCpu, values } from './setup.js';

useCpu();

const dir = mkdtempSync(join(tmpdir(), 'lab-layers-node-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function small(): Sequential {
  const m = new Sequential({ layers: [new Dense({ units: 3, activation: 'relu', inputShape: [2] }), new Dense({ units: 1 })] });
  m.build([null, 2]);
  return m;
}

/** The single output of `m` for `x`, as numbers. */
async function out(m: Model, x: number[][]): Promise<unknown> {
  const y = m.predict(x);
  if (Array.isArray(y)) throw new Error('expected a model with one output');
  return values(y);
}

describe('@lab/layers/node and paths', () => {
  it('fileStore writes model.json and one weights file that loadModel(path) reads back, and the reverse', async () => {
    const m = small();
    const a = join(dir, 'a');
    await saveModel(m, fileStore(a));
    const files = readdirSync(a).sort();
    expect(files).toHaveLength(2);
    expect(files[0]).toBe('model.json');
    expect(files[1]).toMatch(/^weights\.[0-9a-f]{16}\.safetensors$/);
    const back = await loadModel(a);
    expect(await out(back, [[1, -2]])).toEqual(await out(m, [[1, -2]]));

    const b = join(dir, 'b');
    await saveModel(m, b);
    const again = await loadModel(fileStore(b));
    expect(await out(again, [[0.5, 3]])).toEqual(await out(m, [[0.5, 3]]));
  });

  it('fileBlobStore and a weights path are the same file format', async () => {
    const m = small();
    const file = join(dir, 'w', 'weights.safetensors');
    await saveWeights(m, fileBlobStore(file));
    const other = small();
    await loadWeights(other, file);
    expect(await out(other, [[2, 1]])).toEqual(await out(m, [[2, 1]]));
  });

  it('a path outside Node is refused, naming the op and the stores that work in a browser', async () => {
    // What saveModel(model, path) calls before touching the disk; `process` is checked before its first await.
    vi.stubGlobal('process', undefined);
    let files: Promise<unknown>;
    try {
      files = nodeFiles('saveModel');
    } finally {
      vi.unstubAllGlobals();
    }
    await expect(files).rejects.toThrow(/saveModel with a path needs Node\.js; in a browser, save to memoryStore\(\), webStorageStore\(key\) or indexedDBStore\(name\)/);
    // In Node it hands over the real modules.
    const real = await nodeFiles('saveModel');
    expect(typeof real.fs.readFile).toBe('function');
    expect(real.path.join('a', 'b')).toBe(join('a', 'b'));
  });
});
