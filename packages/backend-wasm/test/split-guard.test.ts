/** The pool's split-or-not choice (src/threads/guard.ts), driven with given times: no clock involved. */
import { describe, expect, it } from 'vitest';
import { MAX_GAP, MIN_GAP, SplitGuard } from '../src/threads/guard.js';

/** Runs `calls` calls through the guard, each costing `cost` and taking `oneMs` / `splitMs` per unit of cost. */
function drive(g: SplitGuard, slot: number, calls: number, oneMs: number, splitMs: number, cost = 1000): boolean[] {
  const choices: boolean[] = [];
  for (let i = 0; i < calls; i++) {
    const split = g.split(slot);
    choices.push(split);
    g.record(slot, split, (split ? splitMs : oneMs) * cost, cost);
  }
  return choices;
}

const count = (a: boolean[]) => a.filter(Boolean).length;

describe('SplitGuard', () => {
  it('tries both ways first, then splits while splitting is clearly faster', () => {
    const g = new SplitGuard(1);
    const slot = SplitGuard.slot(0, 1 << 20);
    const warm = drive(g, slot, 6, 1, 0.5);
    expect(count(warm)).toBe(3); // three of each, alternating
    const later = drive(g, slot, 2 * MAX_GAP, 1, 0.5);
    // only the periodic tries of the one-thread arm stay on the calling thread, and they grow rarer
    expect(count(later)).toBeGreaterThan(2 * MAX_GAP - 12);
    expect(count(later)).toBeLessThan(2 * MAX_GAP);
  });

  it('stays on one thread when splitting is slower (a loaded machine), trying a split ever more rarely', () => {
    const g = new SplitGuard(1);
    const slot = SplitGuard.slot(0, 5000);
    drive(g, slot, 6, 1, 3);
    const later = drive(g, slot, 1000, 1, 3);
    // tries after MIN_GAP, 2 MIN_GAP, 4 MIN_GAP, ... calls, then every MAX_GAP: far fewer than one in MIN_GAP
    expect(count(later)).toBeGreaterThan(0);
    expect(count(later)).toBeLessThan(1000 / MIN_GAP / 2);
  });

  it('ties and near-ties go to one thread', () => {
    const g = new SplitGuard(1);
    const slot = SplitGuard.slot(0, 100);
    drive(g, slot, 6, 1, 0.97);
    expect(count(drive(g, slot, 200, 1, 0.97))).toBeLessThan(200 / MIN_GAP);
  });

  it('notices a change of load: a split that becomes faster wins again', () => {
    const g = new SplitGuard(1);
    const slot = SplitGuard.slot(0, 1 << 16);
    drive(g, slot, 300, 1, 4); // loaded: one thread wins
    const after = drive(g, slot, 2000, 1, 0.5); // quiet again
    // the next try of a split wins, so tries come every MIN_GAP calls until the split median turns (four tries)
    expect(count(after.slice(0, 300 + 4 * MIN_GAP))).toBeGreaterThan(3);
    expect(count(after.slice(300 + 4 * MIN_GAP))).toBeGreaterThan(2000 - 300 - 4 * MIN_GAP - 12);
  });

  it('one stalled split (a descheduled worker) does not move a median', () => {
    const g = new SplitGuard(1);
    const slot = SplitGuard.slot(0, 1 << 16);
    drive(g, slot, 100, 1, 0.5);
    expect(g.record(slot, true, 50 * 1000, 1000)).toBe(1);
    expect(g.split(slot)).toBe(true);
  });

  it('keeps kernels and size classes apart', () => {
    expect(SplitGuard.slot(0, 1000)).not.toBe(SplitGuard.slot(0, 4000));
    expect(SplitGuard.slot(0, 1000)).not.toBe(SplitGuard.slot(1, 1000));
    expect(SplitGuard.slot(2, 2 ** 80)).toBe(SplitGuard.slot(2, 2 ** 90)); // clamped to the last class
  });
});
