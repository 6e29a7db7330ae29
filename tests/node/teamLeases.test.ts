// Leases on a team database: with votesPerWindow = 1, two volunteers asking for their queues
// at the same moment through two `seislabel serve --db` processes are never handed the same
// window; the label given on a leased window names the batch that chose it, whichever host
// it goes through; and the owner's progress view on either host counts both hosts' leases.
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { fillDemo } from '../../core/node/demoProject.js';
import { ProjectStore } from '../../core/node/store/project.js';
import { pgClusterForFile } from '../helpers/pgCluster.js';
import { OWNER, shareProject, teamHosts, valueOf } from '../helpers/teamHosts.js';
import { tempDir } from '../helpers/tmp.js';

const dir = tempDir('seislabel-teamleases-');
const cluster = await pgClusterForFile();
const { startHost, connect } = teamHosts(dir, afterAll);

const value = valueOf;

describe.skipIf(!cluster)('team leases: shared by every host through PostgreSQL', () => {
  it('never hands one window to two volunteers asking through different hosts at once (votesPerWindow 1)', async () => {
    const src = join(dir, 'leases.seislabel');
    const p = ProjectStore.create(src, [{ name: 'earthquake' }, { name: 'noise' }]);
    fillDemo(p, { count: 30 });
    p.setMeta('retrain_every', '0');
    const cls = p.listClasses()[0]!.id;
    const url = await cluster!.createDatabase('team_leases');
    await shareProject(p, src, url, ['a', 'b']);
    const db = new pg.Client({ connectionString: url });
    await db.connect();
    try {
      const [a, b] = await Promise.all([startHost(join(dir, 'a.seislabel'), url), startHost(join(dir, 'b.seislabel'), url)]);
      const ownerA = await connect(a.ws, OWNER);
      const ownerB = await connect(b.ws, OWNER);
      expect((await value<{ votesPerWindow: number }>(ownerA.call('consensus.settings', {}))).votesPerWindow).toBe(1);
      const vera = await connect(a.ws, (await value<{ token: string }>(ownerA.call('people.invite', { name: 'Vera', role: 'volunteer' }))).token);
      const walt = await connect(b.ws, (await value<{ token: string }>(ownerA.call('people.invite', { name: 'Walt', role: 'volunteer' }))).token);

      // Three rounds of both asking at the same moment, 12 windows each, of 30: the last
      // round cannot be served in full without handing a window out twice.
      const leased = { vera: new Set<number>(), walt: new Set<number>() };
      const batches: { batchId: number; windowIds: number[] }[] = [];
      for (let round = 0; round < 3; round++) {
        const [v, w] = await Promise.all([
          value<{ batchId: number; windowIds: number[] }>(vera.call('al.nextBatch', { strategy: 'random', batchSize: 12, seed: round })),
          value<{ batchId: number; windowIds: number[] }>(walt.call('al.nextBatch', { strategy: 'random', batchSize: 12, seed: round + 10 })),
        ]);
        v.windowIds.forEach((x) => leased.vera.add(x));
        w.windowIds.forEach((x) => leased.walt.add(x));
        batches.push(v, w);
      }
      expect([...leased.vera].filter((x) => leased.walt.has(x))).toEqual([]);
      expect(leased.vera.size + leased.walt.size).toBe(30);
      // The database agrees: no window is held by two people, and batch ids are the team's.
      const twice = await db.query('SELECT window_id FROM assignments GROUP BY window_id HAVING count(*) > 1');
      expect(twice.rows).toEqual([]);
      expect(new Set(batches.map((x) => x.batchId)).size).toBe(6);

      // Vera labels a window leased through A, but through B (A went away, say): the label
      // names the batch that chose it.
      const mine = [...leased.vera][0]!;
      const chose = batches.filter((x, i) => i % 2 === 0 && x.windowIds.includes(mine)).at(-1)!;
      const vera2 = await connect(b.ws, (await value<{ token: string }>(ownerA.call('people.invite', { name: 'Vera', role: 'volunteer' }))).token);
      const added = await value<{ event: { id: number } }>(vera2.call('labels.add', { windowId: mine, kind: 'class', classId: cls }));
      const row = (await db.query('SELECT query_batch_id FROM label_events WHERE id = $1', [added.event.id])).rows[0] as { query_batch_id: string };
      expect(Number(row.query_batch_id)).toBe(chose.batchId);

      // The owner's progress on either host counts the leases of both.
      const progress = async (c: typeof ownerA) =>
        new Map((await value<{ progress: { name: string; inFlight: number }[] }>(c.call('agreement.summary', {}))).progress.map((x) => [x.name, x.inFlight]));
      for (const c of [ownerA, ownerB]) expect(await progress(c)).toMatchObject(new Map([['Vera', leased.vera.size - 1], ['Walt', leased.walt.size]]));
    } finally {
      await db.end();
    }
  });
});
