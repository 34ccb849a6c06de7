/**
 * The body of every worker thread. It is sent as source text (`String(workerMain)`), so it must be
 * self-contained: no imports, no outer variables; the numbers below mirror protocol.ts.
 *
 * A worker instantiates the kernels over the shared memory, then loops: wait for the generation counter to move
 * (a short spin first, because tasks come in bursts), run its slice of the task, decrement the pending count and
 * wake the caller when it is the last one.
 */
export function workerMain(): void {
  interface Init {
    module: WebAssembly.Module;
    memory: WebAssembly.Memory;
    control: SharedArrayBuffer;
    id: number;
    names: string[];
    argsByte: number;
    maxArgs: number;
  }
  interface WT {
    parentPort: { once(ev: 'message', fn: (m: Init) => void): void; postMessage(m: unknown): void };
  }
  const g = globalThis as unknown as {
    process?: { versions?: { node?: string }; getBuiltinModule?: (n: string) => unknown };
    postMessage(m: unknown): void;
    onmessage: ((e: { data: Init }) => void) | null;
  };
  const wt = g.process?.versions?.node ? (g.process.getBuiltinModule!('node:worker_threads') as WT) : undefined;
  const post = (m: unknown): void => (wt ? wt.parentPort.postMessage(m) : g.postMessage(m));

  const start = (init: Init): void => {
    const inst = new WebAssembly.Instance(init.module, { env: { memory: init.memory } });
    const ex = inst.exports as Record<string, (...a: number[]) => void>;
    const fns = init.names.map((n) => ex[n]);
    const ctl = new Int32Array(init.control);
    const args = new Float64Array(init.control, init.argsByte, init.maxArgs);
    const a: number[] = [];
    // read the generation before saying ready: the caller publishes the first task only after every 'ready', so
    // a task can never slip in between (reading it afterwards could skip that task and deadlock the caller)
    let seen = Atomics.load(ctl, 0);
    post('ready');
    for (;;) {
      let spins = 0;
      while (Atomics.load(ctl, 0) === seen) {
        if (++spins > 20000) {
          Atomics.wait(ctl, 0, seen);
          spins = 0;
        }
      }
      seen = Atomics.load(ctl, 0);
      if (ctl[6] === 1) return;
      const n = ctl[3];
      a.length = n;
      for (let i = 0; i < n; i++) a[i] = args[i];
      const base = 16 + 3 * init.id;
      const r = ctl[4];
      a[r] = ctl[base];
      a[r + 1] = ctl[base + 1];
      if (ctl[5] >= 0) a[ctl[5]] = ctl[base + 2];
      try {
        if (a[r] < a[r + 1]) fns[ctl[2]](...a);
      } catch {
        Atomics.store(ctl, 7, 1);
      }
      if (Atomics.sub(ctl, 1, 1) === 1) Atomics.notify(ctl, 1);
    }
  };
  if (wt) wt.parentPort.once('message', start);
  else {
    g.onmessage = (e) => {
      g.onmessage = null;
      start(e.data);
    };
  }
}
