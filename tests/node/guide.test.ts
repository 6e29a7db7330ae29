// The volunteers' field guide through the API as each person: a volunteer learns a gold
// window's expert class only after labeling it — for practice windows always, for others
// only when the owner turns gold feedback on — and through no other method before; practice
// windows are gold windows of every class in turn, never a class example, handed out once.
import { afterEach, describe, expect, it } from 'vitest';
import { eventFor } from '../../core/node/api/caller.js';
import { Core } from '../../core/node/core.js';
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
  const made = await crowdProject(dir, `g${n++}.seislabel`, windows);
  core = made.core;
  return made;
}

describe('gold feedback', () => {
  it('never reaches a volunteer before they labeled the window, then only for practice or when the owner allows it', async () => {
    const { owner, ids, eq, noise, person } = await setup(6);
    const vic = await person('vic', 'volunteer');
    const [g1, g2, plain] = ids as [number, number, number];
    await owner.call('gold.set', { windowId: g1, classId: eq });
    await owner.call('gold.set', { windowId: g2, classId: noise });
    // Two practice windows: both gold windows, each class once.
    await owner.call('guide.settings', { practiceWindows: 1 });
    const status = await vic.client.call('guide.practice', { seed: 1 });
    expect(status.practice).toHaveLength(1);
    const practice = status.practice[0]!.windowId;
    const later = practice === g1 ? g2 : g1;
    const expert = (w: number) => (w === g1 ? eq : noise);

    // Before labeling: no method tells the gold class, nor even which windows are gold.
    for (const w of [practice, later, plain]) {
      expect(await vic.client.call('guide.feedback', { windowId: w })).toBeNull();
      expect((await vic.client.call('windows.get', { id: w })).label).toBeNull();
    }
    expect((await vic.client.call('windows.list', { limit: 100 })).windows.every((w) => w.label === null)).toBe(true);
    await expect(vic.client.call('gold.list')).rejects.toThrow(/forbidden|may not|not allowed/i);
    await expect(vic.client.call('consensus.get', { windowId: practice })).rejects.toThrow();
    await expect(vic.client.call('labels.history', { windowId: practice })).rejects.toThrow();
    await expect(vic.client.call('guide.settings', { goldFeedback: true })).rejects.toThrow();
    // Nor the event the owner's gold mark sends to every connection.
    expect(eventFor(vic.caller, 'labels.changed', { windowId: practice, current: { kind: 'class', classId: eq, annotatorId: 1, eventId: 1, listened: false } })).toBeNull();
    // Nor by asking as someone else.
    await expect(vic.client.call('guide.feedback', { windowId: practice, annotatorId: vic.annotatorId + 1 })).rejects.toThrow(/labels as themselves/);

    // A practice window, once labeled (right or wrong), tells its expert class.
    const wrong = expert(practice) === eq ? noise : eq;
    await vic.client.call('labels.add', { windowId: practice, kind: 'class', classId: wrong });
    expect(await vic.client.call('guide.feedback', { windowId: practice })).toEqual({ windowId: practice, expertClassId: expert(practice), practice: true });
    expect((await vic.client.call('guide.status', {})).practice).toEqual([{ windowId: practice, labeled: true }]);
    // Their own label is all they see of the window.
    expect((await vic.client.call('windows.get', { id: practice })).label).toMatchObject({ classId: wrong, annotatorId: vic.annotatorId });

    // A gold window met later: nothing while gold feedback is off, the class once it is on.
    await vic.client.call('labels.add', { windowId: later, kind: 'unsure' });
    expect(await vic.client.call('guide.feedback', { windowId: later })).toBeNull();
    await owner.call('guide.settings', { goldFeedback: true });
    expect((await vic.client.call('guide.status', {})).goldFeedback).toBe(true);
    expect(await vic.client.call('guide.feedback', { windowId: later })).toEqual({ windowId: later, expertClassId: expert(later), practice: false });
    // A window that is not gold gives nothing, labeled or not.
    await vic.client.call('labels.add', { windowId: plain, kind: 'class', classId: eq });
    expect(await vic.client.call('guide.feedback', { windowId: plain })).toBeNull();
    // Undone: no label, no feedback.
    await vic.client.call('labels.undo', {});
    await vic.client.call('labels.undo', {});
    expect(await vic.client.call('guide.feedback', { windowId: later })).toBeNull();
  });
});

