// Assignment with several simulated people through the API, each as themselves: redundancy
// (votesPerWindow different people per window), retirement, leases that keep a window in
// flight from going to more people than should judge it (and expire), the owner's share of
// gold windows in volunteers' queues, and each person's progress in agreement.summary.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CoreClient } from '../../core/common/api/client.js';
import { mulberry32 } from '../../core/common/ml/rng.js';
import type { Core } from '../../core/node/core.js';
import { fillDemo } from '../../core/node/demoProject.js';
import { invitePerson } from '../helpers/people.js';
import { newProject } from '../helpers/project.js';
import { tempDir } from '../helpers/tmp.js';

const dir = tempDir();
let n = 0;
let core: Core;
let owner: CoreClient;
let classes: number[];
let ids: number[];
let offset = 0;

beforeEach(async () => {
  // Lease expiry is tested by moving the host's clock, not by waiting.
  const real = Date.now.bind(Date);
  offset = 0;
  vi.spyOn(Date, 'now').mockImplementation(() => real() + offset);
  ({ core, c: owner } = await newProject(dir, `a${n++}.seislabel`, [{ name: 'earthquake' }, { name: 'noise' }]));
  fillDemo(core.requireProject(), { count: 40 });
  await owner.call('al.settings', { retrainEvery: 0 });
  classes = (await owner.call('classes.list')).map((k) => k.id);
  ids = core.requireProject().windowIds();
});
afterEach(async () => {
  vi.restoreAllMocks();
  await core.close();
});

const queue = async (c: CoreClient, batchSize = 50, seed = 1) => (await c.call('al.nextBatch', { strategy: 'random', batchSize, seed })).windowIds;
const people = (k: number, role: 'volunteer' | 'analyst' = 'volunteer') => Promise.all(Array.from({ length: k }, (_, i) => invitePerson(core, owner, `${role}${i}`, role)));
/** Judgements per window (people whose own label of it is any verdict). */
const judgedCounts = () => new Map((core.requireProject().db.prepare('SELECT window_id AS w, count(*) AS n FROM annotator_labels GROUP BY window_id').all() as { w: number; n: number }[]).map((r) => [r.w, r.n]));

describe('leases', () => {
  it('hand a window in flight to at most votesPerWindow people, until the leases expire', async () => {
    await owner.call('consensus.settings', { votesPerWindow: 2, leaseSeconds: 600 });
    const [a, b, c] = await people(3);
    const qa = await queue(a!.client);
    expect(qa.sort((x, y) => x - y)).toEqual(ids);
    expect(await queue(b!.client)).toHaveLength(40);
    // Two people hold every window: the third gets none.
    expect(await queue(c!.client)).toEqual([]);
    // Asking again renews one's own leases rather than losing them.
    expect(await queue(a!.client)).toHaveLength(40);
    // a answers three windows: one judgement + b's lease still make two, so c waits.
    for (const w of ids.slice(0, 3)) await a!.client.call('labels.add', { windowId: w, kind: 'class', classId: classes[0]! });
    expect(await queue(c!.client)).toEqual([]);
    // b's leases expire: c may take every window that has fewer than two judgements plus holders.
    offset += 601_000;
    const qc = await queue(c!.client);
    expect(qc.sort((x, y) => x - y)).toEqual(ids);
    const s = await owner.call('agreement.summary', {});
    expect(s.progress.map((p) => [p.name, p.labels, p.inFlight])).toEqual([['volunteer0', 3, 0], ['volunteer1', 0, 0], ['volunteer2', 0, 40]]);
  });

  it('never let a window get more verdicts than votesPerWindow when six people label at once (seeded)', async () => {
    await owner.call('consensus.settings', { votesPerWindow: 3, leaseSeconds: 60 });
    const crowd = await people(6);
    const random = mulberry32(12);
    const holding = crowd.map(() => [] as { w: number; until: number }[]);
    let handed = 0;
    for (let step = 0; step < 400; step++) {
      const i = Math.floor(random() * crowd.length);
      const p = crowd[i]!;
      offset += Math.floor(random() * 5000);
      const live = holding[i]!.filter((h) => h.until > Date.now());
      if (live.length === 0 || random() < 0.2) {
        const got = await queue(p.client, 4, step);
        handed += got.length;
        holding[i] = [...live.filter((h) => !got.includes(h.w)), ...got.map((w) => ({ w, until: Date.now() + 60_000 }))];
      } else {
        const h = live[Math.floor(random() * live.length)]!;
        await p.client.call('labels.add', { windowId: h.w, kind: 'class', classId: classes[random() < 0.7 ? 0 : 1]! });
        holding[i] = live.filter((x) => x.w !== h.w);
      }
      const judged = judgedCounts();
      const held = new Map<number, number>();
      for (const hs of holding) for (const h of hs) if (h.until > Date.now() && !(core.requireProject().ownLabel(h.w, crowd[holding.indexOf(hs)]!.annotatorId))) held.set(h.w, (held.get(h.w) ?? 0) + 1);
      for (const w of ids) expect((judged.get(w) ?? 0) + (held.get(w) ?? 0)).toBeLessThanOrEqual(3);
    }
    expect(handed).toBeGreaterThan(100);
    const judged = judgedCounts();
    expect(Math.max(...judged.values())).toBe(3);
    // Nobody judged a window twice (one own label per person and window is the table's key; here: one event each).
    const twice = core.requireProject().db.prepare("SELECT count(*) FROM (SELECT window_id, annotator_id FROM label_events WHERE kind != 'undo' GROUP BY 1, 2 HAVING count(*) > 1)").pluck().get();
    expect(twice).toBe(0);
  });
});

