/**
 * Synchronous reads of GPU buffers in browsers, through canvases.
 *
 * WebGPU maps buffers only asynchronously, but a browser can read a canvas synchronously: the buffer's bytes are
 * copied into the current texture of a canvas configured with the device (one `rgba8unorm` pixel per 4-byte
 * word), that canvas is drawn onto a 2D canvas (`drawImage` waits for the GPU), and `getImageData` returns the
 * pixels. Nothing here exists in Node (Dawn has no canvas), so there the backend stays asynchronous only.
 *
 * Exactness: alpha is where bytes get lost. Drawn with alpha premultiplication, a pixel's colour bytes are scaled
 * by its alpha and scaled back by `getImageData` (lossy, and zero alpha zeroes them). So every word is copied into
 * two canvases: one configured `alphaMode: 'opaque'`, whose colour bytes are drawn untouched (alpha is taken as
 * 255), and one `'premultiplied'`, whose alpha byte is kept as is (alpha is never scaled). The first gives bytes
 * 0-2 of each word, the second byte 3. bool words (0 or 1) need the first only. Both canvases use the sRGB colour
 * space of the 2D canvas, so no colour conversion touches the bytes.
 *
 * Limits: texture rows must be 256-byte aligned in the copy (64 pixels), and a canvas side is at most the
 * device's `maxTextureDimension2D`; a large buffer is read in chunks of at most `maxChunkWords` words, reusing
 * the same three canvases.
 */

// GPUTextureUsage values as literals (the module loads before Dawn's globals exist in Node).
const TEXTURE_COPY_DST = 0x02;
const TEXTURE_RENDER_ATTACHMENT = 0x10;
/** Pixels per row in the copy: `bytesPerRow` must be a multiple of 256. */
const ROW_ALIGN = 64;

type AnyCanvas = OffscreenCanvas | HTMLCanvasElement;
type Context2D = OffscreenCanvasRenderingContext2D | CanvasRenderingContext2D;

/** A canvas of this environment, or null where there is none (Node, Deno, workers without OffscreenCanvas). */
function makeCanvas(): AnyCanvas | null {
  if (typeof OffscreenCanvas !== 'undefined') return new OffscreenCanvas(1, 1);
  const doc = (globalThis as { document?: Document }).document;
  return doc ? doc.createElement('canvas') : null;
}

function webgpuContext(c: AnyCanvas): GPUCanvasContext | null {
  try {
    return (c.getContext as (id: 'webgpu') => GPUCanvasContext | null).call(c, 'webgpu');
  } catch {
    return null;
  }
}

function context2d(c: AnyCanvas): Context2D | null {
  try {
    // willReadFrequently keeps the 2D canvas in CPU memory: getImageData then copies nothing more from the GPU.
    return (c.getContext as (id: '2d', o: CanvasRenderingContext2DSettings) => Context2D | null).call(c, '2d', {
      willReadFrequently: true,
      colorSpace: 'srgb',
      alpha: true,
    });
  } catch {
    return null;
  }
}

function resize(c: AnyCanvas, width: number, height: number): void {
  // Assigning a size, even the same one, resets a canvas: only assign when it changes.
  if (c.width !== width) c.width = width;
  if (c.height !== height) c.height = height;
}

/** One canvas configured with the device in one alpha mode. */
interface GPUTarget {
  readonly canvas: AnyCanvas;
  readonly context: GPUCanvasContext;
  readonly alphaMode: GPUCanvasAlphaMode;
  device: GPUDevice | null;
}

/** How a buffer is read: the words' bytes, or (bool) only each word's low byte. */
export type CanvasReadMode = 'words' | 'lowByte';

/**
 * Reads GPU buffers synchronously through canvases (see the file comment). Create it with
 * {@link CanvasReader.create}, which returns null where the environment has no canvas with WebGPU.
 */
export class CanvasReader {
  private constructor(
    private readonly opaque: GPUTarget,
    private readonly alpha: GPUTarget,
    private readonly host: AnyCanvas,
    private readonly ctx2d: Context2D,
    private readonly maxChunkWords: number,
  ) {}

