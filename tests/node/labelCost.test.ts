// Cost and stopping: annotator-hours are the sum of each label's time from shown to verdict,
// per person and in total; each model version is set against the labels and hours spent
// before it was trained; the F1 gained per hour and the stopping hint come with them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CoreClient } from '../../core/common/api/client.js';
import type { Core } from '../../core/node/core.js';
import { fillDemo } from '../../core/node/demoProject.js';
import { insertModel } from '../../core/node/store/models.js';
import { invitePerson } from '../helpers/people.js';
import { newProject } from '../helpers/project.js';
import { tempDir } from '../helpers/tmp.js';

describe('insights.labelCost', () => {
  const dir = tempDir();
  let core: Core;
  let c: CoreClient;
  beforeAll(async () => {
    ({ core, c } = await newProject(dir, 'cost.seislabel', [{ name: 'earthquake' }, { name: 'noise' }]));
    fillDemo(core.requireProject(), { count: 12 });
    await c.call('al.settings', { retrainEvery: 0 });
  });
  afterAll(() => core.close());

  /** A model version scored on a held-out confusion matrix (macro-F1 known by hand). */
  const model = (confusion: number[][]) => insertModel(core.requireProject().db, {
    kind: 'forest', backend: 'test', seed: 0, classIds: [1, 2], featureSet: 'x', trainingSet: { train: [1, 2, 3], validation: [], test: [] },
    metrics: { test: { confusion } }, trainMs: 1, params: new Uint8Array(0),
  }, { windowIds: [], probs: new Float32Array(0) });

  it('sums the time from shown to label per person, and sets each model against the hours before it', async () => {
    const [eq, noise] = (await c.call('classes.list')).map((k) => k.id) as [number, number];
    const ids = (await c.call('windows.list', { limit: 12 })).windows.map((w) => w.id);
    const vera = await invitePerson(core, c, 'vera', 'volunteer');
    const walt = await invitePerson(core, c, 'walt', 'volunteer');
    // Vera: 3 labels of 60 s; Walt: 2 of 30 s and one without a time.
    for (const w of ids.slice(0, 3)) await vera.client.call('labels.add', { windowId: w, kind: 'class', classId: eq, timeToLabelMs: 60_000 });
    await walt.client.call('labels.add', { windowId: ids[0]!, kind: 'class', classId: noise, timeToLabelMs: 30_000 });
    await walt.client.call('labels.add', { windowId: ids[1]!, kind: 'skip', timeToLabelMs: 30_000 });
    await walt.client.call('labels.add', { windowId: ids[2]!, kind: 'class', classId: noise });
    await new Promise((r) => setTimeout(r, 5));
    // F1 of [[8,2],[2,8]] is 0.8 for both classes.
    const first = model([[8, 2], [2, 8]]);
    await new Promise((r) => setTimeout(r, 5));
    // Six more minutes of Vera's labeling, then a better model: F1 1.
    for (const w of ids.slice(3, 9)) await vera.client.call('labels.add', { windowId: w, kind: 'class', classId: noise, timeToLabelMs: 60_000 });
    await new Promise((r) => setTimeout(r, 5));
    const second = model([[10, 0], [0, 10]]);

    const cost = await c.call('insights.labelCost');
    expect(cost.total).toEqual({ labels: 12, timedLabels: 11, hours: (9 * 60 + 2 * 30) / 3600 });
    const person = (name: string) => cost.people.find((p) => p.name === name)!;
    expect(person('vera')).toMatchObject({ labels: 9, timedLabels: 9, medianSeconds: 60 });
    expect(person('vera').hours).toBeCloseTo(9 / 60, 12);
    expect(person('walt')).toMatchObject({ labels: 3, timedLabels: 2, medianSeconds: 30 });
    expect(person('walt').hours).toBeCloseTo(1 / 60, 12);
    expect(cost.models.map((m) => m.modelId)).toEqual([first, second]);
    expect(cost.models[0]!.macroF1).toBeCloseTo(0.8, 12);
    expect(cost.models[0]!.hours).toBeCloseTo(4 / 60, 12);
    expect(cost.models[0]!.perPerson.find((p) => p.annotatorId === vera.annotatorId)).toMatchObject({ labels: 3 });
    expect(cost.models[1]!.hours).toBeCloseTo(10 / 60, 12);
    // 0.2 of macro-F1 bought with 6 minutes: 2 per hour.
    expect(cost.f1PerHour).toBeCloseTo(0.2 / 0.1, 10);
    expect(typeof cost.stopping.reason).toBe('string');
    // Volunteers do not see what the project's labels cost.
    await expect(vera.client.call('insights.labelCost')).rejects.toThrow(/not allowed/);
  });
});
