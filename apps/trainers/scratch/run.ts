import { useBackend } from '../src/lib/backends.js';
const name = process.argv[2];
await useBackend((process.argv[3] ?? 'cpu') as 'cpu');
const mod = await import(`../src/samples/${name}.ts`);
const t = Date.now();
const r = await mod.main({ out: process.env.OUT ?? null, progress: true });
console.log(JSON.stringify(r, (k, v) => (Array.isArray(v) && v.length > 12 ? `[${v.length} items]` : v)).slice(0, 3000));
console.log('ms', Date.now() - t);