  /**
   * A reader, or null when this environment cannot read a canvas back (no OffscreenCanvas or document, or no
   * `webgpu` / `2d` canvas context). `maxChunkWords` bounds the words one pass moves (memory per pass: 8 bytes per
   * word across the canvases, plus the same for the pixels read).
   */
  static create(maxChunkWords = 4096 * 4096): CanvasReader | null {
    const a = makeCanvas();
    const b = makeCanvas();
    const h = makeCanvas();
    if (!a || !b || !h) return null;
    const ca = webgpuContext(a);
    const cb = webgpuContext(b);
    const c2 = context2d(h);
    if (!ca || !cb || !c2 || typeof c2.getImageData !== 'function') return null;
    return new CanvasReader(
      { canvas: a, context: ca, alphaMode: 'opaque', device: null },
      { canvas: b, context: cb, alphaMode: 'premultiplied', device: null },
      h,
      c2,
      Math.max(ROW_ALIGN, Math.floor(maxChunkWords)),
    );
  }

  /**
   * Copies `words` 4-byte words from the start of `buffer` (usage COPY_SRC) to the host, synchronously. Kernels
   * writing the buffer must be submitted before. Returns the bytes (`words * 4`, mode `words`) or each word's low
   * byte (`words` bytes, mode `lowByte`).
   */
  read(device: GPUDevice, buffer: GPUBuffer, words: number, mode: CanvasReadMode): Uint8Array {
    const out = new Uint8Array(mode === 'words' ? words * 4 : words);
    if (words === 0) return out;
    const maxSide = Math.max(ROW_ALIGN, device.limits.maxTextureDimension2D);
    const maxWidth = Math.min(4096, Math.floor(maxSide / ROW_ALIGN) * ROW_ALIGN, Math.floor(this.maxChunkWords / ROW_ALIGN) * ROW_ALIGN);
    const width = Math.min(maxWidth, Math.ceil(words / ROW_ALIGN) * ROW_ALIGN);
    // At most 4096 rows: the 2D canvas stacks two passes (8192 rows), well inside browsers' canvas limits.
    const maxRows = Math.max(1, Math.min(maxSide, 4096, Math.floor(this.maxChunkWords / width)));
    for (let start = 0; start < words; start += maxRows * width) {
      const count = Math.min(maxRows * width, words - start);
      this.readChunk(device, buffer, start, count, width, mode, out);
    }
    return out;
  }

  private readChunk(device: GPUDevice, buffer: GPUBuffer, start: number, count: number, width: number, mode: CanvasReadMode, out: Uint8Array): void {
    const rows = Math.ceil(count / width);
    const targets = mode === 'words' ? [this.opaque, this.alpha] : [this.opaque];
    const encoder = device.createCommandEncoder({ label: 'lab readSync' });
    for (const t of targets) {
      this.prepare(t, device, width, rows);
      const texture = t.context.getCurrentTexture();
      const full = Math.floor(count / width);
      // Whole rows in one copy; the last, partial row in a second (the source buffer may end inside it).
      if (full > 0) {
        encoder.copyBufferToTexture(
          { buffer, offset: start * 4, bytesPerRow: width * 4, rowsPerImage: full },
          { texture },
          { width, height: full },
        );
      }
      const rest = count - full * width;
      if (rest > 0) {
        encoder.copyBufferToTexture(
          { buffer, offset: (start + full * width) * 4, bytesPerRow: width * 4 },
          { texture, origin: { x: 0, y: full } },
          { width: rest, height: 1 },
        );
      }
    }
    device.queue.submit([encoder.finish()]);
    // Both canvases drawn one above the other, then one getImageData: every getImageData waits for the GPU (a
    // round trip through the GPU process), so one read instead of two halves the wait.
    resize(this.host, width, rows * targets.length);
    const g = this.ctx2d;
    g.globalCompositeOperation = 'source-over';
    g.clearRect(0, 0, width, rows * targets.length);
    // Over transparent pixels, source-over gives the source: the opaque canvas's colour bytes and the
    // premultiplied canvas's alpha bytes, exactly.
    targets.forEach((t, k) => g.drawImage(t.canvas, 0, k * rows));
    const px = g.getImageData(0, 0, width, rows * targets.length).data;
    if (mode === 'lowByte') {
      for (let i = 0; i < count; i++) out[start + i] = px[i * 4];
      return;
    }
    // Whole pixels as words (little-endian, as every WebGPU platform is): bytes 0-2 from the opaque canvas (rows
    // 0..rows-1), byte 3 from the premultiplied one (rows rows..2*rows-1).
    const rgb = new Uint32Array(px.buffer, px.byteOffset, count);
    const alpha = new Uint32Array(px.buffer, px.byteOffset + rows * width * 4, count);
    const dst = new Uint32Array(out.buffer, start * 4, count);
    for (let i = 0; i < count; i++) dst[i] = (rgb[i] & 0x00ffffff) | (alpha[i] & 0xff000000);
  }

