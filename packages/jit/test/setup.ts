import { beforeAll } from 'vitest';
import { init } from '@lab/core';
import { cpu } from '@lab/backend-cpu';

/** Every jit test runs on the cpu backend (the reference). */
export function useCpu(): void {
  beforeAll(async () => {
    await init(cpu);
  });
}
