// Many people on one project, through the API as each of them: per-person labels and undo,
// the blind view of a volunteer, majority and Dawid–Skene consensus, gold anchoring,
// redundancy and retirement in the queue, and agreement numbers checked by hand.
import { afterEach, describe, expect, it } from 'vitest';
import type { CoreClient } from '../../core/common/api/client.js';
import type { Caller } from '../../core/common/api/roles.js';
import { eventFor } from '../../core/node/api/caller.js';
import { Core } from '../../core/node/core.js';
import { listModels } from '../../core/node/store/models.js';
import { crowdProject } from '../helpers/crowdProject.js';
import { tempDir } from '../helpers/tmp.js';

const dir = tempDir();
let n = 0;
let core: Core | null = null;
afterEach(async () => {
  await core?.close();
  core = null;
});

async function setup(windows: number) {
  const made = await crowdProject(dir, `p${n++}.seislabel`, windows);
  core = made.core;
  return made;
}

describe('per-person labels', () => {
  it('keep each person their own label and undo, and show a volunteer only their own (blind)', async () => {
    const { owner, ids, eq, noise, person } = await setup(3);
    const vera = await person('vera', 'volunteer');
    const walt = await person('walt', 'volunteer');
    const [w1, w2] = ids as [number, number];
    await vera.client.call('labels.add', { windowId: w1, kind: 'class', classId: eq });
    await walt.client.call('labels.add', { windowId: w1, kind: 'class', classId: noise });
    const third = await walt.client.call('labels.add', { windowId: w2, kind: 'class', classId: noise });
    // The answer to a volunteer's label is their own label, not the consensus.
    expect(third.current).toMatchObject({ classId: noise, annotatorId: walt.annotatorId });
    expect(third.current.consensus).toBeUndefined();

    const seen = await vera.client.call('windows.list', {});
    expect(seen.windows.find((w) => w.id === w1)!.label).toMatchObject({ classId: eq, annotatorId: vera.annotatorId });
    // Walt labeled w2; Vera must not learn what he said.
    expect(seen.windows.find((w) => w.id === w2)!.label).toBeNull();
    expect((await vera.client.call('windows.get', { id: w2 })).label).toBeNull();
    // Nor which windows others labeled: "labeled" means labeled by her.
    expect((await vera.client.call('windows.list', { labeled: true })).windows.map((w) => w.id)).toEqual([w1]);
    expect((await vera.client.call('windows.list', { labeled: false })).total).toBe(2);
    expect((await owner.call('windows.list', { labeled: false })).total).toBe(1);
    await expect(vera.client.call('consensus.get', { windowId: w1 })).rejects.toThrow(/forbidden|not allowed|may not/i);
    await expect(vera.client.call('agreement.summary', {})).rejects.toThrow(/forbidden|not allowed|may not/i);

    // The owner sees the consensus and everyone's label.
    const c1 = await owner.call('consensus.get', { windowId: w1 });
    expect(c1.labels.map((l) => [l.name, l.classId])).toEqual([['vera', eq], ['walt', noise]]);
    expect(c1.label).toMatchObject({ kind: 'class', votes: 2, confidence: 0.5, method: 'majority' });

    // Walt's undo takes back his own latest label only: w2 loses its label, Vera's w1 stays.
    const undone = await walt.client.call('labels.undo', {});
    expect(undone!.windowId).toBe(w2);
    expect(undone!.current).toBeNull();
    await walt.client.call('labels.undo', {});
    const after = await owner.call('consensus.get', { windowId: w1 });
    expect(after.labels.map((l) => l.name)).toEqual(['vera']);
    expect(after.label).toMatchObject({ classId: eq, votes: 1, confidence: 1 });
    expect((await vera.client.call('windows.get', { id: w1 })).label).toMatchObject({ classId: eq });
  });
});

