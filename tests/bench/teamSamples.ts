// Why the waveforms stay in the project file on each team host instead of moving into
// PostgreSQL: the same window sample blobs (3 channels × 3000 float32, as a 30 s 100 Hz
// three-component window) read by id from the project file and from a bytea column over
// loopback, and the bytes each way. Labels are a few hundred bytes; samples are what a
// volunteer's every window costs, so they are read where they are nearest.
// Run alone: npx tsx tests/bench/run.ts --only teamSamples
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openDatabase } from '../../core/node/store/db.js';
import { startPgCluster } from '../helpers/pgCluster.js';
import { quantile } from './stats.js';
import type { BenchSuite } from './types.js';

const WINDOWS = 2000;
const READS = 2000;

const suite: BenchSuite = async () => {
  const cluster = await startPgCluster({ durable: true });
  if (!cluster) return [{ name: 'window samples: file vs PostgreSQL', value: NaN, unit: '', note: 'skipped: no PostgreSQL cluster could start' }];
  const dir = mkdtempSync(join(tmpdir(), 'seislabel-bench-samples-'));
  try {
    const blob = (i: number) => Buffer.from(Float32Array.from({ length: 9000 }, (_, k) => Math.sin(k * 0.01 + i)).buffer);
    const db = openDatabase(join(dir, 's.seislabel'), { create: true });
    db.exec('CREATE TABLE bench_samples (id INTEGER PRIMARY KEY, samples BLOB NOT NULL)');
    db.transaction(() => { for (let i = 1; i <= WINDOWS; i++) db.prepare('INSERT INTO bench_samples VALUES (?, ?)').run(i, blob(i)); })();
    const c = new pg.Client({ connectionString: await cluster.createDatabase('samples') });
    await c.connect();
    await c.query('CREATE TABLE bench_samples (id INTEGER PRIMARY KEY, samples BYTEA NOT NULL)');
    for (let i = 1; i <= WINDOWS; i += 100) {
      const ids = Array.from({ length: 100 }, (_, k) => i + k);
      await c.query('INSERT INTO bench_samples SELECT unnest($1::int[]), unnest($2::bytea[])', [ids, ids.map(blob)]);
    }
    const order = Array.from({ length: READS }, (_, k) => 1 + ((k * 7919) % WINDOWS));
    const get = db.prepare('SELECT samples FROM bench_samples WHERE id = ?').pluck();
    const fileMs: number[] = [];
    const pgMs: number[] = [];
    let bytes = 0;
    for (const id of order) {
      const t = performance.now();
      bytes += (get.get(id) as Buffer).length;
      fileMs.push(performance.now() - t);
    }
    for (const id of order) {
      const t = performance.now();
      await c.query('SELECT samples FROM bench_samples WHERE id = $1', [id]);
      pgMs.push(performance.now() - t);
    }
    await c.end();
    db.close();
    return [
      { name: 'window samples (36 KB) from the project file: read p50', value: quantile(fileMs, 0.5), unit: 'ms', peer: { name: 'PostgreSQL bytea, loopback', value: quantile(pgMs, 0.5) } },
      { name: 'window samples (36 KB) from the project file: read p99', value: quantile(fileMs, 0.99), unit: 'ms', peer: { name: 'PostgreSQL bytea, loopback', value: quantile(pgMs, 0.99) } },
      { name: 'samples a volunteer reads per window', value: bytes / READS / 1024, unit: 'KiB', note: 'a label event is ~200 bytes' },
    ];
  } finally {
    cluster.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
};

export default suite;
