// review.labelIssues on the real windowed set: labels flipped on purpose must come out on
// top of the confident-learning review queue, far above their share of the windows.
import { afterAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { createClient } from '../../core/common/api/client.js';
import { inProcessTransport } from '../../core/node/api/inProcess.js';
import { Core } from '../../core/node/core.js';
import { dataPath, hasSharedData } from '../helpers/data.js';
import { tempDir } from '../helpers/tmp.js';

const dir = tempDir();
const core = new Core();
afterAll(() => core.close());

describe.skipIf(!hasSharedData)('review.labelIssues', () => {
  it('ranks windows whose label was flipped on purpose among the probable label errors', async () => {
    const client = createClient(inProcessTransport(core, { checkOutput: true }));
    await client.call('projects.create', { path: join(dir, 'review.seislabel'), classes: [] });
    const { taskId } = await client.call('imports.start', { paths: [dataPath()] });
    expect((await core.tasks.wait(taskId)).status).toBe('done');
    const store = core.requireProject();
    const importer = store.listAnnotators().find((a) => a.name === 'import')!;
    const labeled = [...store.allCurrentLabels()].filter(([, l]) => l.kind === 'class');
    const classes = [...new Set(labeled.map(([, l]) => l.classId!))];
    expect(classes.length).toBeGreaterThanOrEqual(2);
    // Every 10th labeled window gets another class from the importer: its own label is replaced.
    const flipped = new Set<number>();
    for (let i = 0; i < labeled.length; i += 10) {
      const [windowId, l] = labeled[i]!;
      const other = classes.find((c) => c !== l.classId)!;
      await client.call('labels.add', { windowId, annotatorId: importer.id, kind: 'class', classId: other });
      flipped.add(windowId);
    }
    const r = await client.call('review.labelIssues', { limit: 2 * flipped.size, seed: 3 });
    expect(r.labeled).toBe(labeled.length);
    const hits = r.issues.filter((i) => flipped.has(i.windowId)).length;
    // A random queue of this length would hold about flipped/labeled of them (≈ 1–2).
    expect(hits).toBeGreaterThanOrEqual(Math.ceil(flipped.size / 2));
    // And most of what it flags is a flipped label (10 of 10 with this seed).
    expect(hits / r.issues.length).toBeGreaterThanOrEqual(0.8);
    for (const i of r.issues) expect(i.likelyClassId).not.toBe(i.classId);
  }, 120_000);
});
