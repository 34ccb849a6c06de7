/** Every trainer, by CLI name, loaded on demand. */
import type { SampleOptions } from '../lib/sample.js';

/** A trainer: what it shows, and its `main`. */
export interface Trainer {
  /** One line for `--help`. */
  summary: string;
  /** Loads the module and runs its `main`. */
  run(options: SampleOptions): Promise<unknown>;
}

/** The trainers, in curriculum order. */
export const TRAINERS: Record<string, Trainer> = {
  'c1-tensors': { summary: 'C1: tensors, ranks, shapes, slicing, arithmetic, softmax, backends', run: async (o) => (await import('./c1-tensors.js')).main(o) },
  'c2-kinds': { summary: 'C2: constants and Variables of every dtype, tracked variables, linear fit, training step, gradients', run: async (o) => (await import('./c2-kinds.js')).main(o) },
  'c3-eager': { summary: 'C3: eager execution, Variables that copy and assign, interop, Sudoku with tensor ops', run: async (o) => (await import('./c3-eager.js')).main(o) },
  'c4-networks': { summary: 'C4: perceptron, line classifier, linear regression, traced function, module save/load, quadratic fit', run: async (o) => (await import('./c4-networks.js')).main(o) },
  'c5-quiz': { summary: 'C5: the quiz facts, the diabetes softmax example (gradients and Jacobians), the activations figure', run: async (o) => (await import('./c5-quiz.js')).main(o) },
  digits: { summary: '8x8 synthetic digit classifier: history, confusion matrix, sample predictions, weights', run: async (o) => (await import('./digits.js')).main(o) },
  spiral: { summary: 'three-arm spiral classifier with its decision regions', run: async (o) => (await import('./spiral.js')).main(o) },
  mnist: { summary: 'the Keras MNIST convnet on 10,000 real digits: history, confusion matrix, misclassified digits, filters', run: async (o) => (await import('./mnist.js')).main(o) },
  music: { summary: 'character-level LSTM on ABC-notation tunes; generates a new tune', run: async (o) => (await import('./music.js')).main(o) },
  showcase: { summary: 'the demo: spiral and digits with live progress, plots written to the output folder', run: async (o) => (await import('./showcase.js')).main(o) },
};
