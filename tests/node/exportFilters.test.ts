// "Only gold" and "only reviewed" on the training-set and labels exports: the real labeled
// set comes in with the `import` annotator's labels; an expert marks three windows gold (one
// against its imported label) and a person labels five others. Gold keeps the three with the
// expert's class; reviewed keeps those eight and nothing imported only.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CoreClient } from '../../core/common/api/client.js';
import { parseCsv } from '../../core/common/formats/csv.js';
import type { Core } from '../../core/node/core.js';
import { labelsCsv } from '../../core/node/exporters/labelsCsv.js';
import { exportSeisbench } from '../../core/node/exporters/seisbenchExport.js';
import { dataPath, hasSharedData, missingDataReason } from '../helpers/data.js';
import { newProject } from '../helpers/project.js';
import { tempDir } from '../helpers/tmp.js';

if (!hasSharedData) console.warn(`SKIPPED exportFilters: ${missingDataReason}`);

describe.skipIf(!hasSharedData)('export filters: only gold, only reviewed', () => {
  const dir = tempDir();
  let core: Core;
  let c: CoreClient;
  let gold: number[];
  let judged: number[];
  let noiseId: number;
  beforeAll(async () => {
    ({ core, c } = await newProject(dir, 'f.seislabel'));
    await core.tasks.wait((await c.call('imports.start', { paths: [dataPath()] })).taskId);
    const classes = await c.call('classes.list');
    noiseId = classes.find((k) => k.name === 'noise')!.id;
    const { windows } = await c.call('windows.list', { limit: 200 });
    gold = windows.slice(0, 3).map((w) => w.id);
    judged = windows.slice(10, 15).map((w) => w.id);
    for (const id of gold) await c.call('gold.set', { windowId: id, classId: noiseId });
    const ana = await c.call('annotators.ensure', { name: 'ana' });
    for (const id of judged) await c.call('labels.add', { windowId: id, annotatorId: ana.id, kind: 'class', classId: noiseId });
  }, 60_000);
  afterAll(() => core?.close());

  const ctx = { signal: new AbortController().signal, progress: () => undefined, error: () => undefined };
  const seisbenchRows = async (only: 'gold' | 'reviewed' | undefined, name: string) => {
    await exportSeisbench(core.requireProject(), join(dir, name), { only, seed: 1 }, ctx);
    return parseCsv(readFileSync(join(dir, name, 'metadata.csv'), 'utf8'), 'metadata.csv').rows;
  };

  it('exports only the gold windows, with the expert class, in SeisBench format and in the labels CSV', async () => {
    const rows = await seisbenchRows('gold', 'gold');
    expect(rows.map((r) => Number(r.seislabel_window_id)).sort()).toEqual([...gold].sort());
    expect(rows.every((r) => r.label === 'noise' && r.label_gold === '1' && r.label_confidence === '1.000')).toBe(true);
    const csv = parseCsv(labelsCsv(core.requireProject(), { only: 'gold' }).text, 'labels.csv').rows;
    expect(csv.map((r) => Number(r.window_id)).sort()).toEqual([...gold].sort());
    expect(csv.every((r) => r.gold === '1')).toBe(true);
  }, 60_000);

  it('exports only windows a person judged, leaving out labels that came with the dataset', async () => {
    const rows = await seisbenchRows('reviewed', 'reviewed');
    expect(rows.map((r) => Number(r.seislabel_window_id)).sort((a, b) => a - b)).toEqual([...gold, ...judged].sort((a, b) => a - b));
    const csv = parseCsv(labelsCsv(core.requireProject(), { only: 'reviewed' }).text, 'labels.csv').rows;
    expect(csv).toHaveLength(8);
    // Unfiltered, every labeled window is there; the gold ones with the expert's class.
    const all = await seisbenchRows(undefined, 'all');
    expect(all).toHaveLength(138);
    expect(all.filter((r) => r.label_gold === '1').map((r) => r.label)).toEqual(['noise', 'noise', 'noise']);
  }, 60_000);
});
