// Every builder renders to SVG with the expected marks and labels; PNG output is a real PNG; tensor-likes and
// plain arrays are accepted alike.
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  confusionMatrix,
  confusionMatrixPlot,
  decisionBoundaryPlot,
  decisionBoundaryPlotAsync,
  functionGrid,
  functionPlot,
  heatmap,
  histogram,
  historyCallback,
  historyPlot,
  imageGrid,
  linePlot,
  linspace,
  materialize,
  materializeAll,
  modelDiagram,
  plotAsync,
  savePlot,
  scatterPlot,
  sparkline,
  summaryRows,
  toNumbers,
  toPNG,
  toRows,
  toSVG,
  type TensorLikeData,
} from '../src/index.js';

/** A tensor-like as lab's Tensor looks to viz: a shape, dataSync and array. */
function fakeTensor(values: number[], shape: number[], sync = true): TensorLikeData {
  const nest = (off: number, dims: number[]): unknown =>
    dims.length === 0 ? values[off] : Array.from({ length: dims[0] }, (_, i) => nest(off + i * dims.slice(1).reduce((a, b) => a * b, 1), dims.slice(1)));
  return {
    shape,
    ...(sync ? { dataSync: () => Float32Array.from(values) } : {}),
    array: async () => nest(0, shape),
  };
}

const count = (s: string, needle: string) => s.split(needle).length - 1;
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

describe('data coercion', () => {
  it('reads numbers, typed arrays, nested arrays and tensor-likes', async () => {
    expect(toNumbers([1, 2, 3])).toEqual([1, 2, 3]);
    expect(toNumbers(new Float64Array([0.5, 1]))).toEqual([0.5, 1]);
    expect(toNumbers(fakeTensor([1, 2, 3, 4], [2, 2]))).toEqual([1, 2, 3, 4]);
    expect(toRows(fakeTensor([1, 2, 3, 4, 5, 6], [2, 3]))).toEqual([[1, 2, 3], [4, 5, 6]]);
    expect(toRows(fakeTensor([1, 2, 3, 4], [1, 2, 2, 1]))).toEqual([[1, 2], [3, 4]]);
    const m = await materialize(fakeTensor([1, 2, 3, 4], [2, 2], false));
    expect(m).toEqual({ values: [1, 2, 3, 4], shape: [2, 2] });
    expect(toRows(m)).toEqual([[1, 2], [3, 4]]);
  });

  it('explains how to plot a tensor that cannot be read synchronously', () => {
    expect(() => toNumbers(fakeTensor([1], [1], false), 'linePlot')).toThrow(/linePlot: .*await materialize\(t\)/);
    expect(() => toRows(fakeTensor([1, 2, 3, 4, 5, 6, 7, 8], [2, 2, 2]), 'heatmap')).toThrow(/heatmap: expected a matrix, got shape \[2,2,2\]/);
  });
});

describe('async plotting (tensors that only read asynchronously, as on webgpu)', () => {
  const rowsOf = (spec: object): Record<string, unknown>[] => (spec as { data: { values: Record<string, unknown>[] } }).data.values;

  it('plotAsync reads every tensor-like in the arguments with array(), then builds the plot', async () => {
    const loss = fakeTensor([3, 2, 1], [3], false);
    expect(() => linePlot({ series: { loss } })).toThrow(/linePlot: .*plotAsync/);
    const lines = await plotAsync(linePlot, { series: { loss, val: [4, 3, 2] } });
    expect(rowsOf(lines).map((r) => [r.series, r.y])).toEqual([['loss', 3], ['loss', 2], ['loss', 1], ['val', 4], ['val', 3], ['val', 2]]);
    const heat = await plotAsync(heatmap, fakeTensor([1, -2, 3, 4], [2, 2], false), { title: 'W' });
    expect(await toSVG(heat)).toContain('>W</text>');
    const fn = () => 1;
    const typed = new Float32Array([1, 2]);
    const all = await materializeAll({ a: [fakeTensor([5, 6], [2], false)], fn, typed, n: 3 });
    expect(all).toEqual({ a: [{ values: [5, 6], shape: [2] }], fn, typed, n: 3 });
    expect(all.fn).toBe(fn);
    expect(all.typed).toBe(typed);
  });

  it('decisionBoundaryPlotAsync: an async predict returning a tensor-like, read asynchronously, draws the same plot', async () => {
    const x = [-1, -0.5, 0.5, 1];
    const y = [-1, 0.5, -0.5, 1];
    const labels = [0, 1, 0, 1];
    const rule = (pts: number[][]) => pts.map(([a, b]) => (b > a ? 1 : 0));
    let calls = 0;
    const spec = await decisionBoundaryPlotAsync({
      x: fakeTensor(x, [4], false),
      y: fakeTensor(y, [4], false),
      labels: fakeTensor(labels, [4], false),
      resolution: 5,
      predict: async (pts) => {
        calls++;
        return fakeTensor(rule(pts), [pts.length], false);
      },
    });
    expect(calls).toBe(1);
    const sync = decisionBoundaryPlot({ x, y, labels, resolution: 5, predict: rule });
    expect(spec).toEqual(sync);
  });
});

