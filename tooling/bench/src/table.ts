/** Renders a {@link BenchReport} as markdown: the table, the backends, the MLP losses and the footnotes. */
import type { BenchReport, Cell } from './runner.js';
import { BACKENDS, type BackendId } from './types.js';
import { MODEL_EXAMPLES } from './workloads/training.js';

/**
 * The ratio columns: lab against tfjs on the same class of backend (`tfjs` names the side below the fraction bar:
 * the 2t/1t column compares lab's wasm backend with 2 threads against itself with one).
 */
const RATIOS: readonly { title: string; lab: readonly BackendId[]; tfjs: readonly BackendId[] }[] = [
  { title: 'cpu: lab/tfjs', lab: ['lab-cpu'], tfjs: ['tfjs-cpu'] },
  { title: 'wasm: lab/tfjs', lab: ['lab-wasm'], tfjs: ['tfjs-wasm'] },
  { title: 'wasm: lab 2t/tfjs', lab: ['lab-wasm-2t'], tfjs: ['tfjs-wasm'] },
  { title: 'wasm: lab 2t/1t', lab: ['lab-wasm-2t'], tfjs: ['lab-wasm'] },
  { title: 'wasm: lab jit/tfjs', lab: ['lab-wasm-jit'], tfjs: ['tfjs-wasm'] },
  { title: 'wasm: lab/jax', lab: ['lab-wasm'], tfjs: ['jax-wasm'] },
  { title: 'wasm: lab jit/jax jit', lab: ['lab-wasm-jit'], tfjs: ['jax-wasm'] },
  { title: 'best: lab/tfjs', lab: ['lab-cpu', 'lab-wasm'], tfjs: ['tfjs-cpu', 'tfjs-wasm'] },
];

/** Whichever backend may serve as the reference for checksums and losses, in order of preference. */
const REFERENCE_ORDER: readonly BackendId[] = ['tfjs-cpu', 'tfjs-wasm', 'lab-cpu', 'lab-wasm', 'lab-webgpu'];

/** Three significant digits, no exponent for the usual ranges. */
export function fmtNumber(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  if (a >= 1000) return v.toFixed(0);
  if (a >= 0.001 || a === 0) return Number(v.toPrecision(3)).toString();
  return v.toExponential(2);
}

/** A cell: the median, and the range over rounds when there were several. */
export function fmtCell(c: Cell): string {
  const v = fmtNumber(c.value!);
  const r = c.rounds ?? [];
  if (r.length < 2) return v;
  return `${v} (${fmtNumber(Math.min(...r))}-${fmtNumber(Math.max(...r))})`;
}

