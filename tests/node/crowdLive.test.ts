// The project's consensus is kept live as labels arrive (and are undone); whatever the order
// of reads and writes, it must equal the consensus a fresh handle computes from the file.
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { mulberry32 } from '../../core/common/ml/rng.js';
import { fillDemo } from '../../core/node/demoProject.js';
import { noteLateLabel } from '../../core/node/store/consensus.js';
import { recomputeOwn } from '../../core/node/store/labels.js';
import { ProjectStore } from '../../core/node/store/project.js';
import { tempDir } from '../helpers/tmp.js';

const dir = tempDir();
const open: ProjectStore[] = [];
afterEach(() => open.splice(0).forEach((s) => s.close()));

describe('live consensus in the store', () => {
  it('matches a fresh computation after labels, relabels and undos by eight people (seeded)', () => {
    const path = join(dir, 'live.seislabel');
    const store = ProjectStore.create(path, [{ name: 'earthquake' }, { name: 'tremor' }, { name: 'noise' }]);
    open.push(store);
    fillDemo(store, { count: 30 });
    const ids = store.windowIds();
    const classes = store.listClasses().map((c) => c.id);
    const people = Array.from({ length: 8 }, (_, i) => store.ensureAnnotator(`p${i}`).id);
    const random = mulberry32(9);
    store.setGold(ids[0]!, classes[2]!);
    for (let step = 0; step < 600; step++) {
      const a = people[Math.floor(random() * people.length)]!;
      const r = random();
      if (r < 0.1) store.undoLast(a);
      else {
        const w = ids[Math.floor(random() * ids.length)]!;
        const kind = r < 0.15 ? 'unsure' : r < 0.2 ? 'skip' : 'class';
        store.addLabel({ windowId: w, annotatorId: a, kind, classId: kind === 'class' ? classes[Math.floor(random() * 3)]! : null });
      }
      // Read now and then, as the host does between labels.
      if (step % 7 === 0) store.currentLabel(ids[step % ids.length]!);
    }
    const fresh = ProjectStore.open(path);
    open.push(fresh);
    const strip = (m: Map<number, unknown>) => [...m].sort((p, q) => p[0] - q[0]);
    expect(strip(store.allCurrentLabels())).toEqual(strip(fresh.allCurrentLabels()));
    expect([...store.retiredWindows()].sort()).toEqual([...fresh.retiredWindows()].sort());
    expect(store.labelCounts()).toEqual(fresh.labelCounts());
    // Dawid–Skene, settled, agrees with a cold run on a fresh handle.
    store.updateCrowdSettings({ method: 'dawid-skene' });
    store.currentLabel(ids[1]!);
    for (let step = 0; step < 100; step++) {
      store.addLabel({ windowId: ids[Math.floor(random() * ids.length)]!, annotatorId: people[step % 8]!, kind: 'class', classId: classes[Math.floor(random() * 3)]! });
      store.currentLabel(ids[step % ids.length]!);
    }
    const live = store.consensus().labels;
    const cold = ProjectStore.open(path);
    open.push(cold);
    const coldLabels = cold.consensus().labels;
    const same = ids.filter((w) => live.get(w)?.classId === coldLabels.get(w)?.classId).length;
    expect(same).toBeGreaterThanOrEqual(ids.length - 1);
  });

  it('takes in label events that arrive with ids older than the newest (a team host\'s replica)', () => {
    const path = join(dir, 'late.seislabel');
    const store = ProjectStore.create(path, [{ name: 'earthquake' }, { name: 'noise' }]);
    open.push(store);
    fillDemo(store, { count: 4 });
    const [w1, w2] = store.windowIds();
    const [eq, noise] = store.listClasses().map((c) => c.id);
    const [a, b] = ['a', 'b'].map((n) => store.ensureAnnotator(n).id);
    // As TeamHost.applyEvent writes the replica: the event with its database id, then the own label.
    const put = (id: number, w: number, who: number, cls: number) => store.db.transaction(() => {
      store.db.prepare("INSERT INTO label_events (id, window_id, annotator_id, kind, class_id, listened, created_at) VALUES (?, ?, ?, 'class', ?, 0, ?)").run(id, w, who, cls, id);
      recomputeOwn(store.db, w, who);
      if (id < (store.db.prepare('SELECT max(id) FROM label_events').pluck().get() as number)) noteLateLabel(store.db, w, who);
    })();
    put(10, w1!, a!, eq!);
    expect(store.currentLabel(w1!)).toMatchObject({ classId: eq });
    // Committed on another host before id 10, heard after it.
    put(5, w2!, b!, noise!);
    expect(store.currentLabel(w2!)).toMatchObject({ classId: noise, eventId: 5 });
    put(7, w1!, b!, noise!);
    expect(store.consensus().judged.get(w1!)).toBe(2);
  });
});
