// The label a client is told about after each write is computed from that window's votes
// alone (majority); it must be exactly the whole project's consensus for that window.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeRng } from '../../core/common/ml/rng.js';
import { projectConsensus, windowConsensus } from '../../core/node/store/consensus.js';
import { ProjectStore } from '../../core/node/store/project.js';
import { tempDir } from '../helpers/tmp.js';

const dir = tempDir();

describe('one window\'s consensus', () => {
  it('equals the project consensus of that window after every label, undo and gold change', () => {
    const p = ProjectStore.create(join(dir, 'w.seislabel'), [{ name: 'a' }, { name: 'b' }, { name: 'c' }]);
    const windows = Array.from({ length: 12 }, (_, i) => p.insertWindow({ sourceId: null, origin: 'manual', network: 'XX', station: `S${i}`, location: '', channels: ['Z'], startTime: i, samplingRate: 10, data: [new Float32Array(10)] }));
    const classes = p.listClasses().map((c) => c.id);
    const people = ['p0', 'p1', 'p2', 'p3', 'p4'].map((n) => p.ensureAnnotator(n).id);
    const rng = makeRng(11);
    const rand = () => rng.random();
    const pick = <T>(xs: T[]) => xs[Math.floor(rand() * xs.length)]!;
    let checked = 0;
    for (let step = 0; step < 300; step++) {
      const r = rand();
      const w = pick(windows);
      if (r < 0.75) {
        const kind = rand() < 0.85 ? 'class' : pick(['unsure', 'skip'] as const);
        p.addLabel({ windowId: w, annotatorId: pick(people), kind, classId: kind === 'class' ? pick(classes) : null });
      } else if (r < 0.93) p.undoLast(pick(people));
      else p.setGold(w, rand() < 0.5 ? null : pick(classes));
      // Asked before the project consensus of this state exists, so nothing comes from its cache.
      const asked = windows.map((x) => windowConsensus(p.db, x));
      const whole = projectConsensus(p.db);
      windows.forEach((x, i) => expect(asked[i], `step ${step}, window ${x}`).toEqual(whole.labels.get(x) ?? null));
      checked += asked.filter((l) => l !== null).length;
    }
    expect(checked).toBeGreaterThan(1000);
    p.close();
  });
});
