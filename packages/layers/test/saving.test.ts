// Saving and loading: bit-exact round trips of every layer type, weights-only files, stores, and corrupt files.
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomNormal, randomUniform, setSeed, tensor, type Tensor } from '@lab/core';
import {
  Activation, Add, Average, AveragePooling2D, BatchNormalization, Concatenate, Conv2D, Dense, Dropout, Embedding, Flatten,
  GlobalAveragePooling2D, GlobalMaxPooling2D, GRU, input, Layer, LayerNormalization, loadModel, LSTM, Maximum, MaxPooling2D,
  memoryStore, Minimum, model, indexedDBStore, browserDownloadStore, browserFilesStore, Model, Multiply, registerLayer, Reshape, Sequential, SimpleRNN, Subtract, webStorageStore,
  type CallOptions, type Config, type LayerArgs, type StorageLike,
} from '@lab/layers';
import { useCpu, values } from './setup.js';

useCpu();

const dir = mkdtempSync(join(tmpdir(), 'lab-layers-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function cnn(): Sequential {
  return new Sequential({
    layers: [
      new Conv2D({ filters: 4, kernelSize: 3, activation: 'relu', inputShape: [8, 8, 2] }),
      new BatchNormalization(),
      new MaxPooling2D({ poolSize: 2 }),
      new Conv2D({ filters: 3, kernelSize: [2, 2], padding: 'same', strides: 1 }),
      new AveragePooling2D({ poolSize: 1 }),
      new GlobalAveragePooling2D(),
      new Dense({ units: 5, activation: 'tanh' }),
      new Dropout({ rate: 0.3 }),
      new Activation({ activation: 'softmax' }),
    ],
  });
}

function rnn(): Model {
  const x = input({ shape: [6] });
  let h = new Embedding({ inputDim: 10, outputDim: 4 }).apply(x);
  h = new LSTM({ units: 5, returnSequences: true }).apply(h);
  h = new GRU({ units: 4, returnSequences: true }).apply(h);
  h = new GRU({ units: 3, returnSequences: true, resetAfter: false }).apply(h);
  h = new LayerNormalization().apply(h);
  h = new SimpleRNN({ units: 3 }).apply(h);
  h = new Reshape({ targetShape: [3, 1] }).apply(h);
  h = new Flatten().apply(h);
  return model({ inputs: x, outputs: new Dense({ units: 2 }).apply(h) });
}

function merged(): Model {
  const a = input({ shape: [4], name: 'a' });
  const b = input({ shape: [4], name: 'b' });
  const da = new Dense({ units: 3 }).apply(a);
  const db = new Dense({ units: 3 }).apply(b);
  const parts = [new Add(), new Subtract(), new Multiply(), new Average(), new Maximum(), new Minimum()].map((l) => l.apply([da, db]));
  const cat = new Concatenate().apply(parts);
  const out = new Dense({ units: 1 }).apply(new GlobalMaxPooling2D().apply(new Reshape({ targetShape: [1, 1, 18] }).apply(cat)));
  return model({ inputs: [a, b], outputs: out });
}

async function trainOnce(m: Model, x: Tensor | Tensor[], y: Tensor): Promise<void> {
  m.compile({ optimizer: 'adam', loss: 'mse', metrics: ['mae'] });
  await m.fit(x, y, { epochs: 2, batchSize: 4, verbose: 0 });
}

function bits(ts: readonly Tensor[]): number[][] {
  return ts.map((t) => values(t));
}

describe('round trips', () => {
  const cases: [string, () => Model, () => Tensor | Tensor[], number][] = [
    ['CNN (Conv2D, BatchNormalization, pooling, Dense, Dropout, Activation)', cnn, () => randomNormal([8, 8, 8, 2], { seed: 1 }), 5],
    ['RNN (Embedding, LSTM, GRU both forms, LayerNormalization, SimpleRNN, Reshape, Flatten)', rnn, () => randomUniform([8, 6], { minval: 0, maxval: 10, dtype: 'int32', seed: 2 }), 2],
    ['merge layers (Add, Subtract, Multiply, Average, Maximum, Minimum, Concatenate)', merged, () => [randomNormal([8, 4], { seed: 3 }), randomNormal([8, 4], { seed: 4 })], 1],
  ];
  for (const [name, make, data, outDim] of cases) {
    it(`${name}: weights, outputs and optimizer state are bit-exact`, async () => {
      setSeed(9);
      const m = make();
      const x = data();
      await trainOnce(m, x, randomNormal([8, outDim], { seed: 5 }));
      const path = join(dir, name.split(' ')[0]);
      await m.save(path);
      const files = readdirSync(path).sort();
      expect(files[0]).toBe('model.json');
      expect(files[1]).toMatch(/^weights\.[0-9a-f]{16}\.safetensors$/);
      const back = await loadModel(path);
      expect(back.className).toBe(m.className);
      expect(back.variables.map((v) => v.name)).toEqual(m.variables.map((v) => v.name));
      expect(bits(back.variables)).toEqual(bits(m.variables));
      expect(values(back.predict(x) as Tensor)).toEqual(values(m.predict(x) as Tensor));
      expect(bits(back.optimizer!.variables)).toEqual(bits(m.optimizer!.variables));
      expect(back.optimizer!.iterationCount).toBe(m.optimizer!.iterationCount);
      // Training continues identically.
      const y = randomNormal([8, outDim], { seed: 6 });
      setSeed(11); // the same dropout masks for both
      await m.trainOnBatch(x, y);
      setSeed(11);
      await back.trainOnBatch(x, y);
      expect(bits(back.variables)).toEqual(bits(m.variables));
    });
  }

  it('weights-only files round-trip; a different architecture is refused by shape', async () => {
    const a = cnn();
    const b = cnn();
    const file = join(dir, 'w.safetensors');
    await a.saveWeights(file);
    await b.loadWeights(file);
    expect(bits(b.variables)).toEqual(bits(a.variables));
    const other = new Sequential({ layers: [new Dense({ units: 3, inputShape: [2] })] });
    await expect(other.loadWeights(file)).rejects.toThrow(/the model has 2 weights but the file has 10/);
  });

  it('memory and Web Storage stores', async () => {
    const m = new Sequential({ layers: [new Dense({ units: 2, inputShape: [3], activation: 'relu' }), new Dense({ units: 1 })] });
    const mem = memoryStore();
    await m.save(mem);
    const fromMem = await loadModel(mem);
    expect(bits(fromMem.variables)).toEqual(bits(m.variables));
    const items = new Map<string, string>();
    const storage: StorageLike = { getItem: (k) => items.get(k) ?? null, setItem: (k, v) => void items.set(k, v) };
    await m.save(webStorageStore('my-model', storage));
    const fromStorage = await loadModel(webStorageStore('my-model', storage));
    expect(bits(fromStorage.variables)).toEqual(bits(m.variables));
  });

  it('IndexedDB, download and selected-file stores', async () => {
    const { IDBFactory } = await import('fake-indexeddb');
    const m = new Sequential({ layers: [new Dense({ units: 2, inputShape: [3] })] });
    const idb = new IDBFactory();
    await m.save(indexedDBStore('m1', idb));
    expect(bits((await loadModel(indexedDBStore('m1', idb))).variables)).toEqual(bits(m.variables));
    await expect(loadModel(indexedDBStore('missing', idb))).rejects.toThrow(/no model under key 'missing' in IndexedDB/);
    const downloaded: File[] = [];
    const doc = {
      createElement: () => {
        const a = {
          href: '',
          download: '',
          click: () => {
            void fetch(a.href)
              .then((r) => r.blob())
              .then((blob) => downloaded.push(new File([blob], a.download)));
          },
        };
        return a;
      },
    };
    await m.save(browserDownloadStore('my-model', doc));
    await new Promise((r) => setTimeout(r, 50));
    expect(downloaded.map((f) => f.name).sort()).toEqual(['my-model.json', expect.stringMatching(/^weights\.[0-9a-f]{16}\.safetensors$/)]);
    expect(bits((await loadModel(browserFilesStore(downloaded))).variables)).toEqual(bits(m.variables));
    await expect(loadModel(browserFilesStore(downloaded.filter((f) => f.name.endsWith('.json'))))).rejects.toThrow(/was not selected/);
  });

  it('a registered custom layer round-trips; an unregistered subclassed model explains what to do', async () => {
    class Scale extends Layer {
      static override readonly className = 'Scale';
      readonly factor: number;
      constructor(config: LayerArgs & { factor?: number } = {}) {
        super(config);
        this.factor = config.factor ?? 2;
      }
      call(x: Tensor | Tensor[]): Tensor {
        return (x as Tensor).mul(this.factor);
      }
      override getConfig(): Config {
        return { ...super.getConfig(), factor: this.factor };
      }
    }
    registerLayer(Scale);
    const m = new Sequential({ layers: [new Dense({ units: 2, inputShape: [2] }), new Scale({ factor: 3 })] });
    await m.save(join(dir, 'custom'));
    const back = await loadModel(join(dir, 'custom'));
    expect(values(back.predict(tensor([[1, 2]])) as Tensor)).toEqual(values(m.predict(tensor([[1, 2]])) as Tensor));
    class Sub extends Model {
      readonly d = new Dense({ units: 1 });
      override call(x: Tensor | Tensor[], _o: CallOptions): Tensor {
        return this.d.apply(x as Tensor);
      }
    }
    const s = new Sub();
    s.apply(tensor([[1, 2]]));
    await expect(s.save(join(dir, 'sub'))).rejects.toThrow(/is a subclassed model \(class Sub\) .*registerLayer\(Sub\).*saveWeights\(\)/);
    await s.saveWeights(join(dir, 'sub.safetensors'));
    const s2 = new Sub();
    s2.apply(tensor([[0, 0]]));
    await s2.loadWeights(join(dir, 'sub.safetensors'));
    expect(bits(s2.variables)).toEqual(bits(s.variables));
  });
});

describe('corrupt and hostile files fail with clear messages', () => {
  const base = join(dir, 'base');
  let json = '';
  let weightsFile = '';
  const fresh = async (name: string, edit: (modelJson: Record<string, unknown>, w: Uint8Array) => [unknown, Uint8Array]) => {
    if (!json) {
      const m = new Sequential({ layers: [new Dense({ units: 3, inputShape: [4] }), new Dense({ units: 2 })] });
      m.compile({ optimizer: 'sgd', loss: 'mse' });
      await m.save(base);
      json = readFileSync(join(base, 'model.json'), 'utf8');
      weightsFile = readdirSync(base).find((f) => f.startsWith('weights.'))!;
    }
    const d = join(dir, `bad-${name}`);
    rmSync(d, { recursive: true, force: true });
    const [j, w] = edit(JSON.parse(json), new Uint8Array(readFileSync(join(base, weightsFile))));
    const { mkdirSync } = await import('node:fs');
    mkdirSync(d, { recursive: true });
    writeFileSync(join(d, 'model.json'), typeof j === 'string' ? j : JSON.stringify(j));
    writeFileSync(join(d, weightsFile), w);
    return d;
  };
  const weightsOf = (j: Record<string, unknown>) => j.weights as { entries: { shape: number[] }[]; file: string; byteLength: number };
  const topoLayers = (j: Record<string, unknown>) => ((j.modelTopology as { config: { layers: { className: string; config: Record<string, unknown> }[] } }).config.layers);

  const cases: [string, (j: Record<string, unknown>, w: Uint8Array) => [unknown, Uint8Array], RegExp][] = [
    ['truncated model.json', (_j, w) => [json.slice(0, json.length / 2), w], /model\.json is not valid JSON .*truncated or corrupt/],
    ['not a lab model', (j, w) => [{ ...j, format: 'keras' }, w], /not a lab model file \(format is "keras"/],
    ['newer format version', (j, w) => [{ ...j, formatVersion: 99 }, w], /format version 99 is newer than this @lab\/layers reads \(1\)/],
    ['prototype pollution key', (_j, w) => [json.replace('"format"', '"__proto__": {"polluted": true}, "format"'), w], /forbidden key '__proto__'/],
    ['unknown layer class', (j, w) => { topoLayers(j)[1].className = 'EvilLayer'; return [j, w]; }, /unknown layer class 'EvilLayer'/],
    ['truncated weights file', (j, w) => [j, w.subarray(0, w.length - 7)], /has \d+ bytes, but model\.json says \d+; the file is truncated/],
    ['flipped bit in the weights', (j, w) => { const c = w.slice(); c[c.length - 3] ^= 0x10; return [j, c]; }, /SHA-256 does not match model\.json; the file is corrupt/],
    ['shape edited in the manifest', (j, w) => { weightsOf(j).entries[0].shape = [4, 4]; return [j, w]; }, /'dense\w*\/kernel' is float32 \[4,3\] in the weights file but float32 \[4,4\] in model\.json/],
    ['path traversal in the weights name', (j, w) => { weightsOf(j).file = '../../etc/passwd'; return [j, w]; }, /invalid weights file name '\.\.\/\.\.\/etc\/passwd'/],
    ['hostile topology (a billion units)', (j, w) => { topoLayers(j)[0].config.units = 1e9; return [j, w]; }, /declares weight .* more than the weights file holds/],
    ['topology that disagrees with the weights', (j, w) => { topoLayers(j)[1].config.units = 1; return [j, w]; }, /is float32 \[2\] in the file, but the model's '.*' is float32 \[1\]|is float32 \[3,2\] in the file, but the model's '.*' is float32 \[3,1\]/],
  ];
  for (const [name, edit, message] of cases) {
    it(name, async () => {
      const d = await fresh(name.replace(/\W+/g, '-'), edit);
      await expect(loadModel(d)).rejects.toThrow(message);
    });
  }

  it('a missing directory and a corrupt weights-only file', async () => {
    await expect(loadModel(join(dir, 'nope'))).rejects.toThrow(/model\.json not found/);
    const m = new Sequential({ layers: [new Dense({ units: 2, inputShape: [2] })] });
    const f = join(dir, 'bad.safetensors');
    await m.saveWeights(f);
    const b = new Uint8Array(readFileSync(f));
    writeFileSync(f, b.subarray(0, 20));
    await expect(m.loadWeights(f)).rejects.toThrow(/the header claims \d+ bytes but the file has \d+ .*truncated/);
    const c = b.slice();
    c[c.length - 1] ^= 1;
    writeFileSync(f, c);
    await expect(m.loadWeights(f)).rejects.toThrow(/data's SHA-256 does not match the header/);
  });
});
