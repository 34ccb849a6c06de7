import { describe, expect, it } from 'vitest';
import { dataChanged, defaultConfig, networkChanged, parseConfig, serializeConfig, type Config } from '../src/config.js';

describe('config <-> URL', () => {
  it('round-trips every field', () => {
    const c: Config = {
      dataset: 'spiral',
      noise: 15,
      trainRatio: 70,
      batchSize: 7,
      features: ['x1', 'x2', 'x1Sq', 'sinX2'],
      hidden: [8, 3, 1],
      activation: 'relu',
      learningRate: 0.003,
      optimizer: 'adam',
      regularization: 'L1',
      regRate: 0.01,
      backend: 'webgpu',
      seed: 12345,
      showTest: true,
      discretize: true,
    };
    const hash = serializeConfig(c);
    expect(parseConfig(`#${hash}`)).toEqual(c);
    expect(serializeConfig(parseConfig(hash))).toBe(hash);
    expect(hash).toContain('features=x1,x2,x1Sq,sinX2');
  });

  it('gives the defaults for an empty or broken URL', () => {
    expect(parseConfig('')).toEqual(defaultConfig());
    const c = parseConfig('#dataset=moon&noise=99&batchSize=abc&hidden=9,x&learningRate=0.5&features=nope&backend=tpu&seed=-1');
    expect(c).toEqual(defaultConfig());
  });

  it('allows a network without hidden layers, keeps features in canonical order', () => {
    const c = parseConfig('hidden=&features=sinX1,x1');
    expect(c.hidden).toEqual([]);
    expect(c.features).toEqual(['x1', 'sinX1']);
  });

  it('knows which changes restart training', () => {
    const a = defaultConfig();
    expect(dataChanged(a, { ...a, noise: 10 })).toBe(true);
    expect(networkChanged(a, { ...a, hidden: [3] })).toBe(true);
    expect(networkChanged(a, { ...a, dataset: 'plane' })).toBe(true); // the output becomes linear
    expect(dataChanged(a, { ...a, learningRate: 0.1 }) || networkChanged(a, { ...a, learningRate: 0.1 })).toBe(false);
    expect(dataChanged(a, { ...a, backend: 'cpu' }) || networkChanged(a, { ...a, backend: 'cpu' })).toBe(false);
  });
});
