/**
 * The network diagram: the input features (click to toggle), each hidden layer (+/- neurons), the output; every
 * node is a small heat map of its output over the input plane, and links are coloured and sized by their
 * weight. Hovering a node shows it in the big heat map.
 */
import { FEATURES, MAX_LAYERS, MAX_NEURONS, type Config, type FeatureName } from '../config.js';
import { FEATURE_DEFS, featureMatrix, gridPoints } from '../features.js';
import { GRID, type Evaluation } from '../session.js';
import type { Layout } from '../network.js';
import { color, paint } from './heatmap.js';
import { h } from './dom.js';

const SVG = 'http://www.w3.org/2000/svg';

/** What the view asks the app to do. */
export interface NetworkActions {
  toggleFeature(f: FeatureName): void;
  /** Changes the hidden layers: `change` gets a copy of the current ones and returns the new ones. */
  updateLayers(change: (hidden: number[]) => number[]): void;
  /** A node to show in the big map (neuron index, or a feature), or null for the output. */
  focus(target: { neuron: number } | { feature: FeatureName } | null): void;
}

interface Link {
  path: SVGPathElement;
  weight: number; // index into theta
}

/** Each feature's values on the grid, scaled into [-1, 1] for display. */
const FEATURE_IMAGES: Record<FeatureName, Float32Array> = (() => {
  const grid = gridPoints(GRID);
  const out = {} as Record<FeatureName, Float32Array>;
  for (const f of FEATURES) {
    const v = featureMatrix(grid, [f]);
    let m = 0;
    for (const x of v) m = Math.max(m, Math.abs(x));
    out[f] = v.map((x) => x / (m || 1));
  }
  return out;
})();

export class NetworkView {
  readonly root: HTMLElement;
  private readonly svg: SVGSVGElement;
  private readonly body: HTMLElement;
  private readonly layerCount: HTMLElement;
  private neuronCanvases: HTMLCanvasElement[] = [];
  private links: Link[] = [];
  private cfg!: Config;
  private layout!: Layout;

  constructor(private readonly actions: NetworkActions) {
    this.svg = document.createElementNS(SVG, 'svg');
    this.svg.classList.add('links');
    this.body = h('div', { class: 'net-body' });
    this.layerCount = h('span', { 'data-testid': 'layer-count' });
    const head = h(
      'div',
      { class: 'net-head' },
      h('button', { class: 'round', title: 'Add a hidden layer', 'data-testid': 'add-layer', onclick: () => this.changeLayers(+1) }, '+'),
      h('button', { class: 'round', title: 'Remove a hidden layer', 'data-testid': 'remove-layer', onclick: () => this.changeLayers(-1) }, '−'),
      this.layerCount,
    );
    this.root = h('div', { class: 'network' }, head, h('div', { class: 'net-wrap' }, this.svg, this.body));
    new ResizeObserver(() => this.placeLinks()).observe(this.body);
  }

  private changeLayers(delta: number): void {
    this.actions.updateLayers((hidden) => {
      if (delta > 0 && hidden.length < MAX_LAYERS) hidden.push(hidden.length ? hidden[hidden.length - 1] : 2);
      else if (delta < 0 && hidden.length > 0) hidden.pop();
      return hidden;
    });
  }

  private changeNeurons(layer: number, delta: number): void {
    this.actions.updateLayers((hidden) => {
      if (layer < hidden.length) hidden[layer] = Math.max(1, Math.min(MAX_NEURONS, hidden[layer] + delta));
      return hidden;
    });
  }

  private node(canvas: HTMLCanvasElement, testid: string, focus: Parameters<NetworkActions['focus']>[0], extra: Node | null = null, cls = ''): HTMLElement {
    const el = h('div', { class: `node ${cls}`, 'data-testid': testid }, canvas, extra);
    el.addEventListener('mouseenter', () => this.actions.focus(focus));
    el.addEventListener('mouseleave', () => this.actions.focus(null));
    return el;
  }