describe('consensus', () => {
  it('follows the majority, and with Dawid–Skene anchored on gold it reads a crowd that swaps classes backwards', async () => {
    const { owner, store, ids, eq, noise, person } = await setup(12);
    const good = await person('good', 'analyst');
    const swap1 = await person('swap1', 'analyst');
    const swap2 = await person('swap2', 'analyst');
    const truth = ids.map((_, i) => (i % 3 === 0 ? eq : noise));
    const other = (c: number) => (c === eq ? noise : eq);
    for (const [i, windowId] of ids.entries()) {
      await good.client.call('labels.add', { windowId, kind: 'class', classId: truth[i]! });
      await swap1.client.call('labels.add', { windowId, kind: 'class', classId: other(truth[i]!) });
      await swap2.client.call('labels.add', { windowId, kind: 'class', classId: other(truth[i]!) });
    }
    // Majority: two swappers outvote the good annotator everywhere.
    const majority = ids.map((w) => store.currentLabel(w)!.classId);
    expect(majority).toEqual(truth.map(other));
    expect(store.currentLabel(ids[0]!)!.consensus).toEqual({ confidence: 2 / 3, votes: 3, method: 'majority' });

    // The owner marks six windows gold; those follow the expert at once, even under majority.
    for (const w of ids.slice(0, 6)) await owner.call('gold.set', { windowId: w, classId: truth[ids.indexOf(w)]! });
    expect(store.currentLabel(ids[0]!)).toMatchObject({ classId: truth[0], consensus: { method: 'gold', confidence: 1 } });
    expect(store.currentLabel(ids[7]!)!.classId).toBe(other(truth[7]!));
    expect(await owner.call('gold.list', {})).toHaveLength(6);

    // Dawid–Skene learns from the gold windows that the swappers answer backwards.
    expect(await owner.call('consensus.settings', { method: 'dawid-skene' })).toMatchObject({ method: 'dawid-skene', votesPerWindow: 1 });
    const ds = await owner.call('consensus.get', { windowId: ids[7]! });
    expect(ds.label).toMatchObject({ classId: truth[7], method: 'dawid-skene' });
    expect(ids.slice(6).map((w) => store.currentLabel(w)!.classId)).toEqual(truth.slice(6));
    // The training set is the consensus.
    const listed = await owner.call('windows.list', { labeled: true });
    expect(listed.windows.map((w) => w.label!.classId)).toEqual(truth);

    // Unmarking gold goes back to what the votes say.
    await owner.call('gold.set', { windowId: ids[0]!, classId: null });
    expect((await owner.call('consensus.get', { windowId: ids[0]! })).gold).toBeNull();
    await expect(good.client.call('gold.set', { windowId: ids[1]!, classId: eq })).rejects.toThrow();
  });
});

describe('agreement.summary', () => {
  it('gives the kappas, alpha and confusion matrices of a hand-computed case', async () => {
    const { owner, ids, eq, noise, person } = await setup(4);
    const ann = await person('ann', 'analyst');
    const ben = await person('ben', 'analyst');
    const A = [eq, eq, noise, noise];
    const B = [eq, noise, noise, noise];
    for (const [i, windowId] of ids.entries()) {
      await ann.client.call('labels.add', { windowId, kind: 'class', classId: A[i]! });
      await ben.client.call('labels.add', { windowId, kind: 'class', classId: B[i]! });
    }
    const s = await owner.call('agreement.summary', {});
    expect(s.classes.map((c) => c.name)).toEqual(['earthquake', 'noise']);
    expect(s.votes).toBe(8);
    // Observed 3/4; chance 1/2·1/4 + 1/2·3/4 = 1/2 → Cohen's kappa (0.75 − 0.5)/0.5 = 0.5.
    expect(s.pairs).toHaveLength(1);
    expect(s.pairs[0]!.shared).toBe(4);
    expect(s.pairs[0]!.kappa).toBeCloseTo(0.5, 10);
    // Fleiss: P̄ = 3/4, P_e = (3/8)² + (5/8)² = 34/64 → (0.75 − 0.53125)/(1 − 0.53125) = 7/15.
    expect(s.fleiss.kappa).toBeCloseTo(7 / 15, 10);
    // Krippendorff (nominal): D_o = 2/8, D_e = 2·3·5/(8·7) → α = 1 − 0.25/(30/56) = 8/15.
    expect(s.krippendorffAlpha).toBeCloseTo(8 / 15, 10);
    // Consensus: w1 eq, w2 tied → newest vote (ben: noise), w3 and w4 noise.
    const a = s.annotators.find((x) => x.name === 'ann')!;
    expect(a.vsConsensus.confusion).toEqual([[1, 0], [1, 2]]);
    expect(a.vsConsensus.agreement).toBeCloseTo(0.75, 10);
    expect(a.vsGold.compared).toBe(0);
    expect(a.flagged).toBe(false);
    // Only the split window is contested: one bit of entropy.
    expect(await owner.call('review.contested', {})).toEqual([{ windowId: ids[1], classId: noise, entropy: 1, confidence: 0.5, votes: 2 }]);

    // With w2 gold = earthquake, ann is right on it and ben wrong.
    await owner.call('gold.set', { windowId: ids[1]!, classId: eq });
    const g = await owner.call('agreement.summary', {});
    expect(g.annotators.find((x) => x.name === 'ann')!.vsGold).toMatchObject({ compared: 1, agreement: 1, confusion: [[1, 0], [0, 0]] });
    expect(g.annotators.find((x) => x.name === 'ben')!.vsGold).toMatchObject({ compared: 1, agreement: 0, confusion: [[0, 1], [0, 0]] });
    // Gold is not a vote: the kappas do not move.
    expect(g.pairs[0]!.kappa).toBeCloseTo(0.5, 10);
    // Settled by gold, it is no longer contested.
    expect(await owner.call('review.contested', {})).toEqual([]);
  });
});

