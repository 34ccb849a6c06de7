// The whole suite against the kit's own pure-JS fixture backend: every case must pass (or skip), which checks
// the cases' wiring, layouts and reference plumbing end to end.
import { runConformance } from '../src/index.js';
import { referencePlugin } from './fixtures/reference-backend.js';

// The 1e5-element cases are left to the real backends' runs: they only repeat the plumbing at a slower pace here.
runConformance(referencePlugin, { name: 'fixture (reference) backend conformance', skip: ['100001', '200002'] });
