/**
 * One worker process per backend (forked by the runner): it starts one library on one backend, runs the
 * workloads it was given and reports each result over IPC. Separate processes keep the libraries from sharing
 * a heap, a JIT state or a crash: a backend that fails to start, throws, hangs or segfaults (Dawn can) costs only
 * its own cells.
 */
import type { Lib } from './adapters/adapter.js';
import { collectGarbage } from './measure.js';
import type { WorkerJob, WorkerMessage } from './types.js';
import { workloadById } from './workloads/index.js';

function send(msg: WorkerMessage): Promise<void> {
  return new Promise((resolve, reject) => {
    if (!process.send) {
      console.log(JSON.stringify(msg));
      resolve();
      return;
    }
    process.send(msg, undefined, {}, (err) => (err ? reject(err) : resolve()));
  });
}

/** The first line of an error, bounded: it ends up in a table footnote. */
function errorText(e: unknown): string {
  const raw = e instanceof Error ? `${e.message}` : String(e);
  const line = raw.split('\n').find((l) => l.trim() !== '') ?? raw;
  return line.length > 240 ? `${line.slice(0, 237)}...` : line;
}

async function open(job: WorkerJob): Promise<Lib<unknown>> {
  const b = job.backend;
  if (b === 'lab-cpu' || b === 'lab-wasm' || b === 'lab-webgpu') return (await import('./adapters/lab.js')).createLab(b);
  return (await import('./adapters/tfjs.js')).createTfjs(b);
}

async function main(): Promise<void> {
  const job = JSON.parse(process.argv[2] ?? '') as WorkerJob;
  let lib: Lib<unknown>;
  try {
    lib = await open(job);
  } catch (e) {
    await send({ type: 'unavailable', reason: errorText(e) });
    return;
  }
  await send({ type: 'ready', info: lib.info });
  for (const id of job.workloads) {
    await send({ type: 'start', workload: id });
    // For the tests: LAB_BENCH_FAULT=<backend>:<workload> kills this worker there, as a native crash would.
    if (process.env.LAB_BENCH_FAULT === `${job.backend}:${id}`) process.kill(process.pid, 'SIGKILL');
    try {
      const result = await workloadById(id).run(lib, job.measure);
      await send({ type: 'result', workload: id, result });
    } catch (e) {
      await send({ type: 'error', workload: id, message: errorText(e) });
    }
    collectGarbage();
  }
  try {
    await lib.close();
  } catch {
    // Closing is best effort: the process ends next anyway.
  }
  await send({ type: 'done' });
}

main().then(
  // Exit explicitly: a device or worker pool may keep the event loop alive.
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
