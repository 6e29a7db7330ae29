// Analyst picks are append-only events: the latest event of a phase replaces (or removes) the
// file's pick, every change stays in the history, a pick after the window's end or from a
// volunteer is refused, and the SeisBench export writes the analyst's onset as its arrival
// sample.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CoreClient } from '../../core/common/api/client.js';
import { parseCsv } from '../../core/common/formats/csv.js';
import type { Core } from '../../core/node/core.js';
import { exportSeisbench } from '../../core/node/exporters/seisbenchExport.js';
import type { TaskContext } from '../../core/node/tasks.js';
import { newProject } from '../helpers/project.js';
import { tempDir } from '../helpers/tmp.js';

const ctx: TaskContext = { signal: new AbortController().signal, progress: () => {}, error: () => {} };

describe('analyst picks', () => {
  const dir = tempDir();
  let core: Core;
  let c: CoreClient;
  let annotatorId: number;
  beforeAll(async () => {
    ({ core, c } = await newProject(dir, 'p.seislabel', [{ name: 'earthquake' }]));
    const store = core.requireProject();
    const data = [Float32Array.from({ length: 1000 }, (_, i) => Math.sin(i / 5))];
    store.insertWindow({ sourceId: null, origin: 'manual', network: 'XX', station: 'AAA', location: '', channels: ['HHZ'], startTime: Date.UTC(2020, 0, 1),
      samplingRate: 100, data, picks: [{ phase: 'P', offsetSeconds: 1 }, { phase: 'S', offsetSeconds: 3 }], groupKey: 'XX.AAA', meta: {} });
    annotatorId = store.ensureAnnotator('ana').id;
  });
  afterAll(() => core.close());

  it('overlays the latest event of each phase on the file picks and keeps the history', async () => {
    expect((await c.call('picks.set', { windowId: 1, annotatorId, phase: 'P', offsetSeconds: 2.5 })).picks).toEqual([
      { phase: 'P', offsetSeconds: 2.5, annotatorId },
      { phase: 'S', offsetSeconds: 3 },
    ]);
    expect((await c.call('picks.set', { windowId: 1, annotatorId, phase: 'S', offsetSeconds: null })).picks).toEqual([{ phase: 'P', offsetSeconds: 2.5, annotatorId }]);
    expect((await c.call('windows.get', { id: 1 })).picks.map((p) => p.phase)).toEqual(['P']);
    const history = await c.call('picks.history', { windowId: 1 });
    expect(history.map((e) => [e.phase, e.offsetSeconds])).toEqual([['P', 2.5], ['S', null]]);
  });

  it('refuses an onset after the end of the window', async () => {
    await expect(c.call('picks.set', { windowId: 1, annotatorId, phase: 'P', offsetSeconds: 10.5 })).rejects.toThrow(/after the end of window 1 \(10 s long\)/);
  });

  it('exports the analyst onset as the arrival sample', async () => {
    // Only labeled windows are part of a training set.
    const cls = (await c.call('classes.list'))[0]!;
    await c.call('labels.add', { windowId: 1, annotatorId, kind: 'class', classId: cls.id });
    const out = join(dir, 'sb');
    await exportSeisbench(core.requireProject(), out, { seed: 1 }, ctx);
    const { rows } = parseCsv(readFileSync(join(out, 'metadata.csv'), 'utf8'), 'metadata.csv');
    expect(rows[0]).toMatchObject({ trace_P_arrival_sample: '250', trace_S_arrival_sample: '' });
  });
});
