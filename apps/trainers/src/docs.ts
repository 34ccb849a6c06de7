/** Writes the figures the project's README shows: `pnpm --filter @lab/trainers docs` -> docs/activations.png. */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { savePlot } from '@lab/viz';
import { useBackend } from './lib/backends.js';
import { activations, activationsFigure } from './samples/c5-quiz.js';

const docs = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../../docs');

await useBackend('cpu');
const path = await savePlot(activationsFigure(await activations()), resolve(docs, 'activations.png'));
console.log(`wrote ${path}`);
