/** The train and test loss curves over optimizer steps, on a canvas. */
import { fitCanvas } from './heatmap.js';

const MAX_POINTS = 600;

export class LossChart {
  private steps: number[] = [];
  private train: number[] = [];
  private test: number[] = [];

  /**
   * With `sparseTest`, the test series is measured now and then: NaN means "not measured at this step", and the
   * line joins the measured points (otherwise a non-finite value is a diverged loss, drawn at the top).
   */
  constructor(
    readonly canvas: HTMLCanvasElement,
    private readonly sparseTest = false,
  ) {}

  clear(): void {
    this.steps = [];
    this.train = [];
    this.test = [];
  }

  /** Adds a point; halves the history when it grows long, so drawing stays cheap however long training runs. */
  add(step: number, train: number, test: number): void {
    if (this.steps.length && step <= this.steps[this.steps.length - 1]) {
      const i = this.steps.length - 1;
      this.train[i] = train;
      this.test[i] = test;
      return;
    }
    this.steps.push(step);
    this.train.push(train);
    this.test.push(test);
    if (this.steps.length > MAX_POINTS) {
      const keep = (_: number, i: number) => i % 2 === 0 || i === this.steps.length - 1 || (this.sparseTest && Number.isFinite(this.test[i]));
      this.steps = this.steps.filter(keep);
      this.train = this.train.filter(keep);
      this.test = this.test.filter(keep);
    }
  }

  draw(): void {
    const { w, h, dpr } = fitCanvas(this.canvas);
    const ctx = this.canvas.getContext('2d')!;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, w, h);
    const n = this.steps.length;
    if (n === 0) return;
    const finite = [...this.train, ...this.test].filter((v) => Number.isFinite(v));
    const top = Math.max(1e-6, ...finite) * 1.05;
    const x0 = this.steps[0];
    const span = Math.max(1, this.steps[n - 1] - x0);
    const X = (s: number) => 2 + ((s - x0) / span) * (w - 4);
    const Y = (v: number) => h - 2 - (Math.min(v, top) / top) * (h - 14);
    const line = (vals: number[], stroke: string, sparse = false) => {
      ctx.beginPath();
      let first = true;
      for (let i = 0; i < n; i++) {
        if (sparse && !Number.isFinite(vals[i])) continue;
        const v = Number.isFinite(vals[i]) ? vals[i] : top;
        if (first) ctx.moveTo(X(this.steps[i]), Y(v));
        else ctx.lineTo(X(this.steps[i]), Y(v));
        first = false;
      }
      ctx.strokeStyle = stroke;
      ctx.lineWidth = 1.5;
      ctx.stroke();
    };
    line(this.train, '#999');
    line(this.test, '#111', this.sparseTest);
    ctx.fillStyle = '#666';
    ctx.font = '10px system-ui, sans-serif';
    ctx.fillText(`max ${top.toPrecision(3)}`, 4, 10);
    const label = `${this.steps[n - 1].toLocaleString('en-US')} steps`;
    ctx.fillText(label, w - ctx.measureText(label).width - 4, 10);
  }
}
