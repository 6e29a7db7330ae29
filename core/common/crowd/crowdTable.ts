// The table that tells a project owner how many people should judge each window and which
// consensus to use: accuracy of majority vote, Dawid–Skene and gold-anchored Dawid–Skene
// against the simulated truth, by number of votes per window, over several seeds.
import { dawidSkene, type DawidSkeneOptions } from './dawidSkene.js';
import { majorityVote } from './majority.js';
import { simulateCrowd, type CrowdSimulationOptions, type SimulatedCrowd } from './simulate.js';
import { buildVoteTable, type VoteTable } from './votes.js';

/** Mean, sample standard deviation and range of one figure over seeds. */
export interface Spread {
  mean: number;
  sd: number;
  min: number;
  max: number;
}

/** One line of the table. */
export interface CrowdTableRow {
  votesPerWindow: number;
  majority: Spread;
  dawidSkene: Spread;
  goldAnchored: Spread;
}

/** Options of `crowdAccuracyTable`: a crowd (without k and seed), the k to try and the seeds. */
export interface CrowdTableOptions extends Omit<CrowdSimulationOptions, 'votesPerWindow' | 'seed'> {
  /** Votes per window to try (default 1 to 10). */
  votesPerWindow?: readonly number[];
  seeds: readonly number[];
  /** Options passed to both Dawid–Skene runs (gold is added for the anchored one). */
  dawidSkene?: Omit<DawidSkeneOptions, 'gold' | 'previous'>;
}

export function spread(values: readonly number[]): Spread {
  const n = values.length;
  const mean = values.reduce((s, v) => s + v, 0) / n;
  const sd = n > 1 ? Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1)) : 0;
  return { mean, sd, min: Math.min(...values), max: Math.max(...values) };
}

/** Accuracy on the windows that are not gold: gold windows would flatter the anchored method. */
function accuracy(t: VoteTable, label: Int32Array, crowd: SimulatedCrowd, gold: Set<number>): number {
  let ok = 0;
  let n = 0;
  for (let w = 0; w < t.numWindows; w++) {
    const id = t.windowIds[w] as number;
    if (gold.has(id)) continue;
    n++;
    if (label[w] === crowd.truth[id]) ok++;
  }
  return ok / n;
}

/** Runs the simulation for every k and seed; gold share defaults to 5 %. */
export function crowdAccuracyTable(opts: CrowdTableOptions): CrowdTableRow[] {
  const { votesPerWindow = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], seeds, dawidSkene: dsOpts, ...crowdOpts } = opts;
  if (seeds.length === 0) throw new RangeError('the crowd table needs at least one seed');
  return votesPerWindow.map((k) => {
    const maj: number[] = [];
    const ds: number[] = [];
    const anchored: number[] = [];
    for (const seed of seeds) {
      // The same seed across k gives the same people and true classes, so rows differ mainly by k.
      const crowd = simulateCrowd({ goldShare: 0.05, ...crowdOpts, votesPerWindow: k, seed });
      const t = buildVoteTable(crowd.votes, { classes: crowd.classes });
      const gold = new Set(crowd.gold.map((g) => g.window));
      maj.push(accuracy(t, majorityVote(t).label, crowd, gold));
      ds.push(accuracy(t, dawidSkene(t, dsOpts).label, crowd, gold));
      anchored.push(accuracy(t, dawidSkene(t, { ...dsOpts, gold: crowd.gold }).label, crowd, gold));
    }
    return { votesPerWindow: k, majority: spread(maj), dawidSkene: spread(ds), goldAnchored: spread(anchored) };
  });
}

/** The table as fixed-width text for a terminal: accuracy mean ± sd (min–max) per method. */
export function formatCrowdTable(rows: readonly CrowdTableRow[], title = 'accuracy on non-gold windows, mean ± sd over seeds'): string {
  const cell = (s: Spread): string => `${s.mean.toFixed(3)} ± ${s.sd.toFixed(3)}`.padEnd(16);
  const lines = [title, `${'votes/window'.padEnd(13)}${'majority'.padEnd(16)}${'Dawid–Skene'.padEnd(16)}gold-anchored DS`];
  for (const r of rows) lines.push(`${String(r.votesPerWindow).padEnd(13)}${cell(r.majority)}${cell(r.dawidSkene)}${cell(r.goldAnchored).trimEnd()}`);
  return lines.join('\n');
}
