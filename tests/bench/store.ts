// Label write latency with the durability chosen (WAL + synchronous=FULL: an acknowledged
// label survives a kill -9 and a power cut) and window load latency from the sample cache.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ProjectStore } from '../../core/node/store/project.js';
import { quantile } from './stats.js';
import type { BenchSuite } from './types.js';

const suite: BenchSuite = async () => {
  const dir = mkdtempSync(join(tmpdir(), 'seislabel-bench-'));
  try {
    const store = ProjectStore.create(join(dir, 'bench.seislabel'), [{ name: 'earthquake' }, { name: 'noise' }]);
    const ann = store.ensureAnnotator('bench');
    const ids: number[] = [];
    store.transaction(() => {
      for (let i = 0; i < 2000; i++) {
        const data = [0, 1, 2].map(() => Float32Array.from({ length: 3000 }, () => Math.random()));
        ids.push(store.insertWindow({ sourceId: null, origin: 'manual', network: 'XX', station: 'B', location: '', channels: ['HHZ', 'HHN', 'HHE'], startTime: i * 30_000, samplingRate: 100, data }));
      }
    });
    const classes = store.listClasses();
    const write: number[] = [];
    for (let i = 0; i < 500; i++) {
      const t0 = performance.now();
      store.addLabel({ windowId: ids[i]!, annotatorId: ann.id, kind: 'class', classId: classes[i % 2]!.id, listened: true });
      write.push(performance.now() - t0);
    }
    const load: number[] = [];
    for (let i = 0; i < 2000; i++) {
      const id = ids[(i * 7919) % ids.length]!;
      const t0 = performance.now();
      store.loadWindow(id);
      load.push(performance.now() - t0);
    }
    store.close();
    return [
      { name: 'label write latency p50 (WAL, synchronous=FULL)', value: quantile(write, 0.5), unit: 'ms' },
      { name: 'label write latency p99 (WAL, synchronous=FULL)', value: quantile(write, 0.99), unit: 'ms' },
      { name: 'window load latency p50 (3x3000 samples)', value: quantile(load, 0.5), unit: 'ms' },
      { name: 'window load latency p99 (3x3000 samples)', value: quantile(load, 0.99), unit: 'ms' },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};
export default suite;
