import { useBackend } from '../src/lib/backends.js';
await useBackend('cpu');
const { main } = await import('../src/samples/c3-sudoku.js');
const t = Date.now();
const r = main();
console.log(Date.now() - t, r);
