/** The results table in the DOM: one row per workload, both libraries' figures and the ratio. */
import { h } from '../ui/dom.js';
import { formatOutcome, formatRatio, ratio } from './report.js';
import type { Outcome, Row } from './runner.js';

/** A library's cell; `data-median` carries the raw figure (ms) for tests and scripts. */
function outcomeCell(o: Outcome, lib: 'lab' | 'tfjs'): HTMLTableCellElement {
  const attrs = o.ok ? { 'data-lib': lib, 'data-median': String(o.spread.median), title: `per round: ${o.spread.rounds.map((v) => v.toPrecision(3)).join(', ')} ms` } : { 'data-lib': lib, class: 'failed' };
  return h('td', attrs, formatOutcome(o));
}

/** The table for `rows`. */
export function resultsTable(rows: readonly Row[]): HTMLTableElement {
  const head = h('tr', {}, h('th', {}, 'workload'), h('th', {}, 'lab (ms)'), h('th', {}, 'tfjs (ms)'), h('th', { title: 'tfjs time / lab time: above 1 lab is faster' }, 'lab vs tfjs'));
  const body = rows.map((r) => {
    const x = ratio(r);
    return h(
      'tr',
      { 'data-workload': r.workload.id },
      h('td', {}, r.workload.title),
      outcomeCell(r.lab, 'lab'),
      outcomeCell(r.tfjs, 'tfjs'),
      h('td', { 'data-ratio': x === null ? undefined : String(x), class: x !== null && x > 1 ? 'faster' : undefined }, formatRatio(r)),
    );
  });
  return h('table', { class: 'gb-results', 'data-testid': 'results' }, h('thead', {}, head), h('tbody', {}, ...body));
}
