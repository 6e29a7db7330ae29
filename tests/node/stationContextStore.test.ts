// The station context a window gets must not depend on how it is read: scoring an imported
// feature model (withContextOf, 500 windows at a time) and serving (loadModelInputs) must give
// the same inputs, also for a station with more windows than the ranks' reference cap (2,000),
// where the reference is an evenly spread subset and so depends on the order of its rows.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mulberry32 } from '../../core/common/ml/rng.js';
import { Core } from '../../core/node/core.js';
import { computeAndStoreFeatures, loadFeatures, loadModelInputs, withContextOf } from '../../core/node/store/features.js';
import { tempDir } from '../helpers/tmp.js';

describe('station context of a large station', () => {
  const dir = tempDir();
  let core: Core;
  let ids: number[];
  beforeAll(() => {
    core = new Core({ homeDir: join(dir, 'home') });
    core.createProject(join(dir, 'p.seislabel'), [{ name: 'earthquake' }, { name: 'noise' }]);
    const p = core.requireProject();
    const rand = mulberry32(7);
    for (let i = 0; i < 2300; i++) {
      const data = Float32Array.from({ length: 200 }, () => (rand() - 0.5) * (1 + (i % 17)));
      p.insertWindow({ sourceId: null, origin: 'manual', network: 'XX', station: 'BIG', location: '', channels: ['HHZ'], startTime: i * 10_000, samplingRate: 100, data: [data] });
    }
    ids = p.windowIds();
    computeAndStoreFeatures(p.db, ids);
  }, 120_000);
  afterAll(async () => {
    await core?.close();
  });

  it('gives a chunk of windows the same inputs as serving does', () => {
    const db = core.requireProject().db;
    const part = ids.slice(500, 1000);
    const served = loadModelInputs(db, part);
    const scored = withContextOf(db, part, loadFeatures(db, part));
    let differ = 0;
    for (let i = 0; i < served.data.length; i++) if (served.data[i] !== scored.data[i]) differ++;
    expect(differ).toBe(0);
  });
});
