/**
 * The shared conformance kit against this backend on whatever adapter Dawn finds (SwiftShader on CI). Without
 * prewarm: the kit checks kernel results, which compile on first use either way, and prewarm costs 2-6 s per
 * backend on SwiftShader; the files' shared backend (helpers.ts) keeps the default and so runs the prewarm path.
 */
import { runConformance } from '@lab/backend-testkit';
import { createWebGPUPlugin } from '../src/index.js';

runConformance(createWebGPUPlugin({ prewarm: false }));
