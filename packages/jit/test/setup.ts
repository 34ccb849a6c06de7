import { beforeAll } from 'vitest';
import { init } from '@lab/core';
import { cpu } from '@lab/backend-cpu';

/** Every jit test runs on the cpu backend (the reference). */
export function useCpu(): void {
  beforeAll(async () => {
    await init(cpu);
  });
}

/** The wasm backend (one thread unless `threads` says otherwise), registered as the only backend for the file. */
export function useWasm(threads = 1): void {
  beforeAll(async () => {
    const { createWasmPlugin } = await import('@lab/backend-wasm');
    await init(createWasmPlugin({ threads }));
  });
}
