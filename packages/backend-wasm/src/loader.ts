/**
 * Finds, fetches and compiles lab-kernels.wasm.
 *
 * Order: an explicit `wasmBinary`, an explicit `wasmPath`, the copy embedded into the published JS at build time
 * (tsup defines `__LAB_WASM_BASE64__`: one file that works for ESM, CJS and every bundler without asset rules),
 * and last the file in ../build next to this module (how tests and source checkouts run).
 */

declare const __LAB_WASM_BASE64__: string | undefined;

/** Where the kernels come from; both fields are optional overrides (e.g. for a CDN). */
export interface WasmSource {
  /** URL or file path of lab-kernels.wasm. */
  wasmPath?: string | URL;
  /** The bytes of lab-kernels.wasm (or a compiled module). */
  wasmBinary?: ArrayBuffer | Uint8Array | WebAssembly.Module;
}

// A variable, not a literal, so bundlers do not try to emit the asset: the built JS embeds it instead.
const WASM_FILE = '../build/lab-kernels.wasm';

interface NodeFs {
  readFileSync(path: string | URL): Uint8Array;
}

interface NodeProcess {
  versions?: { node?: string };
  getBuiltinModule?: (name: string) => unknown;
}

/** Node's `fs`, reached without an import statement so browser bundles never see one. */
export function nodeBuiltin<T>(name: string): T | undefined {
  const proc = (globalThis as { process?: NodeProcess }).process;
  if (!proc?.versions?.node || typeof proc.getBuiltinModule !== 'function') return undefined;
  return proc.getBuiltinModule(name) as T | undefined;
}

function decodeBase64(s: string): Uint8Array {
  const bin = atob(s);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

async function readUrl(url: URL | string): Promise<Uint8Array> {
  const u = typeof url === 'string' && !/^[a-z]+:/i.test(url) ? null : new URL(url);
  if (u === null || u.protocol === 'file:') {
    const fs = nodeBuiltin<NodeFs>('node:fs');
    if (!fs) throw new Error(`wasm: cannot read ${String(url)}: no file system here; pass wasmBinary or an http(s) wasmPath`);
    try {
      return fs.readFileSync(u ?? url);
    } catch (e) {
      throw new Error(
        `wasm: cannot read lab-kernels.wasm at ${String(u ?? url)} (${(e as Error).message}). ` +
          'Build it with `pnpm --filter @lab/backend-wasm build:wasm`, or pass wasm({ wasmPath | wasmBinary }).',
      );
    }
  }
  const res = await fetch(u);
  if (!res.ok) throw new Error(`wasm: fetching ${u.href} failed: HTTP ${res.status}`);
  return new Uint8Array(await res.arrayBuffer());
}

/** The raw bytes of lab-kernels.wasm from the first source available. */
export async function loadKernelBytes(src: WasmSource = {}): Promise<Uint8Array> {
  const bin = src.wasmBinary;
  if (bin instanceof Uint8Array) return bin;
  if (bin instanceof ArrayBuffer) return new Uint8Array(bin);
  if (src.wasmPath !== undefined) return readUrl(src.wasmPath);
  if (typeof __LAB_WASM_BASE64__ === 'string') return decodeBase64(__LAB_WASM_BASE64__);
  return readUrl(new URL(WASM_FILE, import.meta.url));
}

function readLeb(bytes: Uint8Array, pos: number): [value: number, next: number] {
  let result = 0;
  let shift = 0;
  for (;;) {
    const b = bytes[pos++];
    result += (b & 0x7f) * 2 ** shift;
    shift += 7;
    if ((b & 0x80) === 0) return [result, pos];
  }
}

/**
 * Sets or clears the `shared` flag of the imported memory in place. The kernels are compiled once, against a
 * shared memory; without threads (or where SharedArrayBuffer is unavailable) the same binary is used with an
 * ordinary memory. The flag is one byte of the import entry (0x03 shared+max, 0x01 max), so sizes do not change.
 */
export function setSharedMemoryFlag(bytes: Uint8Array, shared: boolean): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(bytes); // a private, unshared copy
  let pos = 8;
  while (pos < out.length) {
    const id = out[pos++];
    const [size, body] = readLeb(out, pos);
    if (id === 2) {
      let [count, p] = readLeb(out, body);
      while (count-- > 0) {
        let len: number;
        [len, p] = readLeb(out, p);
        p += len;
        [len, p] = readLeb(out, p);
        p += len;
        const kind = out[p++];
        if (kind === 0x02) {
          if (out[p] !== 0x01 && out[p] !== 0x03) throw new Error('wasm: the kernel module must declare a memory maximum');
          out[p] = shared ? 0x03 : 0x01;
          return out;
        }
        // skip other import descriptors: func (typeidx), table (reftype + limits), global (type + mut)
        if (kind === 0x00) [, p] = readLeb(out, p);
        else if (kind === 0x01) {
          p++;
          const flags = out[p++];
          [, p] = readLeb(out, p);
          if (flags & 1) [, p] = readLeb(out, p);
        } else if (kind === 0x03) p += 2;
      }
      throw new Error('wasm: the kernel module does not import its memory');
    }
    pos = body + size;
  }
  throw new Error('wasm: the kernel module has no import section');
}

/** Compiles the kernels for a shared (threads) or ordinary memory. */
export async function compileKernels(src: WasmSource, shared: boolean): Promise<WebAssembly.Module> {
  if (src.wasmBinary instanceof WebAssembly.Module) return src.wasmBinary;
  const bytes = await loadKernelBytes(src);
  return WebAssembly.compile(setSharedMemoryFlag(bytes, shared));
}