describe('SVG output', () => {
  it('linePlot: one line per series, axis titles and legend entries', async () => {
    const svg = await toSVG(linePlot({ x: [0, 1, 2, 3], series: { train: [4, 3, 2, 1], test: fakeTensor([5, 4, 3, 3], [4]) }, xLabel: 'step', yLabel: 'loss', title: 'Loss' }));
    expect(svg.startsWith('<svg')).toBe(true);
    expect(count(svg, 'role-mark')).toBeGreaterThan(0);
    expect(svg).toContain('mark-line');
    expect(svg).toContain('>step</text>');
    expect(svg).toContain('>loss</text>');
    expect(svg).toContain('>Loss</text>');
    expect(svg).toContain('>train</text>');
    expect(svg).toContain('>test</text>');
  });

  it('historyPlot: a panel per metric, training and validation', async () => {
    const history = { history: { loss: [1, 0.5, 0.25], val_loss: [1.2, 0.7, 0.5], accuracy: [0.5, 0.8, 0.9], val_accuracy: [0.4, 0.7, 0.85] } };
    const svg = await toSVG(historyPlot(history, { title: 'Training' }));
    expect(svg).toContain('>loss</text>');
    expect(svg).toContain('>accuracy</text>');
    expect(svg).toContain('>training</text>');
    expect(svg).toContain('>validation</text>');
    expect(svg).toContain('>epoch</text>');
    expect(count(svg, 'mark-line')).toBeGreaterThanOrEqual(2);
  });

  it('functionGrid: the 2x2 activation figure has four titled panels with f and its gradient', async () => {
    const z = linspace(-10, 10, 129);
    const sig = z.map((t) => 1 / (1 + Math.exp(-t)));
    const panel = (title: string, f: number[], g: number[]) => ({ title, x: z, curves: { 'f(z)': f, "f'(z)": g } });
    const spec = functionGrid(
      [
        panel('sigmoid', sig, sig.map((s) => s * (1 - s))),
        panel('tanh', z.map(Math.tanh), z.map((t) => 1 - Math.tanh(t) ** 2)),
        panel('ReLU', z.map((t) => Math.max(0, t)), z.map((t) => (t > 0 ? 1 : 0))),
        panel('leaky ReLU', z.map((t) => (t > 0 ? t : 0.01 * t)), z.map((t) => (t > 0 ? 1 : 0.01))),
      ],
      { columns: 2 },
    );
    expect((spec as { columns?: number }).columns).toBe(2);
    const svg = await toSVG(spec);
    for (const t of ['sigmoid', 'tanh', 'ReLU', 'leaky ReLU', 'f(z)', "f'(z)"]) expect(svg, t).toContain(`>${t}</text>`);
    // Four panels, two curves each.
    expect(count(svg, 'aria-roledescription="line mark"')).toBe(8);
    const single = await toSVG(functionPlot({ x: [0, 1, 2], y: [0, 1, 4], gradient: [0, 2, 4], name: 'square' }));
    expect(single).toContain('>square(x)</text>');
  });

  it('scatterPlot and decisionBoundaryPlot: points over a class heat map, predict called once on the grid', async () => {
    const x = [-1, -0.5, 0.5, 1];
    const y = [-1, 0.5, -0.5, 1];
    const labels = [0, 1, 0, 1];
    const svg = await toSVG(scatterPlot({ x, y, labels, classNames: ['below', 'above'], lines: [{ name: 'y = x', x: [-1, 1], y: [-1, 1] }] }));
    expect(svg).toContain('mark-symbol');
    expect(svg).toContain('>above</text>');
    let calls = 0;
    const spec = decisionBoundaryPlot({
      x,
      y,
      labels,
      resolution: 10,
      predict: (pts) => {
        calls++;
        expect(pts).toHaveLength(100);
        return fakeTensor(pts.map(([a, b]) => (b > a ? 1 : 0)), [100]);
      },
    });
    expect(calls).toBe(1);
    const db = await toSVG(spec);
    expect(db).toContain('mark-rect');
    expect(db).toContain('mark-symbol');
    expect(count(db, '<path aria-label') + count(db, 'role-mark')).toBeGreaterThan(0);
    const scores = await toSVG(decisionBoundaryPlot({ x, y, resolution: 8, predict: (pts) => pts.map(([a, b]) => 1 / (1 + Math.exp(a - b))) }));
    expect(scores).toContain('>score</text>');
  });

  it('heatmap, confusion matrix, image grid and histogram', async () => {
    const hm = await toSVG(heatmap(fakeTensor([1, -2, 3, 0.5, 0, -1], [2, 3]), { annotate: true, title: 'W' }));
    expect(hm).toContain('mark-rect');
    expect(hm).toContain('>−2.00</text>'); // Vega formats with U+2212
    expect(confusionMatrix([0, 1, 2, 2], [0, 1, 1, 2])).toEqual([[1, 0, 0], [0, 1, 0], [0, 1, 1]]);
    const cm = await toSVG(confusionMatrixPlot([0, 1, 2, 2], [0, 1, 1, 2], { classNames: ['a', 'b', 'c'] }));
    expect(cm).toContain('>predicted</text>');
    expect(cm).toContain('>true</text>');
    expect(cm).toContain('>c</text>');
    const ig = await toSVG(imageGrid(fakeTensor(Array.from({ length: 3 * 16 }, (_, i) => i % 7), [3, 4, 4]), { captions: ['one', 'two', 'three'] }));
    expect(ig).toContain('>three</text>');
    expect(() => imageGrid([[1, 2, 3, 4]])).toThrow(/need the image side/);
    const flat = await toSVG(imageGrid([[1, 2, 3, 4]], { side: [2, 2] }));
    expect(flat).toContain('mark-rect');
    const h = await toSVG(histogram(Array.from({ length: 200 }, (_, i) => Math.sin(i)), { bins: 10, xLabel: 'weight' }));
    expect(h).toContain('>weight</text>');
    expect(h).toContain('>count</text>');
    const two = await toSVG(histogram({ before: [1, 2, 2, 3], after: [2, 3, 3, 4] }));
    expect(two).toContain('>before</text>');
  });

  it('modelDiagram: a box per layer with its type, output shape and parameters', async () => {
    const model = {
      name: 'm',
      layers: [
        { name: 'dense', className: 'Dense', seenOutputShapes: [[null, 64]], variables: [{ size: 64 }, { size: 64 }] },
        { name: 'dense_1', className: 'Dense', seenOutputShapes: [[null, 1]], variables: [{ size: 64 }, { size: 1 }] },
      ],
    };
    const rows = summaryRows(model);
    expect(rows).toEqual([
      { name: 'dense', type: 'Dense', outputShape: [null, 64], params: 128 },
      { name: 'dense_1', type: 'Dense', outputShape: [null, 1], params: 65 },
    ]);
    const svg = await toSVG(modelDiagram(rows, { modelName: 'quadratic' }));
    expect(svg).toContain('>dense (Dense)</text>');
    expect(svg).toContain('>output (None, 64) · 128 params</text>');
    expect(svg).toContain('>193 parameters</text>');
    expect(svg).toContain('mark-rule');
  });
});

