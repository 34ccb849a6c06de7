/**
 * The drawing pad: white ink on black with mouse, pen or touch (pointer events), and the 28x28 preview of what the
 * model sees (centreDigit). Calls `onChange` with the 28x28 image at most once per frame while drawing.
 */
import { centreDigit, inkOf, SIDE } from './centre.js';
import { h } from '../ui/dom.js';

/** Pixels of the pad's canvas (drawn at this resolution whatever its CSS size). */
export const PAD = 280;
const STROKE = 20;

export class DrawingPad {
  /** The pad's canvas (the test paints into it too). */
  readonly canvas = h('canvas', { class: 'pad', width: PAD, height: PAD, 'data-testid': 'pad' });
  /** The 28x28 image the model sees, enlarged. */
  readonly preview = h('canvas', { class: 'digit-preview', width: SIDE, height: SIDE, 'data-testid': 'pad-preview' });
  /** The last 28x28 input (values in [0, 1]). */
  input: Float32Array = new Float32Array(SIDE * SIDE);
  private readonly ctx: CanvasRenderingContext2D;
  private last: { x: number; y: number } | null = null;
  private pending = false;

  constructor(private readonly onChange: (input: Float32Array) => void) {
    this.ctx = this.canvas.getContext('2d', { willReadFrequently: true })!;
    this.clear();
    this.canvas.addEventListener('pointerdown', (e) => {
      this.canvas.setPointerCapture(e.pointerId);
      this.last = this.at(e);
      this.stroke(this.last, this.last);
    });
    this.canvas.addEventListener('pointermove', (e) => {
      if (!this.last) return;
      // Coalesced events: every point the pointer went through since the last frame, for smooth fast strokes.
      for (const ev of e.getCoalescedEvents?.() ?? [e]) {
        const p = this.at(ev);
        this.stroke(this.last, p);
        this.last = p;
      }
    });
    const end = () => {
      this.last = null;
    };
    this.canvas.addEventListener('pointerup', end);
    this.canvas.addEventListener('pointercancel', end);
  }

  /** Pad coordinates of a pointer event. */
  private at(e: PointerEvent): { x: number; y: number } {
    const r = this.canvas.getBoundingClientRect();
    return { x: ((e.clientX - r.left) / r.width) * PAD, y: ((e.clientY - r.top) / r.height) * PAD };
  }

  private stroke(a: { x: number; y: number }, b: { x: number; y: number }): void {
    const c = this.ctx;
    c.strokeStyle = '#fff';
    c.lineWidth = STROKE;
    c.lineCap = 'round';
    c.lineJoin = 'round';
    c.beginPath();
    c.moveTo(a.x, a.y);
    c.lineTo(b.x, b.y);
    c.stroke();
    this.changed();
  }

  /** Wipes the pad. */
  clear(): void {
    this.ctx.fillStyle = '#000';
    this.ctx.fillRect(0, 0, PAD, PAD);
    this.changed();
  }

  /** Shows a 28x28 image (values in [0, 1]) on the pad, each pixel a 10x10 square. */
  show(pixels: ArrayLike<number>): void {
    const cell = PAD / SIDE;
    for (let i = 0; i < SIDE * SIDE; i++) {
      const v = Math.round(pixels[i] * 255);
      this.ctx.fillStyle = `rgb(${v},${v},${v})`;
      this.ctx.fillRect((i % SIDE) * cell, Math.floor(i / SIDE) * cell, cell, cell);
    }
    this.changed();
  }

  /** Recomputes the model's input from the canvas, at most once per frame. */
  changed(): void {
    if (this.pending) return;
    this.pending = true;
    requestAnimationFrame(() => {
      this.pending = false;
      this.update();
    });
  }

  /** Recomputes the model's input now. */
  update(): Float32Array {
    const ink = inkOf(this.ctx.getImageData(0, 0, PAD, PAD).data);
    this.input = centreDigit(ink, PAD, PAD);
    const img = new ImageData(SIDE, SIDE);
    for (let i = 0; i < this.input.length; i++) {
      const v = Math.round(this.input[i] * 255);
      img.data.set([v, v, v, 255], i * 4);
    }
    this.preview.getContext('2d')!.putImageData(img, 0, 0);
    this.onChange(this.input);
    return this.input;
  }
}