describe('redundancy and retirement', () => {
  it('give each volunteer a queue without the windows they judged or that retired', async () => {
    const { owner, ids, eq, noise, person } = await setup(6);
    const vera = await person('vera', 'volunteer');
    const walt = await person('walt', 'volunteer');
    await owner.call('consensus.settings', { votesPerWindow: 2 });
    const queue = async (c: CoreClient) => (await c.call('al.nextBatch', { strategy: 'random', batchSize: 50, seed: 1 })).windowIds.sort((p, q) => p - q);
    const [w1, w2, w3] = ids as [number, number, number];
    await vera.client.call('labels.add', { windowId: w1, kind: 'class', classId: eq });
    await vera.client.call('labels.add', { windowId: w2, kind: 'skip' });
    expect(await queue(vera.client)).toEqual(ids.filter((w) => w !== w1 && w !== w2));
    // One vote of two wanted: Walt still gets w1 and w2.
    expect(await queue(walt.client)).toEqual(ids);
    await walt.client.call('labels.add', { windowId: w1, kind: 'class', classId: noise });
    // w1 has its two judgements: retired for everyone, the owner included.
    expect(await queue(owner)).toEqual(ids.filter((w) => w !== w1));
    expect((await owner.call('consensus.get', { windowId: w1 })).retired).toBe(true);

    // Retire after one agreeing class vote: w3 goes as soon as anyone gives it a class.
    await owner.call('consensus.settings', { votesPerWindow: 3, retireAgreeing: 1 });
    await vera.client.call('labels.add', { windowId: w3, kind: 'class', classId: eq });
    expect(await queue(walt.client)).toEqual(ids.filter((w) => w !== w1 && w !== w3));
    // A gold window needs no crowd.
    await owner.call('gold.set', { windowId: ids[5]!, classId: noise });
    expect(await queue(walt.client)).not.toContain(ids[5]);
  });
});

describe('label events on the wire', () => {
  it("reach a volunteer only for their own labels, carrying their own label instead of the consensus", () => {
    const vera: Caller = { role: 'volunteer', personId: 1, annotatorId: 7, name: 'vera', local: false };
    const reviewer: Caller = { ...vera, role: 'reviewer', annotatorId: 8 };
    const consensus = { kind: 'class' as const, classId: 2, annotatorId: 9, eventId: 12, listened: false, consensus: { confidence: 2 / 3, votes: 3, method: 'majority' as const } };
    const own = { kind: 'class' as const, classId: 1, annotatorId: 7, eventId: 11, listened: false };
    expect(eventFor(vera, 'labels.changed', { windowId: 3, current: consensus, by: 7, own })).toEqual({ windowId: 3, current: own, by: 7, own });
    expect(eventFor(vera, 'labels.changed', { windowId: 3, current: consensus, by: 9, own: consensus })).toBeNull();
    // A gold change names nobody: not a volunteer's business.
    expect(eventFor(vera, 'labels.changed', { windowId: 3, current: consensus })).toBeNull();
    expect(eventFor(vera, 'models.changed', { modelId: 1 })).toBeNull();
    expect(eventFor(reviewer, 'labels.changed', { windowId: 3, current: consensus, by: 9 })).toEqual({ windowId: 3, current: consensus, by: 9 });
    // The project file's place on the host reaches only the owner.
    expect(eventFor(vera, 'project.changed', { path: '/srv/projects/quakes.seislabel' })).toEqual({ path: 'quakes.seislabel' });
    expect(eventFor(reviewer, 'project.changed', { path: 'C:\\data\\quakes.seislabel' })).toEqual({ path: 'quakes.seislabel' });
    expect(eventFor({ ...vera, role: 'owner' }, 'project.changed', { path: '/srv/projects/quakes.seislabel' })).toEqual({ path: '/srv/projects/quakes.seislabel' });
  });
});

describe('training on the consensus', () => {
  it('trains the model on the consensus weighted by its confidence, and the dashboard re-fit reproduces it', async () => {
    const { owner, store, ids, eq, noise, person } = await setup(30);
    const people = [await person('p1', 'analyst'), await person('p2', 'analyst'), await person('p3', 'analyst')];
    const truth = ids.map((_, i) => (i % 2 === 0 ? eq : noise));
    for (const [i, windowId] of ids.entries()) {
      for (const [k, p] of people.entries()) {
        // p3 disagrees on every third window: those are 2-to-1 splits.
        const classId = k === 2 && i % 3 === 0 ? (truth[i] === eq ? noise : eq) : truth[i]!;
        await p.client.call('labels.add', { windowId, kind: 'class', classId });
      }
    }
    // A retrain started automatically while labeling may still run; train again once it ended.
    for (let round = 0; round < 3 && !listModels(store.db).some((x) => x.trainingSet.train.length === 30); round++) {
      const { taskId } = await owner.call('models.train', { kind: 'forest', seed: 1 });
      expect((await core!.tasks.wait(taskId)).status).toBe('done');
    }
    const m = listModels(store.db).find((x) => x.trainingSet.train.length === 30)!;
    expect(m).toBeDefined();
    expect(m.trainingSet.labels).toEqual(m.trainingSet.train.map((w) => truth[ids.indexOf(w)]));
    expect(m.trainingSet.weights!.map((w) => w.toFixed(6))).toEqual(m.trainingSet.train.map((w) => (ids.indexOf(w) % 3 === 0 ? 2 / 3 : 1).toFixed(6)));
    expect(m.trainingSet.test.length).toBeGreaterThan(0);
    const d = await owner.call('insights.dashboard', { modelId: m.id });
    expect(d!.cellsNote).toMatch(/equals the stored one/);
  }, 60_000);
});
