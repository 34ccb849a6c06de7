/** The MNIST page's URL options: defaults, fallbacks for bad values, and the round trip. */
import { describe, expect, it } from 'vitest';
import { optionsHash, parseOptions } from '../src/mnist/options.js';

describe('MNIST page options', () => {
  it('defaults to wasm, batches of 32, two epochs per run', () => {
    expect(parseOptions('')).toEqual({ backend: 'wasm', batchSize: 32, epochs: 2, steps: 0 });
  });

  it('reads the hash, and falls back for values it does not offer', () => {
    expect(parseOptions('#backend=cpu&batch=16&epochs=1&steps=300')).toEqual({ backend: 'cpu', batchSize: 16, epochs: 1, steps: 300 });
    expect(parseOptions('#backend=tpu&batch=17&epochs=-1&steps=2.5')).toEqual({ backend: 'wasm', batchSize: 32, epochs: 2, steps: 0 });
  });

  it('round-trips through its hash form', () => {
    for (const o of [parseOptions('#backend=webgpu&batch=128&epochs=10'), parseOptions('#backend=cpu&batch=64&epochs=3&steps=50')]) {
      expect(parseOptions(`#${optionsHash(o)}`)).toEqual(o);
    }
  });
});
