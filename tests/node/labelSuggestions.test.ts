// Provenance of model-assisted labels: the suggestion in view (class, confidence, model) and
// whether the verdict accepted it are stored with the label event, returned in its history
// and written to the labels CSV; labels made without one carry none.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CoreClient } from '../../core/common/api/client.js';
import type { Core } from '../../core/node/core.js';
import { fillDemo } from '../../core/node/demoProject.js';
import { labelsCsv } from '../../core/node/exporters/labelsCsv.js';
import { newProject } from '../helpers/project.js';
import { tempDir } from '../helpers/tmp.js';

describe('label events record the model suggestion that was shown', () => {
  const dir = tempDir();
  let core: Core;
  let c: CoreClient;
  let ids: number[];
  let eq: number;
  let noise: number;
  let ann: number;
  beforeAll(async () => {
    ({ core, c } = await newProject(dir, 's.seislabel', [{ name: 'earthquake' }, { name: 'noise' }]));
    fillDemo(core.requireProject(), { count: 6 });
    await c.call('al.settings', { retrainEvery: 0 });
    [eq, noise] = (await c.call('classes.list')).map((k) => k.id) as [number, number];
    ann = (await c.call('annotators.ensure', { name: 'ana' })).id;
    ids = (await c.call('windows.list', { limit: 6 })).windows.map((w) => w.id);
  });
  afterAll(() => core.close());

  it('stores an accepted suggestion, a declined one and none, and returns them in the history', async () => {
    const accepted = await c.call('labels.add', { windowId: ids[0]!, annotatorId: ann, kind: 'class', classId: eq, suggestion: { classId: eq, confidence: 0.87, modelId: 3, accepted: true } });
    expect(accepted.event.suggestion).toEqual({ classId: eq, confidence: 0.87, modelId: 3, accepted: true });
    // Shown, but the annotator chose another class (or unsure).
    await c.call('labels.add', { windowId: ids[1]!, annotatorId: ann, kind: 'class', classId: noise, suggestion: { classId: eq, confidence: 0.55, modelId: 3, accepted: false } });
    await c.call('labels.add', { windowId: ids[2]!, annotatorId: ann, kind: 'unsure', suggestion: { classId: noise, confidence: 0.5, modelId: 3, accepted: false } });
    await c.call('labels.add', { windowId: ids[3]!, annotatorId: ann, kind: 'class', classId: noise });
    expect((await c.call('labels.history', { windowId: ids[0]! }))[0]!.suggestion).toEqual({ classId: eq, confidence: 0.87, modelId: 3, accepted: true });
    expect((await c.call('labels.history', { windowId: ids[1]! }))[0]!.suggestion).toEqual({ classId: eq, confidence: 0.55, modelId: 3, accepted: false });
    expect((await c.call('labels.history', { windowId: ids[2]! }))[0]).toMatchObject({ kind: 'unsure', suggestion: { classId: noise, accepted: false } });
    expect((await c.call('labels.history', { windowId: ids[3]! }))[0]!.suggestion).toBeNull();
    // Read straight from the file: the columns hold it, not only the API.
    const row = core.requireProject().db.prepare('SELECT suggested_class_id, suggestion_confidence, suggestion_model_id, suggestion_accepted FROM label_events WHERE window_id = ?').get(ids[0]!);
    expect(row).toEqual({ suggested_class_id: eq, suggestion_confidence: 0.87, suggestion_model_id: 3, suggestion_accepted: 1 });
  });

  it('refuses an "accepted" suggestion that is not the class of the label, and an unknown suggested class', async () => {
    await expect(c.call('labels.add', { windowId: ids[4]!, annotatorId: ann, kind: 'class', classId: noise, suggestion: { classId: eq, confidence: 0.9, modelId: 1, accepted: true } }))
      .rejects.toMatchObject({ code: 'invalid_input' });
    await expect(c.call('labels.add', { windowId: ids[4]!, annotatorId: ann, kind: 'skip', suggestion: { classId: eq, confidence: 0.9, modelId: 1, accepted: true } }))
      .rejects.toMatchObject({ code: 'invalid_input' });
    await expect(c.call('labels.add', { windowId: ids[4]!, annotatorId: ann, kind: 'class', classId: eq, suggestion: { classId: 999, confidence: 0.9, modelId: 1, accepted: false } }))
      .rejects.toMatchObject({ code: 'not_found' });
    await expect(c.call('labels.add', { windowId: ids[4]!, annotatorId: ann, kind: 'class', classId: eq, suggestion: { classId: eq, confidence: 1.5, modelId: 1, accepted: true } }))
      .rejects.toMatchObject({ code: 'invalid_input' });
    expect(await c.call('labels.history', { windowId: ids[4]! })).toEqual([]);
  });

  it('writes the suggestion of each current label to the labels CSV', () => {
    const lines = labelsCsv(core.requireProject()).text.trim().split('\n').map((l) => l.split(','));
    const head = lines[0]!;
    const col = (name: string) => head.indexOf(name);
    const byWindow = new Map(lines.slice(1).map((l) => [Number(l[0]), l]));
    const pick = (w: number) => ['suggested_label', 'suggestion_confidence', 'suggestion_model', 'suggestion_accepted'].map((k) => byWindow.get(w)![col(k)]);
    expect(pick(ids[0]!)).toEqual(['earthquake', '0.87', '3', '1']);
    expect(pick(ids[1]!)).toEqual(['earthquake', '0.55', '3', '0']);
    expect(pick(ids[3]!)).toEqual(['', '', '', '']);
  });
});
