// Music: the character-level LSTM's loss falls and it generates text in the tunes' vocabulary.
import { describe, expect, it } from 'vitest';
import { main, PROMPT, TUNES, vocabulary } from '../src/samples/music.js';
import { useCpu } from './setup.js';

useCpu();

describe('music', () => {
  it('the tunes are ABC notation with headers', () => {
    for (const t of TUNES) {
      expect(t).toMatch(/^X:\d+\nT:.+\nM:\d\/\d\nL:1\/\d\nK:[A-G]\n/);
    }
  });

  it('the LSTM loss falls and the generated tune uses the vocabulary', async () => {
    const r = await main({ log: () => {}, epochs: 4, units: 32, seqLen: 24, generate: 30 });
    expect(r.loss).toHaveLength(4);
    expect(r.loss[3]).toBeLessThan(r.loss[0]);
    const vocab = new Set(vocabulary(TUNES.join('\n\n') + '\n\n'));
    expect(r.generated.startsWith(PROMPT)).toBe(true);
    expect(r.generated).toHaveLength(PROMPT.length + 30);
    for (const c of r.generated) expect(vocab.has(c)).toBe(true);
  });
});
