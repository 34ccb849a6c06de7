/**
 * The page side of the curriculum page test (bundled by ./session.ts, loaded by ./page.html): starts cpu (for the
 * dtypes WebGPU lacks: strings, float16, float64) and WebGPU on `navigator.gpu`, selects WebGPU, and runs the
 * sections of ./programs.ts on request. The programs print with `console.log`; the page records those lines too
 * (and still forwards them to the console), so Node gets them in order with the call's result.
 */
import { backendInstance, getBackend, init, memory, setBackend } from '@lab/core';
import { cpu } from '@lab/backend-cpu';
import { webgpu } from '@lab/backend-webgpu';
import { PROGRAMS } from './programs.js';
import type { CurriculumPageApi, SectionName, SectionRun } from './protocol.js';

const started = (async () => {
  await init(cpu);
  await init(webgpu);
  setBackend('webgpu');
})();

const api: CurriculumPageApi = {
  async info() {
    await started;
    const d = backendInstance().descriptor;
    return { backend: getBackend(), syncRead: d.syncRead, userAgent: navigator.userAgent };
  },

  async run(name: SectionName): Promise<SectionRun> {
    await started;
    setBackend('webgpu');
    const lines: string[] = [];
    const original = console.log;
    console.log = (...args: unknown[]) => {
      lines.push(...args.map(String).join(' ').split('\n'));
      original.apply(console, args);
    };
    const before = memory().numTensors;
    const t0 = performance.now();
    try {
      PROGRAMS[name]();
      return { lines, error: null, ms: performance.now() - t0, leakedTensors: memory().numTensors - before };
    } catch (e) {
      const err = e instanceof Error ? `${e.message}\n${e.stack ?? ''}` : String(e);
      return { lines, error: err, ms: performance.now() - t0, leakedTensors: memory().numTensors - before };
    } finally {
      console.log = original;
    }
  },
};

(globalThis as unknown as { labCurriculum: CurriculumPageApi }).labCurriculum = api;
started.then(
  () => (document.title = 'lab curriculum: ready'),
  (e: unknown) => {
    document.title = 'lab curriculum: failed';
    console.error(`lab curriculum page: the backends did not start: ${e instanceof Error ? e.message : String(e)}`);
  },
);