  /** Sizes a target's canvas and (re)configures it for `device` when the device changed. */
  private prepare(t: GPUTarget, device: GPUDevice, width: number, height: number): void {
    resize(t.canvas, width, height);
    if (t.device === device) return;
    t.context.configure({
      device,
      format: 'rgba8unorm',
      usage: TEXTURE_COPY_DST | TEXTURE_RENDER_ATTACHMENT,
      alphaMode: t.alphaMode,
      colorSpace: 'srgb',
    });
    t.device = device;
  }

  /** Releases the canvases' textures. */
  dispose(): void {
    for (const t of [this.opaque, this.alpha]) {
      if (t.device) t.context.unconfigure();
      t.device = null;
    }
  }
}

/** The probe's verdict, once per page: does a canvas give back the exact bytes here? */
let verdict: Promise<boolean> | null = null;

/** Bytes of the probe pattern: 256 words whose four byte positions each take all 256 values. */
function probePattern(): Uint8Array {
  const bytes = new Uint8Array(256 * 4);
  for (let i = 0; i < 256; i++) {
    bytes[i * 4] = i;
    bytes[i * 4 + 1] = 255 - i;
    bytes[i * 4 + 2] = (i * 7 + 3) & 255;
    bytes[i * 4 + 3] = (i * 13 + 5) & 255;
  }
  return bytes;
}

/**
 * Reads a known pattern through the canvases on a throwaway device. A browser whose compositor cannot share a
 * WebGPU canvas (headless Chromium with its default GL compositor on SwiftShader) draws it blank and then loses
 * every device of the page (measured: "Device was destroyed" on all of them; a device requested afterwards works).
 * So the probe runs before the backend requests its own device, and after a failure it waits for that loss.
 */
async function probe(gpu: GPU): Promise<boolean> {
  const adapter = await gpu.requestAdapter();
  if (!adapter) return false;
  const device = await adapter.requestDevice({ label: 'lab readSync probe' });
  let ok = false;
  const reader = CanvasReader.create();
  try {
    if (reader) {
      const want = probePattern();
      const buffer = device.createBuffer({ size: want.byteLength, usage: 0x0004 | 0x0008, label: 'lab readSync probe' }); // COPY_SRC | COPY_DST
      device.queue.writeBuffer(buffer, 0, want.buffer);
      const got = reader.read(device, buffer, 256, 'words');
      ok = got.every((b, i) => b === want[i]);
      buffer.destroy();
    }
  } catch {
    ok = false;
  }
  reader?.dispose();
  if (!ok && reader) {
    // Let the loss happen, then wait until the page gets adapters again (it answers null for a moment).
    await Promise.race([device.lost, sleep(3000)]);
    device.destroy();
    for (let waited = 0; waited < 5000 && !(await gpu.requestAdapter()); waited += 100) await sleep(100);
  }
  device.destroy();
  return ok;
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/**
 * A canvas reader, or null where synchronous reads cannot work: no canvas with WebGPU (Node, Deno), or a browser
 * whose canvases do not give the bytes back exactly. Call it before requesting the backend's device (see
 * {@link probe}); `probeNow` false only reuses an earlier verdict of this page (for a device the caller owns,
 * which a failing probe would take down with it).
 */
export async function canvasReaderFor(gpu: GPU | null, probeNow: boolean, maxChunkWords?: number): Promise<CanvasReader | null> {
  // No canvas at all (Node, also with navigator.gpu installed from Dawn): nothing to probe.
  if (!gpu || (typeof OffscreenCanvas === 'undefined' && !(globalThis as { document?: unknown }).document)) return null;
  if (!verdict && !probeNow) return null;
  verdict ??= probe(gpu).catch(() => false);
  return (await verdict) ? CanvasReader.create(maxChunkWords) : null;
}

/** A canvas reader without the probe, for callers who know the canvases work (option `syncRead: true`). */
export function canvasReaderUnchecked(maxChunkWords?: number): CanvasReader | null {
  return CanvasReader.create(maxChunkWords);
}
