import { useBackend } from '../src/lib/backends.js';
import { pointsOverLine, quadraticFit } from '../src/samples/c4-networks.js';
await useBackend('cpu');
await pointsOverLine({ out: '/tmp/c4out', log: () => {} });
await quadraticFit({ out: '/tmp/c4out', log: () => {}, steps: 200, epochs: 20 });
