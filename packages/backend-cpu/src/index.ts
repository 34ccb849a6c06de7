/**
 * @lab/backend-cpu: the CPU backend of lab, every kernel of the backend contract in pure TypeScript on typed
 * arrays. Importing it registers nothing: pass {@link cpu} to `init`.
 *
 * ```ts
 * import { init } from '@lab/core';
 * import { cpu } from '@lab/backend-cpu';
 * await init(cpu);
 * ```
 * @packageDocumentation
 */
import type { BackendPlugin } from '@lab/core';
import { CpuBackend } from './cpu-backend.js';

export { CpuBackend, CpuData } from './cpu-backend.js';

/** The CPU backend plugin: name `cpu`, priority 1 (any accelerated backend that starts wins over it). */
export const cpu: BackendPlugin = {
  name: 'cpu',
  priority: 1,
  create: () => new CpuBackend(),
};
