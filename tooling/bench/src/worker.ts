/**
 * One worker process per backend (forked by the runner): it starts one library on one backend, reports whether
 * that worked, then runs the workloads the runner sends one at a time and reports each result over IPC.
 * Separate processes keep the libraries from sharing a heap, a JIT state or a crash: a backend that fails to
 * start, throws, hangs or segfaults (Dawn can) costs only its own cells.
 */
import type { Lib } from './adapters/adapter.js';
import { collectGarbage } from './measure.js';
import type { RunnerCommand, WorkerJob, WorkerMessage } from './types.js';
import { workloadById } from './workloads/index.js';
import { UnsupportedError } from './workloads/workload.js';

function send(msg: WorkerMessage): Promise<void> {
  return new Promise((resolve, reject) => {
    if (!process.send) throw new Error('worker.ts runs as a child of the runner (fork with an IPC channel)');
    process.send(msg, undefined, {}, (err) => (err ? reject(err) : resolve()));
  });
}

/** The first line of an error, bounded: it ends up in a table footnote. */
function errorText(e: unknown): string {
  const raw = e instanceof Error ? e.message : String(e);
  const line = raw.split('\n').find((l) => l.trim() !== '') ?? raw;
  return line.length > 240 ? `${line.slice(0, 237)}...` : line;
}

async function open(job: WorkerJob): Promise<Lib<unknown>> {
  const b = job.backend;
  if (b === 'lab-cpu' || b === 'lab-wasm' || b === 'lab-wasm-2t' || b === 'lab-wasm-jit' || b === 'lab-webgpu') return (await import('./adapters/lab.js')).createLab(b);
  if (b === 'jax-wasm') return (await import('./adapters/jax.js')).createJax(b);
  return (await import('./adapters/tfjs.js')).createTfjs(b);
}

async function runOne(job: WorkerJob, lib: Lib<unknown>, id: string): Promise<void> {
  await send({ type: 'start', workload: id });
  // For the tests: LAB_BENCH_FAULT=<backend>:<workload> kills this worker there, as a native crash would;
  // <backend>:<workload>:hang makes it hang there, as a deadlocked device would.
  const fault = process.env.LAB_BENCH_FAULT;
  if (fault === `${job.backend}:${id}`) process.kill(process.pid, 'SIGKILL');
  if (fault === `${job.backend}:${id}:hang`) await new Promise(() => setInterval(() => {}, 1000));
  try {
    const result = await workloadById(id).run(lib, job.measure);
    await send({ type: 'result', workload: id, result });
  } catch (e) {
    const unsupported = e instanceof UnsupportedError ? { unsupported: true, losses: e.losses } : {};
    await send({ type: 'error', workload: id, message: errorText(e), ...unsupported });
  }
  collectGarbage();
}

async function main(): Promise<void> {
  const job = JSON.parse(process.argv[2] ?? '') as WorkerJob;
  // The runner went away (it crashed or was interrupted): nothing to report to.
  process.on('disconnect', () => process.exit(0));
  let lib: Lib<unknown>;
  try {
    lib = await open(job);
  } catch (e) {
    await send({ type: 'unavailable', reason: errorText(e) });
    process.exit(0);
  }
  // Commands arrive one at a time (the runner waits for each result), but chain them anyway.
  let queue = Promise.resolve();
  process.on('message', (raw) => {
    const cmd = raw as RunnerCommand;
    queue = queue.then(async () => {
      if (cmd.type === 'run') await runOne(job, lib, cmd.workload);
      else {
        try {
          await lib.close();
        } finally {
          // Exit explicitly: a device or a worker pool may keep the event loop alive.
          process.exit(0);
        }
      }
    });
  });
  await send({ type: 'ready', info: lib.info });
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
