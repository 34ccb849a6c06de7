/**
 * @lab/example-backend: ref64, a float64 reference backend written as an outsider would, against @lab/core's
 * public exports only. See README.md for the tutorial "Write your own backend in 30 minutes".
 *
 * ```ts
 * import { init } from '@lab/core';
 * import { ref64 } from '@lab/example-backend';
 * await init(ref64);
 * ```
 * @packageDocumentation
 */
import type { BackendPlugin } from '@lab/core';
import { Ref64Backend } from './ref64.js';

export { Ref64Backend } from './ref64.js';

/** The plugin: registered as `ref64`, priority 0 so that `init()` never picks it over a real backend. */
export const ref64: BackendPlugin = {
  name: 'ref64',
  priority: 0,
  create: () => new Ref64Backend(),
};
