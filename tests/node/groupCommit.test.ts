// Label writes of many connections committed together: every write is answered after the one
// commit that holds it, a failing write is rolled back alone, and the writes of a group are
// all on disk when they are answered.
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { GroupCommit } from '../../core/node/api/groupCommit.js';
import { fillDemo } from '../../core/node/demoProject.js';
import { ProjectStore } from '../../core/node/store/project.js';
import { tempDir } from '../helpers/tmp.js';

const dir = tempDir();
const open: ProjectStore[] = [];
afterEach(() => open.splice(0).forEach((s) => s.close()));

describe('GroupCommit', () => {
  it('commits concurrent labels in one transaction and rolls back a bad one alone', async () => {
    const path = join(dir, 'g.seislabel');
    const store = ProjectStore.create(path, [{ name: 'earthquake' }]);
    open.push(store);
    fillDemo(store, { count: 20 });
    const ids = store.windowIds();
    const cls = store.listClasses()[0]!.id;
    const a = store.ensureAnnotator('a').id;
    let commits = 0;
    const g = new GroupCommit(store, 50);
    const origTransaction = store.transaction.bind(store);
    store.transaction = ((fn: () => unknown) => {
      if (!store.db.inTransaction) commits++;
      return origTransaction(fn);
    }) as typeof store.transaction;
    const writes = ids.map((w, i) => g.run(() => store.addLabel({ windowId: i === 7 ? 999_999 : w, annotatorId: a, kind: 'class', classId: cls })));
    const settled = await Promise.allSettled(writes);
    expect(commits).toBe(1);
    expect(settled.filter((s) => s.status === 'fulfilled')).toHaveLength(19);
    expect((settled[7] as PromiseRejectedResult).reason.message).toMatch(/no window with id 999999/);
    // All 19 are on disk, seen from another handle.
    const other = ProjectStore.open(path, { readonly: true });
    open.push(other);
    expect(other.db.prepare('SELECT count(*) FROM label_events').pluck().get()).toBe(19);
  });

  it('commits at once when the group is full, without waiting for the delay', async () => {
    const store = ProjectStore.create(join(dir, 'h.seislabel'), [{ name: 'noise' }]);
    open.push(store);
    fillDemo(store, { count: 4 });
    const g = new GroupCommit(store, 60_000, 4);
    const a = store.ensureAnnotator('a').id;
    // With a minute's delay, only a full group can answer within the test's time limit.
    await Promise.all(store.windowIds().map((w) => g.run(() => store.addLabel({ windowId: w, annotatorId: a, kind: 'skip' }))));
    expect(store.db.prepare('SELECT count(*) FROM label_events').pluck().get()).toBe(4);
  });
});