describe('files and live updates', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lab-viz-'));

  it('savePlot writes SVG, PNG (real PNG bytes), JSON and HTML', async () => {
    const spec = linePlot({ series: { loss: [3, 2, 1.5, 1.2, 1] }, title: 'loss' });
    const png = await toPNG(spec);
    expect(Array.from(png.slice(0, 8))).toEqual(PNG_SIGNATURE);
    expect(png.length).toBeGreaterThan(5000);
    const p = await savePlot(spec, join(dir, 'sub', 'loss.png'));
    const bytes = readFileSync(p);
    expect(Array.from(bytes.subarray(0, 8))).toEqual(PNG_SIGNATURE);
    // IHDR width: 2x the SVG's width by default.
    const svg = await toSVG(spec);
    const w = Number(/width="(\d+)"/.exec(svg)![1]);
    expect(bytes.readUInt32BE(16)).toBe(2 * w);
    expect(readFileSync(await savePlot(spec, join(dir, 'loss.svg')), 'utf8')).toContain('<svg');
    expect(JSON.parse(readFileSync(await savePlot(spec, join(dir, 'loss.json')), 'utf8')).title).toBe('loss');
    expect(readFileSync(await savePlot(spec, join(dir, 'loss.html')), 'utf8')).toContain('<title>loss</title>');
    await expect(savePlot(spec, join(dir, 'loss.gif'))).rejects.toThrow(/unknown file type '.gif'/);
  });

  it('historyCallback keeps the history, redraws the file every N epochs and at the end', async () => {
    const file = join(dir, 'live.svg');
    const updates: number[] = [];
    const cb = historyCallback({ file, every: 2, onUpdate: (_s, h, epoch) => void updates.push(epoch, h.loss.length) });
    cb.onTrainBegin();
    for (let e = 0; e < 5; e++) await cb.onEpochEnd(e, { loss: 1 / (e + 1), val_loss: 1.2 / (e + 1) });
    await cb.onTrainEnd();
    expect(cb.history.loss).toHaveLength(5);
    expect(cb.history.val_loss[4]).toBeCloseTo(0.24);
    expect(updates).toEqual([1, 2, 3, 4, 4, 5]);
    expect(existsSync(file)).toBe(true);
    expect(readFileSync(file, 'utf8')).toContain('>validation</text>');
  });
});

describe('sparkline', () => {
  it('maps the range onto eight block heights, newest values last', () => {
    expect(sparkline([8, 7, 6, 5, 4, 3, 2, 1])).toBe('█▇▆▅▄▃▂▁');
    expect(sparkline([1, 1, 1])).toBe('▁▁▁');
    expect(sparkline([0, NaN, 1])).toBe('▁ █');
    expect(sparkline(Array.from({ length: 100 }, (_, i) => i), 10)).toHaveLength(10);
    expect(sparkline([])).toBe('');
  });
});
