// Models on a team database: of two `seislabel serve --db` processes exactly one trains at a
// time (the holder of the trainer lock), each of its models is stored once in PostgreSQL and
// reaches the other host under the same id, with the queue's predictions; "train now" on the
// host that does not train asks the trainer; and when the trainer is killed the other host
// takes over and trains on the next labels; a host started later catches up every model.
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { fillDemo } from '../../core/node/demoProject.js';
import { ProjectStore } from '../../core/node/store/project.js';
import { pgClusterForFile } from '../helpers/pgCluster.js';
import { type Host, OWNER, shareProject, teamHosts, until, valueOf } from '../helpers/teamHosts.js';
import { tempDir } from '../helpers/tmp.js';

const dir = tempDir('seislabel-teammodels-');
const cluster = await pgClusterForFile();
const { startHost, connect } = teamHosts(dir, afterAll);

const value = valueOf;
const trainerGauge = async (h: Host) => Number(/^seislabel_team_trainer (\d)$/m.exec(await (await fetch(`${h.url}/metrics`)).text())?.[1]);

describe.skipIf(!cluster)('team models: one trainer, models shared through PostgreSQL', () => {
  it('trains once per round on the trainer host, shares each model with the same id, and hands training over when the trainer dies', async () => {
    const src = join(dir, 'models.seislabel');
    const p = ProjectStore.create(src, [{ name: 'earthquake' }, { name: 'noise' }]);
    fillDemo(p, { count: 24 });
    const ids = p.windowIds();
    const cls = p.listClasses().map((c) => c.id);
    const url = await cluster!.createDatabase('team_models');
    await shareProject(p, src, url, ['a', 'b']);
    const db = new pg.Client({ connectionString: url });
    await db.connect();
    const pgModels = async () => ((await db.query('SELECT id FROM models ORDER BY id')).rows as { id: string }[]).map((r) => Number(r.id));

    try {
      // A starts first and takes the trainer lock; B then says who trains.
      const a = await startHost(join(dir, 'a.seislabel'), url);
      await until('host A to train for the team', async () => (await trainerGauge(a)) === 1);
      const b = await startHost(join(dir, 'b.seislabel'), url);
      const ownerA = await connect(a.ws, OWNER);
      const ownerB = await connect(b.ws, OWNER);
      expect(await trainerGauge(b)).toBe(0);
      const settingsB = await value<{ trainer: { here: boolean; host: string } }>(ownerB.call('al.settings', {}));
      expect(settingsB.trainer).toMatchObject({ here: false, host: expect.stringContaining(`pid ${a.child.pid}`) });
      expect((await value<{ trainer: { here: boolean } }>(ownerA.call('al.settings', {}))).trainer.here).toBe(true);
      // Retrain after every 4 labels, set on B: the setting is the team's, so the trainer on A follows it.
      expect((await value<{ retrainEvery: number }>(ownerB.call('al.settings', { retrainEvery: 4 }))).retrainEvery).toBe(4);
      await until('the setting on host A', async () => (await value<{ retrainEvery: number }>(ownerA.call('al.settings', {}))).retrainEvery === 4);

      // Four labels through A: one training, one row in PostgreSQL, the same model on B.
      const lee = await value<{ id: number }>(ownerA.call('annotators.ensure', { name: 'Lee' }));
      const label = (c: typeof ownerA, i: number) =>
        value(c.call('labels.add', { windowId: ids[i], annotatorId: lee.id, kind: 'class', classId: cls[i % 2], idempotencyKey: `lee-key-${i}` }));
      for (let i = 0; i < 4; i++) await label(ownerA, i);
      await until('a model on host B', () => ownerB.events.some((e) => e.event === 'models.changed'));
      const first = await pgModels();
      expect(first).toHaveLength(1);
      const onB = await value<{ id: number; nTrain: number }[]>(ownerB.call('models.list'));
      const onA = await value<{ id: number }[]>(ownerA.call('models.list'));
      expect(onB.map((m) => m.id)).toEqual(first);
      expect(onA.map((m) => m.id)).toEqual(first);
      expect(onB[0]!.nTrain).toBe(4);
      // B serves the queue from it: its predictions for every window arrived with it.
      const preds = await value<{ modelId: number; probs: (number[] | null)[] }>(ownerB.call('predictions.forWindows', { windowIds: ids }));
      expect(preds.modelId).toBe(first[0]);
      expect(preds.probs.every((x) => x !== null && x.length === 2)).toBe(true);
      const predsA = await value<{ probs: number[][] }>(ownerA.call('predictions.forWindows', { windowIds: ids }));
      expect(preds.probs).toEqual(predsA.probs);
      // B counted the same labels but did not train: still one model after both settled.
      await new Promise((r) => setTimeout(r, 500));
      expect(await pgModels()).toHaveLength(1);

      // "Train now" on B asks the trainer: one more model, stored once, known to both.
      const { taskId } = await value<{ taskId: string }>(ownerB.call('models.train', { kind: 'forest' }));
      let task: { status: string; result?: { modelId: number }; title: string } = { status: 'running', title: '' };
      await until('the requested training', async () => (task = await value(ownerB.call('tasks.get', { id: taskId }))).status !== 'running');
      expect(task.status).toBe('done');
      expect(task.title).toContain(`pid ${a.child.pid}`);
      const second = await pgModels();
      expect(second).toHaveLength(2);
      expect(task.result!.modelId).toBe(second[1]);
      await until('the second model on host A', async () => (await value<unknown[]>(ownerA.call('models.list'))).length === 2);

      // The trainer dies: B takes the lock and trains on the next labels itself.
      a.child.kill('SIGKILL');
      await until('host B to train for the team', async () => (await trainerGauge(b)) === 1);
      expect(b.output()).toContain('now trains the team\'s models');
      expect((await value<{ trainer: { here: boolean } }>(ownerB.call('al.settings', {}))).trainer.here).toBe(true);
      for (let i = 4; i < 8; i++) await label(ownerB, i);
      await until('a third model', async () => (await pgModels()).length === 3);
      const third = await pgModels();
      await until('the third model on host B', async () => (await value<{ id: number }[]>(ownerB.call('models.list')))[0]?.id === third[2]);
      expect((await value<{ nTrain: number }[]>(ownerB.call('models.list')))[0]!.nTrain).toBe(8);

      // A host started later (from the file as it was pushed) catches up every model, same ids, and does not train.
      copyFileSync(src, join(dir, 'c.seislabel'));
      const c = await startHost(join(dir, 'c.seislabel'), url);
      const ownerC = await connect(c.ws, OWNER);
      expect((await value<{ id: number }[]>(ownerC.call('models.list'))).map((m) => m.id).reverse()).toEqual(third);
      expect(await trainerGauge(c)).toBe(0);
      const predsC = await value<{ modelId: number; probs: number[][] }>(ownerC.call('predictions.forWindows', { windowIds: ids }));
      const predsB = await value<{ modelId: number; probs: number[][] }>(ownerB.call('predictions.forWindows', { windowIds: ids }));
      expect(predsC).toEqual(predsB);
    } finally {
      await db.end();
    }
  });
});