  /** Rebuilds the diagram for a configuration (features, layers, neurons). */
  build(cfg: Config, layout: Layout): void {
    this.cfg = cfg;
    this.layout = layout;
    const n = cfg.hidden.length;
    this.layerCount.textContent = `${n} hidden layer${n === 1 ? '' : 's'}`;
    this.body.replaceChildren();
    this.neuronCanvases = [];
    const columns: HTMLElement[][] = [];

    // Inputs: every feature, the enabled ones lit and linked.
    const inputs = h('div', { class: 'column inputs' }, h('div', { class: 'col-head' }, 'Features'));
    const inputNodes: HTMLElement[] = [];
    for (const f of FEATURES) {
      const c = h('canvas', { width: GRID, height: GRID });
      paint(c, FEATURE_IMAGES[f], GRID);
      const on = cfg.features.includes(f);
      const el = this.node(c, `feature-${f}`, { feature: f }, h('span', { class: 'feature-label' }, FEATURE_DEFS[f].label), on ? 'on' : 'off');
      el.title = on ? 'Click to remove this input' : 'Click to add this input';
      el.addEventListener('click', () => this.actions.toggleFeature(f));
      inputs.append(el);
      if (on) inputNodes.push(el);
    }
    this.body.append(inputs);
    columns.push(inputNodes);

    let k = 0;
    cfg.hidden.forEach((count, l) => {
      const col = h(
        'div',
        { class: 'column' },
        h(
          'div',
          { class: 'col-head' },
          h('button', { class: 'round small', title: 'Add a neuron', 'data-testid': `add-neuron-${l}`, onclick: () => this.changeNeurons(l, +1) }, '+'),
          h('button', { class: 'round small', title: 'Remove a neuron', 'data-testid': `remove-neuron-${l}`, onclick: () => this.changeNeurons(l, -1) }, '−'),
          h('div', { class: 'count' }, `${count} neuron${count === 1 ? '' : 's'}`),
        ),
      );
      const nodes: HTMLElement[] = [];
      for (let i = 0; i < count; i++) {
        const c = h('canvas', { width: GRID, height: GRID });
        this.neuronCanvases.push(c);
        const el = this.node(c, `neuron-${l}-${i}`, { neuron: k++ });
        col.append(el);
        nodes.push(el);
      }
      this.body.append(col);
      columns.push(nodes);
    });

    const out = h('canvas', { width: GRID, height: GRID });
    this.neuronCanvases.push(out);
    const outNode = this.node(out, 'neuron-output', null, null, 'output');
    this.body.append(h('div', { class: 'column output' }, h('div', { class: 'col-head' }, 'Output'), outNode));
    columns.push([outNode]);

    // Links, from each node of one column to each node of the next; weights are rows of [nIn, nOut] matrices.
    this.svg.replaceChildren();
    this.links = [];
    this.linkEnds = [];
    for (let l = 0; l + 1 < columns.length; l++) {
      const L = layout.layers[l];
      columns[l].forEach((from, i) => {
        columns[l + 1].forEach((to, j) => {
          const path = document.createElementNS(SVG, 'path');
          this.svg.append(path);
          this.links.push({ path, weight: L.w + i * L.nOut + j });
          this.linkEnds.push([from, to]);
        });
      });
    }
    requestAnimationFrame(() => this.placeLinks());
  }

  private linkEnds: [HTMLElement, HTMLElement][] = [];

  /** Recomputes the link curves from the nodes' positions (after layout or a resize). */
  placeLinks(): void {
    const box = this.body.getBoundingClientRect();
    this.svg.setAttribute('width', String(box.width));
    this.svg.setAttribute('height', String(box.height));
    this.linkEnds.forEach(([a, b], i) => {
      const ra = a.getBoundingClientRect();
      const rb = b.getBoundingClientRect();
      const x1 = ra.right - box.left;
      const y1 = ra.top + ra.height / 2 - box.top;
      const x2 = rb.left - box.left;
      const y2 = rb.top + rb.height / 2 - box.top;
      const mx = (x1 + x2) / 2;
      this.links[i].path.setAttribute('d', `M${x1},${y1} C${mx},${y1} ${mx},${y2} ${x2},${y2}`);
    });
  }

  /** Paints every neuron's heat map and colours the links from an evaluation. */
  update(ev: Evaluation, discretizeOutput: boolean): void {
    const last = this.neuronCanvases.length - 1;
    this.neuronCanvases.forEach((c, k) => paint(c, ev.neurons[k], GRID, 0, discretizeOutput && k === last));
    for (const link of this.links) {
      const w = ev.theta[link.weight];
      link.path.style.stroke = color(w);
      link.path.style.strokeWidth = String(Math.min(6, 0.5 + Math.abs(w) * 1.5));
    }
  }

  /** The layout the diagram was built for. */
  get builtFor(): Layout {
    return this.layout;
  }
}
