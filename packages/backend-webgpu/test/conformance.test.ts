/**
 * The shared conformance kit against this backend on whatever adapter Dawn finds (SwiftShader on CI).
 */
import { runConformance } from '@lab/backend-testkit';
import { webgpu } from '../src/index.js';

runConformance(webgpu);
