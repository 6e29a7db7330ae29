// One contract suite, run against every transport: what a client sees must not depend on
// the host behind it.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { base64ToF32 } from '../../core/common/base64.js';
import { tempDir } from '../helpers/tmp.js';
import { dataPath, hasSharedData } from '../helpers/data.js';
import { TRANSPORTS, type Harness } from './transports.js';

describe.each(TRANSPORTS)('API contract over $name', ({ make }) => {
  const dir = tempDir();
  let h: Harness;
  beforeAll(async () => {
    h = await make(join(dir, 'home'));
  });
  afterAll(() => h.close());

  it('answers invalid input with a validation error, never a crash', async () => {
    const bad = [
      ['labels.add', { windowId: 'one' }],
      ['labels.add', null],
      ['projects.create', { path: '' }],
      ['windows.list', { limit: -3 }],
      ['classes.create', { name: 'x', colour: 'red' }],
      ['no.such.method', {}],
      [42, {}],
    ] as const;
    for (const [m, input] of bad) {
      const r = await h.transport.invoke(m as string, input);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(['invalid_input', 'unknown_method']).toContain(r.error.code);
    }
    const r = await h.transport.invoke('labels.add', { windowId: 'one' });
    expect(!r.ok && r.error.message).toMatch(/windowId/);
  });

  it('needs an open project before project methods', async () => {
    const r = await h.transport.invoke('windows.list', {});
    expect(r).toMatchObject({ ok: false, error: { code: 'no_project' } });
  });

  it('creates a project, labels, undoes and reports counts, with events', async () => {
    const c = h.client;
    const p = await c.call('projects.create', { path: join(dir, 'a.seislabel'), classes: [{ name: 'earthquake' }, { name: 'noise' }] });
    expect(p.name).toBe('a');
    expect(await c.call('projects.current')).toMatchObject({ path: p.path });
    const classes = await c.call('classes.list');
    expect(classes.map((k) => k.hotkey)).toEqual(['1', '2']);
    const created = await c.call('classes.create', { name: 'tremor', description: 'narrow-band hum' });
    expect(created.hotkey).toBe('3');
    const dup = await h.transport.invoke('classes.create', { name: 'tremor' });
    expect(dup).toMatchObject({ ok: false, error: { code: 'conflict' } });

    // Windows from a real file, when the data is here; otherwise from the store directly.
    if (hasSharedData) {
      const { taskId } = await c.call('imports.start', { paths: [dataPath('raw_formats/obspy/seism.sac')], windowing: { mode: 'fixed', lengthSeconds: 4, stepSeconds: 2 } });
      const done = await h.core.tasks.wait(taskId);
      expect(done.status).toBe('done');
    } else {
      h.core.requireProject().insertWindow({ sourceId: null, origin: 'manual', network: 'XX', station: 'S', location: '', channels: ['Z'], startTime: 0, samplingRate: 100, data: [new Float32Array(400)] });
    }
    const list = await c.call('windows.list', { limit: 10 });
    expect(list.total).toBeGreaterThan(0);
    const w = await c.call('windows.get', { id: list.windows[0]!.id });
    expect(base64ToF32(w.samples[0]!).length).toBe(w.nSamples);

    const ann = await c.call('annotators.ensure', { name: 'ana' });
    const events: unknown[] = [];
    const off = c.on('labels.changed', (e) => events.push(e));
    const added = await c.call('labels.add', { windowId: w.id, annotatorId: ann.id, kind: 'class', classId: classes[0]!.id, listened: true });
    expect(added.current).toMatchObject({ kind: 'class', classId: classes[0]!.id, listened: true });
    await c.call('labels.add', { windowId: w.id, annotatorId: ann.id, kind: 'skip' });
    let info = await c.call('projects.info');
    expect(info).toMatchObject({ labeled: 1, skip: 1 - 0 });
    const undone = await c.call('labels.undo', { annotatorId: ann.id });
    expect(undone?.current).toMatchObject({ kind: 'class', classId: classes[0]!.id });
    info = await c.call('projects.info');
    expect(info.perClass.find((k) => k.name === 'earthquake')!.count).toBe(1);
    expect((await c.call('labels.history', { windowId: w.id })).map((e) => e.kind)).toEqual(['class', 'skip', 'undo']);
    await new Promise((r) => setTimeout(r, 50));
    expect(events).toHaveLength(3);
    off();
    // The model suggestion in view travels with the label and comes back in the history.
    const suggestion = { classId: classes[1]!.id, confidence: 0.75, modelId: 1, accepted: true };
    await c.call('labels.add', { windowId: w.id, annotatorId: ann.id, kind: 'class', classId: classes[1]!.id, suggestion });
    expect((await c.call('labels.history', { windowId: w.id })).map((e) => e.suggestion)).toEqual([null, null, null, suggestion]);
    await c.call('labels.undo', { annotatorId: ann.id });
  });

  it('reports missing things as not_found', async () => {
    expect(await h.transport.invoke('windows.get', { id: 123456 })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await h.transport.invoke('tasks.get', { id: 'nope' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });
});
