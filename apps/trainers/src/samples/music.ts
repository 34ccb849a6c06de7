/**
 * Music: a character-level LSTM that learns a few tunes in ABC notation (written for this sample) and generates
 * a new one. Embedding(vocab, 32) -> LSTM(96, every step) -> Dense(vocab) predicts the next character at every
 * position of 48-character windows; generation samples one character at a time with a temperature.
 */
import { setSeed, softmax, tensor, tidy, type Tensor } from '@lab/core';
import { Dense, Embedding, LSTM, Sequential, losses } from '@lab/layers';
import { adam } from '@lab/optim';
import { historyPlot } from '@lab/viz';
import { logger, numbers, rng, sized, writePlot, type SampleOptions } from '../lib/sample.js';
import { progress } from '../lib/progress.js';

/** The training tunes (ABC notation; simple tunes composed for this sample). */
export const TUNES: readonly string[] = [
  `X:1
T:Morning Lane
M:6/8
L:1/8
K:D
|:A|dfa afd|cea aec|dfa agf|edc d2:|
|:f|gbg faf|ege cde|fga gfe|d3 d2:|`,
  `X:2
T:The Harbour Wall
M:4/4
L:1/8
K:G
|:GABc dBGB|cBAG FDEF|GABc dBGB|AGFA G4:|
|:dggf gabg|fdcA BGGA|dggf gabg|afge d4:|`,
  `X:3
T:Lantern Reel
M:4/4
L:1/8
K:A
|:eAcA eAcA|dBGB dBGB|eAcA eaga|fedB A4:|
|:aecA aecA|bfdB bfdB|aecA aefe|dcBG A4:|`,
  `X:4
T:Quiet Hills
M:3/4
L:1/4
K:C
|:E F G|A2 G|F E D|C3|E F G|c2 B|A G F|G3:|
|:c B A|G2 E|F G A|G3|c B A|G F E|D E D|C3:|`,
];

/** How every generated tune starts (only characters of the vocabulary: the model knows no others). */
export const PROMPT = 'X:1\nT:Harbour Hills\nM:6/8\nL:1/8\nK:G\n|:';

/** Character vocabulary of a corpus (sorted). */
export function vocabulary(text: string): string[] {
  return [...new Set(text)].sort();
}

/** Options of the music trainer. */
export interface MusicOptions extends SampleOptions {
  /** Characters to generate after the prompt (default 160). */
  generate?: number;
  /** Sampling temperature (default 0.9). */
  temperature?: number;
  /** Window length (default 48). */
  seqLen?: number;
  /** LSTM units (default 96). */
  units?: number;
}

/** What the music trainer prints. */
export interface MusicResult {
  vocabSize: number;
  windows: number;
  epochs: number;
  loss: number[];
  generated: string;
  plot: string | null;
}

/** Trains on {@link TUNES} and generates a new tune. */
export async function main(o: MusicOptions = {}): Promise<MusicResult> {
  const log = logger(o);
  const seed = o.seed ?? 3;
  setSeed(seed);
  const corpus = TUNES.join('\n\n') + '\n\n';
  const vocab = vocabulary(corpus);
  const index = new Map(vocab.map((c, i) => [c, i]));
  const ids = [...corpus].map((c) => index.get(c)!);
  const T = o.seqLen ?? sized(o, 48, 16);
  const stride = 2;
  const xs: number[][] = [];
  const ys: number[][] = [];
  for (let s = 0; s + T + 1 <= ids.length; s += stride) {
    xs.push(ids.slice(s, s + T));
    ys.push(ids.slice(s + 1, s + T + 1));
  }
  log(`music: ${TUNES.length} tunes, ${corpus.length} characters, vocabulary ${vocab.length}, ${xs.length} windows of ${T}`);
  const x = tensor(xs, 'int32');
  const y = tensor(ys, 'int32');
  const units = o.units ?? sized(o, 96, 16);
  const model = new Sequential({
    name: 'abc_lstm',
    layers: [new Embedding({ inputDim: vocab.length, outputDim: 32 }), new LSTM({ units, returnSequences: true }), new Dense({ units: vocab.length })],
  });
  model.compile({ optimizer: adam({ learningRate: 0.01 }), loss: new losses.SparseCategoricalCrossentropy({ fromLogits: true }) });
  const epochs = o.epochs ?? sized(o, 14, 1);
  const bar = progress(o, epochs, 'music', log);
  const history = await model.fit(x, y, {
    epochs,
    batchSize: 32,
    verbose: 0,
    callbacks: [{ onEpochEnd: (_e: number, logs?: Record<string, number>) => bar.tick(logs?.loss ?? NaN) }],
  });
  bar.stop();
  const loss = history.history.loss;
  log(`music: loss ${loss[0].toFixed(3)} -> ${loss[loss.length - 1].toFixed(3)} after ${epochs} epochs`);

  // Generate: start a new tune header, then sample one character at a time from the last T characters.
  const r = rng(seed + 7);
  const temperature = o.temperature ?? 0.9;
  // A new header (a title and key no training tune has) so the tune body is the model's own.
  let text = PROMPT;
  const count = o.generate ?? sized(o, 160, 12);
  for (let i = 0; i < count; i++) {
    const window = [...text.slice(-T)].map((c) => index.get(c) ?? 0);
    const probsT = tidy(() => {
      const logits = model.predict(tensor([window], 'int32')) as Tensor; // [1, t, vocab]
      const last = logits.at(0, -1);
      return softmax(last.div(temperature));
    });
    const probs = await numbers(probsT);
    probsT.dispose();
    let u = r();
    let k = 0;
    while (k < probs.length - 1 && u >= probs[k]) u -= probs[k++];
    text += vocab[k];
  }
  log('generated tune:');
  log(text);
  const plot = await writePlot(o, 'music-loss', historyPlot(history, { title: 'ABC LSTM: training loss' }), log);
  if (o.out) {
    const { writeFile } = await import('node:fs/promises');
    const { join } = await import('node:path');
    await writeFile(join(o.out, 'music-generated.abc'), text + '\n');
    log(`  tune: ${join(o.out, 'music-generated.abc')}`);
  }
  x.dispose();
  y.dispose();
  model.dispose();
  return { vocabSize: vocab.length, windows: xs.length, epochs, loss, generated: text, plot };
}
