// Provenance on each label row: who (from the session, never the client), in which view, how
// long after the window was shown, whether they listened, and which query batch chose the
// window; bad client-sent fields are refused by name; a retried write with the same
// idempotency key adds no second vote; the labels CSV and JSON carry it all.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CoreClient } from '../../core/common/api/client.js';
import type { Core } from '../../core/node/core.js';
import { fillDemo } from '../../core/node/demoProject.js';
import { labelsCsv } from '../../core/node/exporters/labelsCsv.js';
import { labelsJson } from '../../core/node/exporters/labelsJson.js';
import { invitePerson } from '../helpers/people.js';
import { newProject } from '../helpers/project.js';
import { tempDir } from '../helpers/tmp.js';

describe('label provenance', () => {
  const dir = tempDir();
  let core: Core;
  let c: CoreClient;
  let eq: number;
  let noise: number;
  let vera: Awaited<ReturnType<typeof invitePerson>>;
  beforeAll(async () => {
    ({ core, c } = await newProject(dir, 'p.seislabel', [{ name: 'earthquake' }, { name: 'noise' }]));
    fillDemo(core.requireProject(), { count: 8 });
    await c.call('al.settings', { retrainEvery: 0 });
    [eq, noise] = (await c.call('classes.list')).map((k) => k.id) as [number, number];
    vera = await invitePerson(core, c, 'vera', 'volunteer');
  });
  afterAll(() => core.close());

  const row = (eventId: number) => core.requireProject().db.prepare('SELECT * FROM label_events WHERE id = ?').get(eventId) as Record<string, unknown>;

  it('stores the person and role from the session, and the view, timing and choosing batch', async () => {
    const batch = await vera.client.call('al.nextBatch', { strategy: 'random', batchSize: 3, seed: 4 });
    const windowId = batch.windowIds[0]!;
    // Fields naming someone else are not part of the input: a client cannot claim another role or person.
    const sneaky = { windowId, kind: 'class', classId: eq, listened: true, view: 'volunteer', timeToLabelMs: 4321, role: 'owner', personId: 999 } as const;
    const res = await vera.client.call('labels.add', sneaky as unknown as Parameters<typeof vera.client.call<'labels.add'>>[1]);
    const r = row(res.event.id);
    expect(r).toMatchObject({
      annotator_id: vera.annotatorId, person_id: vera.personId, role: 'volunteer', view: 'volunteer', listened: 1, time_to_label_ms: 4321,
      query_batch_id: batch.batchId, query_strategy: 'random', query_model_id: null,
    });
    expect(r.shown_at).toBe((r.created_at as number) - 4321);
    expect(res.event.provenance).toEqual({
      personId: vera.personId, role: 'volunteer', view: 'volunteer', shownAt: r.shown_at, timeToLabelMs: 4321, queryBatchId: batch.batchId, queryStrategy: 'random', queryModelId: null,
    });
    expect((await c.call('labels.history', { windowId }))[0]!.provenance).toEqual(res.event.provenance);
  });

  it("records the owner as the owner, and leaves the client's unknowns empty", async () => {
    const ann = (await c.call('annotators.ensure', { name: 'ann' })).id;
    const windowId = (await c.call('windows.list', { labeled: false, limit: 1 })).windows[0]!.id;
    const res = await c.call('labels.add', { windowId, annotatorId: ann, kind: 'skip' });
    expect(row(res.event.id)).toMatchObject({ person_id: null, role: 'owner', view: null, shown_at: null, time_to_label_ms: null });
  });

  it('refuses out-of-range or unknown client-sent fields, naming the field', async () => {
    const windowId = (await c.call('windows.list', { limit: 1 })).windows[0]!.id;
    const add = (extra: Record<string, unknown>) => vera.client.call('labels.add', { windowId, kind: 'class', classId: noise, ...extra } as never);
    await expect(add({ timeToLabelMs: -5 })).rejects.toThrow(/labels\.add: timeToLabelMs: .*(greater|>=|0)/i);
    await expect(add({ timeToLabelMs: 86_400_001 })).rejects.toThrow(/timeToLabelMs: .*(less|<=|86400000)/i);
    await expect(add({ timeToLabelMs: 1.5 })).rejects.toThrow(/timeToLabelMs: .*expected int/i);
    await expect(add({ view: 'admin' })).rejects.toThrow(/view: .*full.*volunteer/);
    await expect(add({ idempotencyKey: 'short' })).rejects.toThrow(/idempotencyKey: /);
    await expect(add({ idempotencyKey: 'with spaces in it' })).rejects.toThrow(/idempotencyKey: use 8–64 letters/);
    const count = core.requireProject().db.prepare('SELECT count(*) FROM label_events WHERE window_id = ? AND annotator_id = ?').pluck().get(windowId, vera.annotatorId);
    expect(count).toBe(0);
  });

  it('writes a retried label once, and refuses a key reused for another verdict', async () => {
    const windowId = (await c.call('windows.list', { limit: 8 })).windows[5]!.id;
    const input = { windowId, kind: 'class' as const, classId: eq, idempotencyKey: 'retry-key-0001', timeToLabelMs: 800, view: 'volunteer' as const };
    const first = await vera.client.call('labels.add', input);
    const again = await vera.client.call('labels.add', input);
    expect(again.event.id).toBe(first.event.id);
    expect(again.current).toEqual(first.current);
    const n = core.requireProject().db.prepare('SELECT count(*) FROM label_events WHERE idempotency_key = ?').pluck().get('retry-key-0001');
    expect(n).toBe(1);
    await expect(vera.client.call('labels.add', { ...input, classId: noise })).rejects.toThrow(/idempotencyKey: "retry-key-0001" was already used for another label/);
    // The key is the person's own: someone else may use the same string.
    const walt = await invitePerson(core, c, 'walt', 'volunteer');
    const w = await walt.client.call('labels.add', input);
    expect(w.event.id).not.toBe(first.event.id);
  });

  it('exports the provenance in the labels CSV and JSON', async () => {
    const store = core.requireProject();
    const csv = labelsCsv(store).text.trim().split('\n').map((l) => l.split(','));
    const head = csv[0]!;
    for (const k of ['role', 'view', 'shown_at_utc', 'labeled_at_utc', 'time_to_label_ms', 'query_strategy', 'query_batch', 'query_model']) expect(head).toContain(k);
    const col = (k: string) => head.indexOf(k);
    const timed = csv.slice(1).filter((r) => r[col('time_to_label_ms')] === '4321');
    expect(timed).toHaveLength(1);
    const t = timed[0]!;
    expect([t[col('role')], t[col('view')], t[col('query_strategy')]]).toEqual(['volunteer', 'volunteer', 'random']);
    expect(Date.parse(t[col('labeled_at_utc')]!) - Date.parse(t[col('shown_at_utc')]!)).toBe(4321);
    const doc = JSON.parse(labelsJson(store).text) as { labelEvents: Record<string, unknown>[] };
    expect(doc.labelEvents.find((e) => e.timeToLabelMs === 4321)).toMatchObject({ role: 'volunteer', view: 'volunteer', queryStrategy: 'random', personId: vera.personId });
  });
});
