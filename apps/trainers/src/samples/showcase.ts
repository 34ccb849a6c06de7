/** The demo behind `npm start`: two short trainers with live progress bars and sparklines, then the plot paths. */
import { logger, sized, type SampleOptions } from '../lib/sample.js';
import { main as spiral } from './spiral.js';
import { main as digits } from './digits.js';

/** What the showcase prints. */
export interface ShowcaseResult {
  spiralAccuracy: number;
  digitsAccuracy: number;
  plots: string[];
}

/** Runs the spiral and digits trainers and lists the plots they wrote. */
export async function main(o: SampleOptions = {}): Promise<ShowcaseResult> {
  const log = logger(o);
  log('lab showcase: two small networks trained from scratch in TypeScript');
  log('');
  const s = await spiral({ ...o, epochs: o.epochs ?? sized(o, 120, 5) });
  log('');
  const d = await digits({ ...o, epochs: o.epochs ?? sized(o, 12, 2) });
  const plots = [...s.plots, ...d.plots].filter((p): p is string => p !== null);
  log('');
  if (plots.length > 0) {
    log('plots:');
    for (const p of plots) log(`  ${p}`);
  }
  return { spiralAccuracy: s.accuracy, digitsAccuracy: d.testAccuracy, plots };
}