function escape(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/**
 * lab's speed over tfjs's for one workload (> 1: lab is faster), taking the best value of each side's backends;
 * null when either side has no number.
 */
export function speedRatio(
  cells: Partial<Record<BackendId, Cell>>,
  lab: readonly BackendId[],
  tfjs: readonly BackendId[],
  higherIsBetter: boolean,
): number | null {
  const best = (ids: readonly BackendId[]) => {
    const vals = ids.map((b) => cells[b]?.value).filter((v): v is number => typeof v === 'number' && v > 0);
    if (vals.length === 0) return null;
    return higherIsBetter ? Math.max(...vals) : Math.min(...vals);
  };
  const l = best(lab);
  const t = best(tfjs);
  if (l === null || t === null) return null;
  return higherIsBetter ? l / t : t / l;
}

/** ` (tfjs-cpu: 2)` for the backends that time fewer model steps than the rest. */
function fewerSteps(steps: number, byBackend: Partial<Record<BackendId, number>> | undefined): string {
  const fewer = Object.entries(byBackend ?? {}).filter(([, n]) => n < steps);
  return fewer.length === 0 ? '' : ` (${fewer.map(([b, n]) => `${b}: ${n}`).join(', ')})`;
}

/** The markdown report. */
export function renderMarkdown(report: BenchReport): string {
  const selected = BACKENDS.filter((b) => report.backends.some((s) => s.id === b));
  const shownRatios = ratiosFor(selected);
  const unavailable = new Set(report.backends.filter((s) => !s.available).map((s) => s.id));
  const footnotes: string[] = [];
  const note = (text: string) => {
    footnotes.push(text);
    return `[${footnotes.length}]`;
  };

  const m = report.meta.measure;
  const lines: string[] = [];
  lines.push('# lab vs TensorFlow.js');
  lines.push('');
  lines.push(
    `${report.meta.date.slice(0, 19).replace('T', ' ')} UTC · Node ${report.meta.node} · ${report.meta.cpu} (${report.meta.cores} cores) · ` +
      `${report.meta.rounds} round(s), interleaved · per round: median of ${m.reps} reps after ${m.warmup} warm-up calls, >= ${m.minRepMs} ms per rep · ` +
      `MLP: ${m.mlpSteps} steps, convnet/LSTM: ${m.modelSteps} timed steps${fewerSteps(m.modelSteps, m.modelStepsByBackend)} · cells: median over rounds (min-max)`,
  );
  lines.push('');
  const header = ['workload', 'unit', ...selected, ...shownRatios.map((r) => r.title)];
  lines.push(`| ${header.join(' | ')} |`);
  lines.push(`|${header.map((_, i) => (i < 2 ? '---' : '---:')).join('|')}|`);
  for (const w of report.workloads) {
    const cells = report.cells[w.id] ?? {};
    const row = [w.title, w.unit];
    for (const b of selected) {
      const c = cells[b];
      if (c && c.value !== null) row.push(fmtCell(c));
      else if (unavailable.has(b)) row.push('-');
      else if (c?.unsupported) row.push(`not supported ${note(`${b}, ${w.title}: not supported: ${escape(c.error ?? '')}`)}`);
      else row.push(`- ${note(`${b}, ${w.title}: ${escape(c?.error ?? 'not run')}`)}`);
    }
    for (const r of shownRatios) {
      const q = speedRatio(cells, r.lab, r.tfjs, w.higherIsBetter);
      row.push(q === null ? '-' : `${fmtNumber(q)}x`);
    }
    lines.push(`| ${row.join(' | ')} |`);
  }
  lines.push('');
  if (shownRatios.length > 0) {
    lines.push(
      'Ratios are lab\'s speed over tfjs\'s (> 1: lab is faster): lab/tfjs for throughputs, tfjs/lab for times. ' +
        (shownRatios.some((r) => r.title.startsWith('best'))
          ? '"best" compares the faster of lab-cpu and lab-wasm with the faster of tfjs-cpu and tfjs-wasm. '
          : '') +
        (shownRatios.some((r) => r.title === 'wasm: lab 2t/1t')
          ? '"lab 2t/1t" is lab-wasm-2t\'s speed over lab-wasm\'s (> 1: the second thread helps). '
          : '') +
        'lab-webgpu has no TensorFlow.js counterpart here.',
    );
    lines.push('');
  }

  const cpu = cpuTable(report, selected);
  if (cpu.length > 0) lines.push(...cpu, '');

  lines.push('## Backends');
  lines.push('');
  for (const s of report.backends) {
    lines.push(`- ${s.id}: ${s.available ? escape(s.info ?? 'available') : `not available: ${escape(s.reason ?? 'unknown reason')}`}`);
  }
  lines.push('');

  const losses = lossTable(report, selected);
  if (losses.length > 0) lines.push(...losses, '');
  const training = trainingTable(report, selected);
  if (training.length > 0) lines.push(...training, '');

  const checks = checkNotes(report, selected);
  const extra = [...report.meta.notes, ...checks];
  if (footnotes.length > 0 || extra.length > 0) {
    lines.push('## Notes');
    lines.push('');
    footnotes.forEach((f, i) => lines.push(`${i + 1}. ${f}`));
    for (const n of extra) lines.push(`- ${escape(n)}`);
    lines.push('');
  }
  return lines.join('\n');
}

/** The ratio columns whose two sides both ran. */
function ratiosFor(selected: readonly BackendId[]): typeof RATIOS {
  const ratios = RATIOS.filter((r) => r.lab.some((b) => selected.includes(b)) && r.tfjs.some((b) => selected.includes(b)));
  // "best" only when both classes (cpu, wasm) ran: otherwise it repeats the one same-class ratio.
  const classes = ratios.filter((r) => r.title === 'cpu: lab/tfjs' || r.title === 'wasm: lab/tfjs').length;
  return ratios.filter((r) => r.title !== 'best: lab/tfjs' || classes > 1);
}

/**
 * The same rows in process CPU time per call (or step): the median over rounds of each round's median. Time spent
 * waiting for a core does not count, so on a loaded machine these figures and their ratios stay close to what a
 * quiet machine shows in wall time for single-threaded backends. Backends with threads of their own add up every
 * thread (lab-wasm-2t, a GPU driver): their CPU time is a cost, not a speed, and no ratio uses them here.
 */
function cpuTable(report: BenchReport, selected: readonly BackendId[]): string[] {
  if (!report.workloads.some((w) => selected.some((b) => report.cells[w.id]?.[b]?.cpuMs !== undefined))) return [];
  const ratios = ratiosFor(selected.filter((b) => b !== 'lab-wasm-2t'));
  const out = ['## CPU time per call (process CPU, all threads; median over rounds, min-max)', ''];
  const header = ['workload', 'unit', ...selected, ...ratios.map((r) => r.title)];
  out.push(`| ${header.join(' | ')} |`);
  out.push(`|${header.map((_, i) => (i < 2 ? '---' : '---:')).join('|')}|`);
  for (const w of report.workloads) {
    const cells = report.cells[w.id] ?? {};
    // dispatch is reported per op in us; every other row in ms per call or per step
    const perUs = w.unit === 'us/op';
    const scale = perUs ? 1000 : 1;
    const asCpu: Partial<Record<BackendId, Cell>> = {};
    const row = [w.title, perUs ? 'CPU us/op' : w.unit === 'ms/step' ? 'CPU ms/step' : 'CPU ms'];
    for (const b of selected) {
      const c = cells[b];
      if (c?.cpuMs === undefined) {
        row.push('-');
        continue;
      }
      asCpu[b] = { value: c.cpuMs * scale, rounds: c.cpuRounds?.map((x) => x * scale) };
      row.push(fmtCell(asCpu[b]!));
    }
    for (const r of ratios) {
      const q = speedRatio(asCpu, r.lab, r.tfjs, false);
      row.push(q === null ? '-' : `${fmtNumber(q)}x`);
    }
    out.push(`| ${row.join(' | ')} |`);
  }
  out.push('');
  out.push(
    'CPU time leaves out the time the process waited for a core, so on a loaded machine it reads like a quiet ' +
      "machine's wall time for single-threaded backends (cache and memory contention still show). lab-wasm-2t and " +
      "lab-webgpu add up every thread of the process (the pool's worker, the driver's threads), so no ratio uses lab-wasm-2t's CPU time.",
  );
  return out;
}

/** The MLP's losses per backend, and the largest difference from the reference backend. */
function lossTable(report: BenchReport, selected: readonly BackendId[]): string[] {
  const cells = report.cells['mlp'];
  if (!cells) return [];
  const rows = selected.filter((b) => cells[b]?.result?.losses);
  if (rows.length === 0) return [];
  const steps = [...new Set(rows.flatMap((b) => Object.keys(cells[b]!.result!.losses!).map(Number)))].sort((a, b) => a - b);
  const out = ['## MLP losses (same data and initial weights for every backend)', ''];
  out.push(`| backend | ${steps.map((s) => `step ${s}`).join(' | ')} |`);
  out.push(`|---|${steps.map(() => '---:').join('|')}|`);
  for (const b of rows) {
    const l = cells[b]!.result!.losses!;
    out.push(`| ${b} | ${steps.map((s) => (l[s] === undefined ? '-' : l[s]!.toFixed(4))).join(' | ')} |`);
  }
  const ref = REFERENCE_ORDER.find((b) => rows.includes(b));
  if (ref && rows.length > 1) {
    let worst = 0;
    for (const b of rows) {
      const l = cells[b]!.result!.losses!;
      for (const s of steps) {
        const a = l[s];
        const r = cells[ref]!.result!.losses![s];
        if (a !== undefined && r !== undefined) worst = Math.max(worst, Math.abs(a - r));
      }
    }
    out.push('');
    out.push(`Largest difference from ${ref}: ${worst.toExponential(1)}.`);
  }
  return out;
}

/**
 * The model workloads (training steps, and the convnet's forward pass and input gradient): ms per step or call and
 * examples/s per backend, the loss before training (inference mode, no dropout: must agree across libraries since
 * the weights and the batch are the same) and after the first step (training workloads only).
 */
function trainingTable(report: BenchReport, selected: readonly BackendId[]): string[] {
  const out: string[] = [];
  for (const w of report.workloads) {
    const examples = MODEL_EXAMPLES[w.id];
    const cells = report.cells[w.id];
    if (examples === undefined || !cells) continue;
    // backends that could not train but computed the loss before training still show it, for the check below
    const rows = selected.filter((b) => cells[b]?.value != null || cells[b]?.losses?.[0] !== undefined);
    if (rows.length === 0) continue;
    out.push(`## ${w.title}`, '');
    out.push(`| backend | ${w.unit} (min-max) | ${examples.unit} | loss before training | loss of step 1 |`);
    out.push('|---|---:|---:|---:|---:|');
    const lossesOf = (c: Cell) => c.result?.losses ?? c.losses ?? {};
    for (const b of rows) {
      const c = cells[b]!;
      const l = lossesOf(c);
      const fmt = (x: number | undefined) => (x === undefined ? '-' : x.toFixed(4));
      const speed = c.value === null ? ['not supported', '-'] : [fmtCell(c), fmtNumber((examples.perCall * 1000) / c.value)];
      out.push(`| ${b} | ${speed.join(' | ')} | ${fmt(l[0])} | ${fmt(l[1])} |`);
    }
    const initial = rows.map((b) => lossesOf(cells[b]!)[0]).filter((x): x is number => x !== undefined);
    if (initial.length > 1) {
      out.push('');
      out.push(
        `Largest difference of the loss before training between backends: ${(Math.max(...initial) - Math.min(...initial)).toExponential(1)} ` +
          `(same weights, same batch).${w.unit === 'ms/step' ? ' Step losses differ where dropout draws different masks.' : ''}`,
      );
    }
    out.push('');
  }
  return out;
}

/** Checksums that disagree with the reference backend, and tensors left alive by a workload. */
function checkNotes(report: BenchReport, selected: readonly BackendId[]): string[] {
  const notes: string[] = [];
  for (const w of report.workloads) {
    const cells = report.cells[w.id] ?? {};
    const ref = REFERENCE_ORDER.find((b) => cells[b]?.result?.checksum);
    if (ref) {
      const r = cells[ref]!.result!.checksum!;
      for (const b of selected) {
        const c = cells[b]?.result?.checksum;
        if (!c || b === ref) continue;
        // float32 results differ by rounding; a relative 1e-3 of the magnitudes is far above that and far below a bug.
        if (Math.abs(c.sum - r.sum) > 1e-3 * Math.max(r.abs, c.abs) + 1e-6) {
          notes.push(`${w.title}: ${b}'s output differs from ${ref}'s (sum ${c.sum.toPrecision(6)} vs ${r.sum.toPrecision(6)})`);
        }
      }
    }
    for (const b of selected) {
      const leaked = cells[b]?.result?.leakedTensors;
      if (leaked) notes.push(`${w.title}: ${b} left ${leaked} tensor(s) alive`);
    }
  }
  return notes;
}
