// The live consensus against aggregation from scratch: majority kept vote by vote must equal
// a recount after every change (ties to the newest vote), and Dawid–Skene warm-started after
// new votes must land where a cold run over all votes lands, with the per-window E-step
// between runs already close to it.
import { describe, expect, it } from 'vitest';
import { buildVoteTable, dawidSkene, LiveConsensus, simulateCrowd } from '../../core/common/crowd/index.js';
import { mulberry32 } from '../../core/common/ml/rng.js';

describe('LiveConsensus, majority', () => {
  it('equals a recount after every vote, change and removal (seeded)', () => {
    const K = 3;
    const live = new LiveConsensus(K, { method: 'majority' });
    const truth = new Map<number, Map<number, { label: number; order: number }>>();
    const random = mulberry32(5);
    for (let order = 1; order <= 3000; order++) {
      const w = Math.floor(random() * 40);
      const a = Math.floor(random() * 7);
      const r = random();
      const vote = r < 0.15 ? null : { label: r < 0.25 ? -1 : Math.floor(random() * K), order };
      live.set(w, a, vote);
      const votes = truth.get(w) ?? new Map();
      if (vote) votes.set(a, vote);
      else votes.delete(a);
      truth.set(w, votes);
      // Recount this window from scratch.
      const counts = new Array<number>(K).fill(0);
      for (const v of votes.values()) if (v.label >= 0) counts[v.label]!++;
      const n = counts.reduce((x, y) => x + y, 0);
      const got = live.window(w);
      if (n === 0) {
        expect(got).toBeNull();
        continue;
      }
      const top = Math.max(...counts);
      const newestTied = [...votes.values()].filter((v) => v.label >= 0 && counts[v.label] === top).sort((p, q) => q.order - p.order)[0]!;
      expect(got).toEqual({ label: newestTied.label, confidence: top / n, votes: n });
      expect(live.agreeing(w)).toBe(top);
    }
    expect(live.numVotes).toBe([...truth.values()].reduce((s, m) => s + [...m.values()].filter((v) => v.label >= 0).length, 0));
  });
});

describe('LiveConsensus, Dawid–Skene', () => {
  it('lands where a cold run over all votes lands, and its per-window updates stay close between runs', () => {
    const crowd = simulateCrowd({ windows: 1500, classes: 3, annotators: 60, votesPerWindow: 5, goldShare: 0.03, seed: 3 });
    const gold = new Map(crowd.gold.map((g) => [g.window, g.label]));
    const live = new LiveConsensus(3, { method: 'dawid-skene', gold, refreshShare: 0.05 });
    const id = (a: string | number) => Number(String(a).replace(/\D/g, ''));
    const votes = crowd.votes.map((v, i) => ({ w: v.window as number, a: id(v.annotator), label: v.label as number, order: i + 1 }));
    const cut = Math.floor(votes.length * 0.9);
    for (const v of votes.slice(0, cut)) live.set(v.w, v.a, { label: v.label, order: v.order });
    live.settle(true);
    // The last 10 % arrive one by one: windows are re-estimated, EM re-runs after each 5 % of votes.
    for (const v of votes.slice(cut)) live.set(v.w, v.a, { label: v.label, order: v.order });
    const between = Array.from({ length: 1500 }, (_, w) => live.window(w)?.label ?? -1);
    live.settle(true);
    const settled = Array.from({ length: 1500 }, (_, w) => live.window(w)?.label ?? -1);
    const cold = dawidSkene(buildVoteTable(votes.map((v) => ({ window: v.w, annotator: v.a, label: v.label })), { classes: ['0', '1', '2'], windows: [...gold.keys()] }), {
      gold: crowd.gold,
    });
    const coldLabel = (w: number) => cold.label[cold.windowIds.indexOf(w)]!;
    const same = (a: number[]) => a.filter((l, w) => l === coldLabel(w)).length / a.length;
    expect(same(settled)).toBeGreaterThan(0.995);
    expect(same(between)).toBeGreaterThan(0.97);
    const accuracy = (a: number[]) => a.filter((l, w) => l === crowd.truth[w]).length / a.length;
    expect(Math.abs(accuracy(settled) - accuracy(Array.from({ length: 1500 }, (_, w) => coldLabel(w))))).toBeLessThan(0.005);
  });
});
