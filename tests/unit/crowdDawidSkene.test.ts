import { describe, expect, it } from 'vitest';
import { dawidSkene } from '../../core/common/crowd/dawidSkene.js';
import { majorityVote } from '../../core/common/crowd/majority.js';
import { simulateCrowd, type SimulatedCrowd } from '../../core/common/crowd/simulate.js';
import { buildVoteTable, type VoteTable } from '../../core/common/crowd/votes.js';

/** Accuracy over the windows that are not gold (gold windows would flatter the anchored run). */
function accuracy(t: VoteTable, label: Int32Array, crowd: SimulatedCrowd): number {
  const gold = new Set(crowd.gold.map((g) => g.window));
  let ok = 0;
  let n = 0;
  t.windowIds.forEach((id, w) => {
    if (gold.has(id as number)) return;
    n++;
    if (label[w] === crowd.truth[id as number]) ok++;
  });
  return ok / n;
}

describe('Dawid–Skene', () => {
  it('recovers the confusion matrices of a simulated crowd', () => {
    const crowd = simulateCrowd({ windows: 4000, classes: 3, annotators: 10, votesPerWindow: 5, seed: 11 });
    const t = buildVoteTable(crowd.votes, { classes: crowd.classes });
    const ds = dawidSkene(t);
    expect(ds.converged).toBe(true);
    let worst = 0;
    let sum = 0;
    for (const sim of crowd.annotators) {
      const a = t.annotatorIndex.get(sim.id)!;
      for (let i = 0; i < 9; i++) {
        const err = Math.abs(ds.confusion[a * 9 + i] - sim.confusion[i]);
        worst = Math.max(worst, err);
        sum += err;
      }
    }
    // ~670 votes per row of each matrix: a standard error of about 0.02 per cell.
    expect(worst).toBeLessThan(0.08);
    expect(sum / (10 * 9)).toBeLessThan(0.025);
    // Reliability ranks the experts above the spammers.
    const rel = (kind: string) => crowd.annotators.filter((s) => s.kind === kind).map((s) => ds.reliability[t.annotatorIndex.get(s.id)!]);
    expect(Math.min(...rel('expert'))).toBeGreaterThan(0.9);
    expect(Math.max(...rel('spammer'))).toBeLessThan(0.4);
  });

  it('beats majority vote when annotators differ in skill', () => {
    for (const seed of [1, 2, 3]) {
      const crowd = simulateCrowd({ windows: 1500, classes: 3, annotators: 40, votesPerWindow: 5, seed });
      const t = buildVoteTable(crowd.votes, { classes: crowd.classes });
      const maj = accuracy(t, majorityVote(t).label, crowd);
      const ds = accuracy(t, dawidSkene(t).label, crowd);
      expect(ds).toBeGreaterThan(maj + 0.08);
    }
  });

  it('is anchored by gold windows where a contrarian majority fools plain EM', () => {
    const crowd = simulateCrowd({ windows: 1000, classes: 2, annotators: 20, votesPerWindow: 5, goldShare: 0.05, mix: { adversarial: 0.6, competent: 0.4 }, seed: 5 });
    const t = buildVoteTable(crowd.votes, { classes: crowd.classes });
    expect(accuracy(t, majorityVote(t).label, crowd)).toBeLessThan(0.5);
    expect(accuracy(t, dawidSkene(t).label, crowd)).toBeLessThan(0.5);
    // Clamping the gold windows alone is not enough here (accuracy stays near 0.04): the first
    // confusion matrices must come from each person's gold votes, so contrarians are read backwards.
    const anchored = dawidSkene(t, { gold: crowd.gold });
    expect(accuracy(t, anchored.label, crowd)).toBeGreaterThan(0.95);
    for (const g of crowd.gold) {
      const w = t.windowIndex.get(g.window)!;
      expect([anchored.label[w], anchored.confidence[w]]).toEqual([g.label, 1]);
    }
  });

  it('never lowers its objective and stops within tolerance', () => {
    const crowd = simulateCrowd({ windows: 800, classes: 4, annotators: 25, votesPerWindow: 3, goldShare: 0.1, seed: 8 });
    const t = buildVoteTable(crowd.votes, { classes: crowd.classes });
    for (const r of [dawidSkene(t), dawidSkene(t, { gold: crowd.gold, diagonalPrior: 2 }), dawidSkene(t, { init: 'random', seed: 3 })]) {
      expect(r.objective.length).toBe(r.iterations);
      for (let i = 1; i < r.objective.length; i++) expect(r.objective[i]).toBeGreaterThanOrEqual(r.objective[i - 1] - 1e-9 * Math.abs(r.objective[i]));
      expect(r.converged).toBe(true);
    }
  });

  it('reports each iteration and stops when told to (cancel)', () => {
    const crowd = simulateCrowd({ windows: 500, classes: 3, annotators: 20, votesPerWindow: 3, seed: 6 });
    const t = buildVoteTable(crowd.votes, { classes: crowd.classes });
    const seen: number[] = [];
    const r = dawidSkene(t, { onIteration: (i, change) => (seen.push(change), i < 2) });
    expect([r.iterations, r.converged, seen.length]).toEqual([2, false, 2]);
    expect(seen[0]).toBeGreaterThan(seen[1]);
  });

  it('is deterministic for a seed and refuses a random start without one', () => {
    const crowd = simulateCrowd({ windows: 300, classes: 3, annotators: 12, votesPerWindow: 4, seed: 2 });
    const t = buildVoteTable(crowd.votes, { classes: crowd.classes });
    expect(dawidSkene(t, { init: 'random', seed: 9 }).posterior).toEqual(dawidSkene(t, { init: 'random', seed: 9 }).posterior);
    expect(() => dawidSkene(t, { init: 'random' })).toThrow(/seed/);
  });

  it('re-aggregates new votes from the previous posteriors in fewer iterations, to the same labels', () => {
    const crowd = simulateCrowd({ windows: 3000, classes: 3, annotators: 40, votesPerWindow: 5, seed: 4 });
    const cut = Math.floor(crowd.votes.length * 0.99);
    const before = dawidSkene(buildVoteTable(crowd.votes.slice(0, cut), { classes: crowd.classes }));
    const all = buildVoteTable(crowd.votes, { classes: crowd.classes });
    const cold = dawidSkene(all);
    const warm = dawidSkene(all, { previous: before });
    // EM's tail converges linearly whatever the start, so the gain is the first few iterations.
    expect(warm.iterations).toBeLessThan(cold.iterations * 0.75);
    let same = 0;
    for (let w = 0; w < all.numWindows; w++) if (warm.label[w] === cold.label[w]) same++;
    expect(same / all.numWindows).toBeGreaterThan(0.998);
  });

  it('gives windows without votes no label and reports votes per window', () => {
    const t = buildVoteTable([{ window: 'a', annotator: 1, label: 'eq' }, { window: 'a', annotator: 2, label: 'eq' }], { classes: ['eq', 'noise'], windows: ['none'] });
    const r = dawidSkene(t);
    expect(Array.from(r.label)).toEqual([-1, 0]);
    expect(Array.from(r.votes)).toEqual([0, 2]);
    expect(r.posterior[0] + r.posterior[1]).toBeCloseTo(1, 12);
  });
});