describe('practice windows', () => {
  it('take every class in turn from gold windows the person has not labeled and that are no class example, once', async () => {
    const { owner, ids, eq, noise, person } = await setup(12);
    // Gold: 6 earthquakes (ids 0–5), 3 noise (6–8); window 0 is the earthquake example.
    for (const [i, w] of ids.slice(0, 9).entries()) await owner.call('gold.set', { windowId: w, classId: i < 6 ? eq : noise });
    await owner.call('classes.update', { id: eq, exampleWindowIds: [ids[0]!] });
    const ann = await person('ann', 'volunteer');
    // Ann already labeled window 6 (a noise gold window) in her queue.
    await ann.client.call('labels.add', { windowId: ids[6]!, kind: 'class', classId: noise });
    expect(await owner.call('guide.settings', {})).toEqual({ goldFeedback: false, practiceWindows: 4 });
    expect(await ann.client.call('guide.status', {})).toEqual({ tutorialDone: false, practiceAssigned: false, practice: [], goldFeedback: false });

    const s = await ann.client.call('guide.practice', { seed: 7 });
    const picked = s.practice.map((p) => p.windowId);
    expect(picked).toHaveLength(4);
    expect(new Set(picked).size).toBe(4);
    expect(picked).not.toContain(ids[0]);
    expect(picked).not.toContain(ids[6]);
    expect(picked.every((w) => ids.slice(0, 9).includes(w))).toBe(true);
    // Two of each class: the classes take turns.
    expect(picked.filter((w) => ids.indexOf(w) < 6)).toHaveLength(2);
    // Handed out once: the same windows whatever is asked later.
    expect((await ann.client.call('guide.practice', { seed: 99 })).practice.map((p) => p.windowId)).toEqual(picked);
    expect((await ann.client.call('guide.finishTutorial', {})).tutorialDone).toBe(true);

    // Same seed, same draw for another person with the same labels; the owner names the annotator.
    const ben = await person('ben', 'volunteer');
    await ben.client.call('labels.add', { windowId: ids[6]!, kind: 'class', classId: noise });
    expect((await owner.call('guide.practice', { annotatorId: ben.annotatorId, seed: 7 })).practice.map((p) => p.windowId)).toEqual(picked);

    // Without gold windows a newcomer gets none, and is not asked again once gold appears.
    for (const w of ids.slice(0, 9)) await owner.call('gold.set', { windowId: w, classId: null });
    const cy = await person('cy', 'volunteer');
    expect(await cy.client.call('guide.practice', {})).toMatchObject({ practiceAssigned: true, practice: [] });
    await owner.call('gold.set', { windowId: ids[10]!, classId: eq });
    expect((await cy.client.call('guide.practice', {})).practice).toEqual([]);

    await expect(owner.call('guide.settings', { practiceWindows: 51 })).rejects.toThrow(/practiceWindows/);
    await expect(owner.call('guide.status', {})).rejects.toThrow(/annotatorId/);
  });
});

describe('own label history', () => {
  it("gives a volunteer their own events of a window (undo included) and nobody else's", async () => {
    const { owner, ids, eq, noise, person } = await setup(2);
    const vic = await person('vic', 'volunteer');
    const lead = await owner.call('annotators.ensure', { name: 'lead' });
    const w = ids[0]!;
    await owner.call('labels.add', { windowId: w, annotatorId: lead.id, kind: 'class', classId: eq });
    await vic.client.call('labels.add', { windowId: w, kind: 'class', classId: noise });
    await vic.client.call('labels.undo', {});
    await vic.client.call('labels.add', { windowId: w, kind: 'unsure' });
    const mine = await vic.client.call('labels.mine', { windowId: w });
    expect(mine.map((e) => [e.annotatorId, e.kind, e.classId])).toEqual([[vic.annotatorId, 'class', noise], [vic.annotatorId, 'undo', null], [vic.annotatorId, 'unsure', null]]);
    expect(mine[1]!.undoes).toBe(mine[0]!.id);
    // The owner's full history has all four; asked for one annotator, only theirs.
    expect(await owner.call('labels.history', { windowId: w })).toHaveLength(4);
    expect((await owner.call('labels.mine', { windowId: w, annotatorId: lead.id })).map((e) => e.classId)).toEqual([eq]);
    await expect(vic.client.call('labels.mine', { windowId: w, annotatorId: lead.id })).rejects.toThrow(/labels as themselves/);
    await expect(owner.call('labels.mine', { windowId: w })).rejects.toThrow(/annotatorId/);
  });
});
