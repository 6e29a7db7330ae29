// A queue batch on a large project, as a volunteer's request meets the host: 20,000 windows in
// 10 stations, 300 labels, a trained feature forest, then hybrid batches of 10 (in-process,
// the same code the host runs per request). Also the host's longest event-loop stall while the
// retrain runs: labeling must not wait for it. The peer is the same batch with the embedding
// built by the request itself, as it was before the retrain's worker handed it over.
// Run alone: npx tsx tests/bench/run.ts --only queueBatch
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '../../core/common/api/client.js';
import { mulberry32 } from '../../core/common/ml/rng.js';
import { inProcessTransport } from '../../core/node/api/inProcess.js';
import { Core } from '../../core/node/core.js';
import { forestEmbeddings } from '../../core/node/ml/forestEmbeddings.js';
import type { BenchSuite } from './types.js';

const WINDOWS = 20_000;
const LABELS = 300;

const suite: BenchSuite = async () => {
  const dir = mkdtempSync(join(tmpdir(), 'seislabel-bench-queue-'));
  const core = new Core({ homeDir: join(dir, 'home') });
  try {
    const store = core.createProject(join(dir, 'queue.seislabel'), [{ name: 'earthquake' }, { name: 'tremor' }, { name: 'noise' }]);
    const random = mulberry32(1);
    store.transaction(() => {
      for (let i = 0; i < WINDOWS; i++) {
        const data = Float32Array.from({ length: 200 }, () => random() - 0.5);
        store.insertWindow({ sourceId: null, origin: 'manual', network: 'XX', station: `S${i % 10}`, location: '', channels: ['HHZ'], startTime: i * 2000, samplingRate: 100, data: [data] });
      }
    });
    const c = createClient(inProcessTransport(core));
    await c.call('al.settings', { retrainEvery: 0 });
    await c.call('al.nextBatch', { strategy: 'random', batchSize: 1, seed: 0 }); // computes the features once
    const classIds = store.listClasses().map((k) => k.id);
    const ann = await c.call('annotators.ensure', { name: 'bench' });
    const ids = store.listWindows({ limit: LABELS }).windows.map((w) => w.id);
    for (const [i, id] of ids.entries()) await c.call('labels.add', { windowId: id, annotatorId: ann.id, kind: 'class', classId: classIds[i % 3]! });
    let worst = 0;
    let last = performance.now();
    const tick = setInterval(() => { const now = performance.now(); worst = Math.max(worst, now - last - 10); last = now; }, 10);
    const { taskId } = await c.call('models.train', { seed: 1 });
    await core.tasks.wait(taskId);
    clearInterval(tick);
    const batch = async (seed: number) => {
      const t = performance.now();
      await c.call('al.nextBatch', { strategy: 'hybrid', batchSize: 10, seed });
      return performance.now() - t;
    };
    const first = await batch(1);
    const next = [await batch(2), await batch(3), await batch(4)].sort((a, b) => a - b)[1]!;
    // The peer: the same first batch when the request has to build the embedding itself.
    forestEmbeddings.delete(store.db);
    const unprimed = await batch(1);
    return [
      { name: `first hybrid batch after a retrain (${WINDOWS.toLocaleString('en')} windows)`, value: first, unit: 'ms', peer: { name: 'embedding built by the request', value: unprimed } },
      { name: 'each further hybrid batch (median of 3)', value: next, unit: 'ms' },
      { name: 'longest event-loop stall of the host during the retrain', value: worst, unit: 'ms' },
    ];
  } finally {
    await core.close();
    rmSync(dir, { recursive: true, force: true });
  }
};
export default suite;