describe('retirement', () => {
  it('stops handing out a window once retireAgreeing people agree, even with places left', async () => {
    await owner.call('consensus.settings', { votesPerWindow: 4, retireAgreeing: 2 });
    const [a, b, c, d] = await people(4);
    const [w1, w2] = ids as [number, number];
    await a!.client.call('labels.add', { windowId: w1, kind: 'class', classId: classes[0]! });
    await b!.client.call('labels.add', { windowId: w1, kind: 'class', classId: classes[0]! });
    await a!.client.call('labels.add', { windowId: w2, kind: 'class', classId: classes[0]! });
    await b!.client.call('labels.add', { windowId: w2, kind: 'class', classId: classes[1]! });
    const qc = await queue(c!.client);
    expect(qc).not.toContain(w1);
    expect(qc).toContain(w2);
    await c!.client.call('labels.add', { windowId: w2, kind: 'class', classId: classes[1]! });
    expect(await queue(d!.client)).not.toContain(w2);
    expect((await owner.call('consensus.get', { windowId: w2 })).retired).toBe(true);
  });
});

describe('gold share', () => {
  it("mixes the owner's share of unseen gold windows into volunteers' queues, and reports their accuracy on gold", async () => {
    const gold = ids.slice(0, 10);
    const truth = (w: number) => classes[w % 2]!;
    for (const w of gold) await owner.call('gold.set', { windowId: w, classId: truth(w) });
    await expect(owner.call('consensus.settings', { goldShare: 1.5 })).rejects.toThrow(/goldShare/);
    await expect(owner.call('consensus.settings', { leaseSeconds: 5 })).rejects.toThrow(/leaseSeconds/);
    expect(await owner.call('consensus.settings', { goldShare: 0.25, votesPerWindow: 3 })).toMatchObject({ goldShare: 0.25, votesPerWindow: 3, leaseSeconds: 600 });
    const [vera] = await people(1);
    const [ana] = await people(1, 'analyst');
    const seen = new Set<number>();
    for (let batch = 0; batch < 4; batch++) {
      const q = await queue(vera!.client, 8, batch);
      expect(q).toHaveLength(8);
      const g = q.filter((w) => gold.includes(w));
      // 0.25 × 8: exactly two gold windows per batch, never one she already had.
      expect(g).toHaveLength(2);
      for (const w of g) expect(seen.has(w)).toBe(false);
      g.forEach((w) => seen.add(w));
      // She answers the gold windows, right on all but one.
      for (const w of g) await vera!.client.call('labels.add', { windowId: w, kind: 'class', classId: w === g[0] && batch === 0 ? classes[(w + 1) % 2]! : truth(w) });
    }
    // Only two gold windows are left unseen: the next batch takes what there is.
    expect((await queue(vera!.client, 8, 9)).filter((w) => gold.includes(w))).toHaveLength(2);
    // An analyst's queue has no gold mixed in (gold windows are retired for everyone else).
    expect((await queue(ana!.client)).filter((w) => gold.includes(w))).toEqual([]);
    const s = await owner.call('agreement.summary', {});
    const p = s.progress.find((x) => x.name === 'volunteer0')!;
    expect(p).toMatchObject({ labels: 8, goldSeen: 8, goldCorrect: 7, goldAccuracy: 7 / 8 });
    // The label row says the window was there as gold.
    const strategies = core.requireProject().db.prepare('SELECT DISTINCT query_strategy FROM label_events WHERE annotator_id = ?').pluck().all(vera!.annotatorId);
    expect(strategies).toEqual(['gold']);
    // With no share set, volunteers get none.
    await owner.call('consensus.settings', { goldShare: 0 });
    const walt = await invitePerson(core, owner, 'walt', 'volunteer');
    expect((await queue(walt.client)).filter((w) => gold.includes(w))).toEqual([]);
  });
});
