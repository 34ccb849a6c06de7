// checkOptions: the shared refusal of unknown option keys, with a "did you mean".
import { describe, expect, it } from 'vitest';
import { checkOptions, suggestKey } from '@lab/core';

const FIT = ['epochs', 'batchSize', 'shuffle', 'validationSplit', 'verbose'];

describe('checkOptions', () => {
  it('suggests the key a Python spelling or a typo meant', () => {
    expect(suggestKey('batch_size', FIT)).toBe('batchSize');
    expect(suggestKey('epocs', FIT)).toBe('epochs');
    expect(suggestKey('BATCHSIZE', FIT)).toBe('batchSize');
    expect(suggestKey('learning', FIT)).toBeUndefined();
  });

  it('throws naming the call, the key, the suggestion and the known keys', () => {
    expect(() => checkOptions('fit', { batch_size: 1 }, FIT)).toThrow(
      "fit: unknown option 'batch_size'; did you mean 'batchSize'? (known options: epochs, batchSize, shuffle, validationSplit, verbose)",
    );
    expect(() => checkOptions('fit', { zzz: 1 }, FIT)).toThrow(/^fit: unknown option 'zzz' \(known options/);
    expect(() => checkOptions('fit', 5, FIT)).toThrow('fit: expected an options object, got number');
  });

  it('passes known keys, undefined and null', () => {
    expect(() => checkOptions('fit', { epochs: 2, verbose: undefined }, FIT)).not.toThrow();
    expect(() => checkOptions('fit', undefined, FIT)).not.toThrow();
    expect(() => checkOptions('fit', null, FIT)).not.toThrow();
  });
});
