// The embedding k-center diversity runs on, for the feature forest: built once per forest and
// set of windows (every batch asks for every window's), the same as one built afresh, and
// built anew when windows arrive or a new forest serves.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, type CoreClient } from '../../core/common/api/client.js';
import { inProcessTransport } from '../../core/node/api/inProcess.js';
import { Core } from '../../core/node/core.js';
import { fillDemo } from '../../core/node/demoProject.js';
import { servedModel } from '../../core/node/insights/explainWindow.js';
import { forestEmbeddings, forestKey } from '../../core/node/ml/forestEmbeddings.js';
import { servingEmbedding, servingModel } from '../../core/node/ml/serving.js';
import { computeAndStoreFeatures, loadInputsFor } from '../../core/node/store/features.js';
import type { ProjectStore } from '../../core/node/store/project.js';
import { tempDir } from '../helpers/tmp.js';

describe('the forest embedding behind hybrid and k-center batches', () => {
  const dir = tempDir();
  let core: Core;
  let c: CoreClient;
  let store: ProjectStore;
  beforeAll(async () => {
    core = new Core({ homeDir: join(dir, 'home') });
    c = createClient(inProcessTransport(core, { checkOutput: true }));
    await c.call('projects.create', { path: join(dir, 'emb.seislabel'), classes: [{ name: 'earthquake' }, { name: 'noise' }] });
    store = core.requireProject();
    fillDemo(store, { count: 60 });
    const ann = await c.call('annotators.ensure', { name: 'analyst' });
    const [eq, noise] = store.listClasses();
    const { windows } = await c.call('windows.list', { limit: 30 });
    for (const [i, w] of windows.entries()) await c.call('labels.add', { windowId: w.id, annotatorId: ann.id, kind: 'class', classId: (i % 2 ? eq : noise)!.id });
    expect((await core.tasks.wait((await c.call('models.train', { seed: 1 })).taskId)).status).toBe('done');
  });
  afterAll(() => core.close());

  /** The embedding built from scratch: the served forest on the windows' inputs. */
  const fresh = (ids: number[]) => {
    const s = servingModel(store)!;
    const { model } = servedModel(store.db, s.forestId!);
    const X = loadInputsFor(store.db, ids, model.features);
    return Float32Array.from(model.embed({ data: X.data as Float64Array, rows: X.rows, cols: X.cols }));
  };

  it('is built once per forest and set of windows, equal to one built afresh', async () => {
    const s = servingModel(store)!;
    expect(s.kind).toBe('forest');
    const ids = store.windowIds();
    const a = await servingEmbedding(store, s, ids);
    expect(a.rows).toBe(ids.length);
    expect(Array.from(a.data)).toEqual(Array.from(fresh(ids)));
    const b = await servingEmbedding(store, s, ids);
    expect(b.data).toBe(a.data);
  });

  it('is built anew when windows arrive, and when a new forest serves', async () => {
    const s = servingModel(store)!;
    const before = await servingEmbedding(store, s, store.windowIds());
    fillDemo(store, { seed: 99, count: 12 });
    const ids = store.windowIds();
    computeAndStoreFeatures(store.db, ids.slice(-12));
    const after = await servingEmbedding(store, s, ids);
    expect(after.rows).toBe(before.rows + 12);
    // New windows of a station move the ranks of its old windows too: all rows are rebuilt.
    expect(Array.from(after.data)).toEqual(Array.from(fresh(ids)));
    expect((await core.tasks.wait((await c.call('models.train', { seed: 2 })).taskId)).status).toBe('done');
    const s2 = servingModel(store)!;
    expect(s2.forestId).not.toBe(s.forestId);
    // The retrain's worker made the new forest's embedding of every window and handed it over.
    expect(forestEmbeddings.get(store.db)!.key).toBe(forestKey(s2.forestId!, ids));
    const again = await servingEmbedding(store, s2, ids);
    expect(again.data).toBe(forestEmbeddings.get(store.db)!.data);
    expect(Array.from(again.data)).toEqual(Array.from(fresh(ids)));
    // A hybrid batch on it picks windows nobody labeled, new ones included in the pool.
    const batch = await c.call('al.nextBatch', { strategy: 'hybrid', batchSize: 6, seed: 3 });
    expect(batch.strategy).toBe('hybrid');
    expect(batch.windowIds).toHaveLength(6);
  });
});
