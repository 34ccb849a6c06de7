/**
 * The body of every worker thread. It is sent as source text (`String(workerMain)`), so it must be
 * self-contained: no imports, no outer variables; the numbers below mirror protocol.ts.
 *
 * A worker instantiates the kernels over the shared memory, then loops: wait for the generation counter to move
 * (polling for a bounded time first, because tasks come in bursts), then claim chunks of the task by
 * compare-and-swap on the tagged chunk counter (CTL.NEXT) until none are left, counting each finished chunk and
 * waking the caller after the last. A claim whose tag is not this task's fails, so a worker that woke late never runs a chunk of a task
 * that ended, nor one whose arguments it read half-written.
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
    let spinUs = ctl[13];
    post('ready');
    for (;;) {
      // Stay awake for a while after a task: inside a training step the next split kernel usually comes within
      // a few hundred microseconds, and a polling worker starts on it at once, where a parked one costs a futex
      // wake-up (tens of microseconds, more when the core has gone idle). The window is measured from the end of
      // the last task and checked on the clock every 256 polls (about a microsecond), so an idle process stops
      // burning a core that long after its last kernel. It is CTL.SPIN_US (13) while tasks come within that long
      // of each other; after each longer idle spell the next window is half as long (down to a sixteenth), so
      // kernels that come rarely (one per animation frame) soon cost almost no polling. A gap of more than 50 us
      // between two checks means the OS took the core away for someone else: the machine is loaded, and polling
      // there only takes time from the thread that feeds this one (and from other processes), so the worker
      // parks at once. Parked workers are counted in CTL.SLEEPING (12), parkings in CTL.PARKS (14).
      const idleSince = performance.now();
      let last = idleSince;
      let spins = 0;
      while (Atomics.load(ctl, 0) === seen) {
        if (++spins < 256) continue;
        spins = 0;
        const now = performance.now();
        if (now - last < 0.05 && (now - idleSince) * 1000 < spinUs) {
          last = now;
          continue;
        }
        Atomics.add(ctl, 12, 1);
        Atomics.add(ctl, 14, 1);
        Atomics.wait(ctl, 0, seen);
        Atomics.sub(ctl, 12, 1);
        last = performance.now();
      }
      spinUs = (performance.now() - idleSince) * 1000 <= ctl[13] ? ctl[13] : Math.max(ctl[13] / 16, spinUs / 2);
      seen = Atomics.load(ctl, 0);
      if (ctl[6] === 1) return;
      const n = ctl[3];
      a.length = n;
      for (let i = 0; i < n; i++) a[i] = args[i];
      const r = ctl[4];
      const w = ctl[5];
      const fn = fns[ctl[2]];
      // CTL.NEXT (8) holds (GEN & 0x1ffff) << 14 | next chunk; DONE 9, CHUNKS 10, SCRATCH_BY_CHUNK 11,
      // scratch pointers from 16, chunk bounds from 80 (protocol.ts)
      const tag = (seen & 0x1ffff) << 14;
      for (;;) {
        const v = Atomics.load(ctl, 8);
        const c = v - tag;
        // another task's tag gives c < 0 or c >= 2^14; both end the claims. Reading CHUNKS and the bounds before
        // the swap is safe: the swap fails if the task changed in between.
        if (c < 0 || c >= ctl[10]) break;
        if (Atomics.compareExchange(ctl, 8, v, v + 1) !== v) continue;
        a[r] = ctl[80 + c];
        a[r + 1] = ctl[81 + c];
        if (w >= 0) a[w] = ctl[16 + (ctl[11] === 1 ? c : init.id)];
        try {
          if (a[r] < a[r + 1]) fn(...a);
        } catch {
          Atomics.store(ctl, 7, 1);
        }
        if (Atomics.add(ctl, 9, 1) + 1 === ctl[10]) Atomics.notify(ctl, 9);
      }
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
