/**
 * The notebook kernel: runs TypeScript cells one after another with shared top-level names (like Jupyter),
 * top-level `await`, imports from a module map, and the cell's output captured (print, console, display, fit
 * progress, errors with the cell line). Browser-safe: no Node built-ins.
 */
import { captureConsole } from './capture.js';
import { displayOutput, type SvgRenderer } from './display.js';
import { cellLineOf } from './error-line.js';
import { printText } from './format.js';
import { FitProgress } from './progress.js';
import { rewriteCell } from './rewrite.js';
import { CellSyntaxError, transpileCell } from './transpile.js';
import type { CellOutput, CellRun } from './types.js';

/** Options of {@link Kernel}. */
export interface KernelOptions {
  /** What `import ... from '<name>'` gives in a cell: module name to module namespace (see `labModules()`). */
  modules: Record<string, Record<string, unknown>>;
}

/** What the cell function receives as `__nb` (the names a rewritten cell refers to). */
interface CellContext {
  scope: Record<string, unknown>;
  import(name: string): Record<string, unknown>;
  importAsync(name: string): Promise<Record<string, unknown>>;
}

/** Where a cell's `print` and `display` send their outputs. */
interface CellIO {
  print: (...values: unknown[]) => Promise<void>;
  display: (value: unknown) => Promise<void>;
}

type CellFunction = (nb: CellContext, print: (...v: unknown[]) => Promise<void>, display: (v: unknown) => Promise<void>) => Promise<void>;

let runs = 0;

/**
 * Runs notebook cells. Top-level declarations and imports of a cell live on, for later cells, until
 * {@link Kernel.reset}; runs are queued, one at a time.
 * @example
 * ```ts
 * const kernel = new Kernel({ modules: labModules() });
 * await kernel.run("import { tensor } from '@lab/core';\nconst x = tensor([1, 2]);");
 * (await kernel.run('print(x.mul(2))')).outputs; // [{ kind: 'text', text: 'lab.Tensor([2. 4.], shape=(2,), dtype=float32)' }]
 * ```
 */
export class Kernel {
  private scope: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly modules: Record<string, Record<string, unknown>>;
  /** The running cell's output functions: code defined in one cell and called from a later one prints there. */
  private active: CellIO | null = null;
  private readonly print = (...values: unknown[]): Promise<void> =>
    this.active ? this.active.print(...values) : printText(...values).then((text) => console.log(text));
  private readonly display = (value: unknown): Promise<void> =>
    this.active ? this.active.display(value) : Promise.resolve(console.log(value));

  /** @param options - the module map cells import from. A new kernel starts a fresh session (see {@link Kernel.reset}). */
  constructor(options: KernelOptions) {
    this.modules = options.modules;
    this.reset();
  }

  /**
   * Forgets every shared name (imports included), as a restarted Jupyter kernel does; layer names start again at
   * `dense` (`@lab/layers`' `clearSession`, process-wide: layer names are Keras's global counters).
   */
  reset(): void {
    this.scope = Object.create(null) as Record<string, unknown>;
    const clearSession = this.modules['@lab/layers']?.clearSession;
    if (typeof clearSession === 'function') (clearSession as () => void)();
  }

  /**
   * Runs one cell.
   * @param source - the cell's TypeScript.
   * @param onOutput - called with each output as it happens (a 'progress' output replaces the earlier one with its key).
   * @returns the outputs, whether the cell finished without an error, and its time.
   */
  run(source: string, onOutput?: (o: CellOutput) => void): Promise<CellRun> {
    const result = this.queue.then(() => this.execute(source, onOutput));
    this.queue = result.catch(() => undefined);
    return result;
  }

  private importModule(name: string): Record<string, unknown> {
    const mod = this.modules[name];
    if (!mod) throw new Error(`import: the notebook kernel has no module '${name}'; it provides ${Object.keys(this.modules).join(', ')}`);
    return mod;
  }

  private async execute(source: string, onOutput?: (o: CellOutput) => void): Promise<CellRun> {
    const t0 = performance.now();
    const outputs: CellOutput[] = [];
    const emit = (o: CellOutput) => {
      const at = o.kind === 'progress' ? outputs.findIndex((p) => p.kind === 'progress' && p.key === o.key) : -1;
      if (at >= 0) outputs[at] = o;
      else outputs.push(o);
      if (onOutput) capture.bypass(() => onOutput(o));
    };
    // Outputs keep the order of the calls that made them: `print(x)` need not be awaited (it reads the tensor
    // asynchronously), so every output, console lines too, goes through one chain, which the run awaits at the end.
    let chain: Promise<unknown> = Promise.resolve();
    let unawaitedError: unknown;
    const inOrder = (make: () => CellOutput | Promise<CellOutput>): Promise<void> => {
      const done = chain.then(make).then(emit);
      chain = done.catch((e: unknown) => {
        unawaitedError ??= e;
      });
      // The caller may not await: the failure is reported through `unawaitedError` instead of an unhandled rejection.
      done.catch(() => undefined);
      return done;
    };
    const progress = new FitProgress();
    const capture = captureConsole(
      (text, stream) => void inOrder(() => (stream === 'stderr' ? { kind: 'text', text, stream } : (progress.accept(text) ?? { kind: 'text', text }))),
    );
    const url = `lab-notebook-cell-${++runs}.js`;
    let ok = true;
    const fail = (e: unknown) => {
      ok = false;
      const line = e instanceof CellSyntaxError ? e.line : cellLineOf(e, url);
      const message = e instanceof Error ? e.message : String(e);
      emit(line === undefined ? { kind: 'error', message } : { kind: 'error', message, line });
    };
    try {
      const fn = this.compile(source, url);
      const toSVG = this.modules['@lab/viz']?.toSVG as SvgRenderer | undefined;
      this.active = {
        print: (...values) => inOrder(async () => ({ kind: 'text', text: await printText(...values) })),
        display: (value) => inOrder(() => displayOutput(value, toSVG)),
      };
      await fn(
        {
          scope: this.scope,
          import: (name) => this.importModule(name),
          importAsync: (name) => Promise.resolve().then(() => this.importModule(name)),
        },
        this.print,
        this.display,
      );
      await chain;
      if (unawaitedError !== undefined) fail(unawaitedError);
    } catch (e) {
      await chain;
      fail(e);
    } finally {
      this.active = null;
      capture.restore();
    }
    // A fit stopped by an error (or early stopping) leaves its display as it was: mark it finished.
    for (const o of [...outputs]) if (o.kind === 'progress' && !o.done) emit({ ...o, done: true });
    return { outputs, ok, ms: performance.now() - t0 };
  }

  /** Transpiles and rewrites a cell, declares its names on the scope, and evaluates it to a function. */
  private compile(source: string, url: string): CellFunction {
    const cell = rewriteCell(transpileCell(source));
    // A name must exist on the scope before the cell assigns it, or the assignment would create a global.
    for (const name of cell.names) if (!(name in this.scope)) this.scope[name] = undefined;
    const exportFunctions = cell.functions.map((f) => `__nb.scope[${JSON.stringify(f)}] = ${f};`).join(' ');
    // Sloppy-mode function so that `with` can route the top-level names to the scope; one header line (WRAPPER_LINES).
    const code = `(async function (__nb, print, display) { with (__nb.scope) { ${exportFunctions}\n${cell.body}\n} })\n//# sourceURL=${url}`;
    // Indirect eval: global scope, and the sourceURL names the code in stack traces. A member call, because
    // bundlers inline a `const evaluate = eval` alias into a direct (strict, `with`-refusing) eval.
    return globalThis.eval(code) as CellFunction;
  }
}
