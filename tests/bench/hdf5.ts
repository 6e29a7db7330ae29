// HDF5 read/write throughput through h5wasm (SeisBench import/export) and miniSEED 3 decode
// beside its miniSEED 2 twin (same samples, libmseed's reference data).
// Run alone: npx tsx tests/bench/run.ts --only hdf5
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseCsv } from '../../core/common/formats/csv.js';
import { parseMiniSeed } from '../../core/common/formats/mseed.js';
import { h5, openHdf5, TraceReader } from '../../core/node/importers/seisbenchHdf5.js';
import { dataPath, hasSharedData, missingDataReason } from '../helpers/data.js';
import type { BenchFigure, BenchSuite } from './types.js';

/** Runs fn until at least `minMs` have passed (after a warm-up for the JIT); returns calls per second. */
async function perSecond(fn: () => unknown, minMs = 1000): Promise<number> {
  for (let i = 0; i < 20; i++) await fn();
  let n = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < minMs) {
    await fn();
    n++;
  }
  return n / ((performance.now() - t0) / 1000);
}

const suite: BenchSuite = async () => {
  if (!hasSharedData) return [{ name: 'hdf5', value: NaN, unit: '', note: missingDataReason }];
  const figures: BenchFigure[] = [];

  // miniSEED 3 vs 2: the 3-channel IU.COLA signal (Steim-2 in both), 12,600 samples.
  const lib = (f: string) => new Uint8Array(readFileSync(dataPath('raw_formats', 'libmseed', f)));
  const v3 = lib('testdata-3channel-signal.mseed3');
  const v2 = lib('testdata-3channel-signal.mseed2');
  const samples = parseMiniSeed(v3, 'x').traces.reduce((s, t) => s + t.samples.length, 0);
  const r3 = await perSecond(() => parseMiniSeed(v3, 'x.mseed3'));
  const r2 = await perSecond(() => parseMiniSeed(v2, 'x.mseed2'));
  figures.push({ name: 'miniSEED 3 decode (IU.COLA 3 ch, CRC checked)', value: (r3 * samples) / 1e6, unit: 'M samples/s', peer: { name: 'miniSEED 2 twin', value: (r2 * samples) / 1e6 } });

  // HDF5 read: every trace of SeisBench's dummy dataset by its bucket address.
  const file = dataPath('raw_sources', 'seisbench', 'dummydataset_waveforms.hdf5');
  const { rows } = parseCsv(readFileSync(dataPath('raw_sources', 'seisbench', 'dummydataset_metadata.csv'), 'utf8'), 'm.csv');
  const f = await openHdf5(file, 'dummy');
  const reader = new TraceReader(f, 'dummy');
  let bytesRead = 0;
  const reads = await perSecond(() => {
    bytesRead = 0;
    for (const r of rows) bytesRead += reader.read(r.trace_name!).values.length * 8;
  });
  f.close();
  figures.push({ name: `HDF5 read, per-trace slices (${rows.length} traces, float64)`, value: (reads * bytesRead) / 1e6, unit: 'MB/s' });

  // HDF5 write + whole-bucket read: one float32 bucket [500, 3, 6000] = 36 MB.
  const dir = mkdtempSync(join(tmpdir(), 'seislabel-bench-'));
  try {
    const h = await h5();
    const data = new Float32Array(500 * 3 * 6000).map((_, i) => Math.sin(i / 7) * 1000);
    const path = join(dir, 'w.hdf5');
    const writes = await perSecond(() => {
      const out = new h.File(path, 'w');
      out.create_group('data').create_dataset({ name: 'bucket0', data, shape: [500, 3, 6000], dtype: '<f' });
      out.close();
    });
    figures.push({ name: 'HDF5 write, one float32 bucket [500, 3, 6000]', value: (writes * data.byteLength) / 1e6, unit: 'MB/s', note: `${(statSync(path).size / 1e6).toFixed(1)} MB file` });
    let readBack = 0;
    const wholeReads = await perSecond(() => {
      const g = new h.File(path, 'r');
      readBack = ((g.get('data/bucket0') as InstanceType<typeof h.Dataset>).value as Float32Array).length;
      g.close();
    });
    if (readBack !== data.length) throw new Error(`read back ${readBack} values, wrote ${data.length}`);
    figures.push({ name: 'HDF5 read, whole float32 bucket', value: (wholeReads * data.byteLength) / 1e6, unit: 'MB/s' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return figures;
};

export default suite;
