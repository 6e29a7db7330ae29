// Feature extraction and filtering speed on one core: windows/s of computeFeatures on
// 10,000 windows of 3 × 2500 samples, zero-phase band-pass samples/s (peer: scipy's
// sosfiltfilt on the same filter and trace length), and FFT throughput.
// Run alone with `npx tsx tests/bench/features.ts`; `npm run bench` collects it too.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { designBandpass } from '../../core/common/dsp/butterworth.js';
import { FftPlan } from '../../core/common/dsp/fft.js';
import { ZeroPhaseFilter } from '../../core/common/dsp/filter.js';
import { FEATURES } from '../../core/common/features/definitions.js';
import { FeatureExtractor } from '../../core/common/features/extract.js';
import { dataPath, hasSharedData } from '../helpers/data.js';
import type { BenchFigure, BenchSuite } from './types.js';

const T = 2500;
const WINDOWS = 10_000;
const FILTER_TRACES = 4000;

/** Real 3 × 2500 windows of the main set, or deterministic noise when the data is absent. */
function sourceWindows(): { windows: Float32Array[][]; codes: string[][]; what: string } {
  if (hasSharedData) {
    const buf = readFileSync(dataPath('windows.f32'));
    const a = new Float32Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.length));
    const rows = readFileSync(dataPath('windows.csv'), 'utf8').trim().split('\n').slice(1);
    const windows = rows.map((_, n) => [0, 1, 2].map((c) => a.subarray((n * 3 + c) * T, (n * 3 + c + 1) * T)));
    const codes = rows.map((r) => r.split(',')[6].split('|'));
    return { windows, codes, what: `${rows.length} real windows of windows.f32, repeated` };
  }
  let s = 1;
  const rnd = () => ((s = (s * 1103515245 + 12345) >>> 0) / 2 ** 32) * 2 - 1;
  const windows = Array.from({ length: 64 }, () => [0, 1, 2].map(() => Float32Array.from({ length: T }, rnd)));
  return { windows, codes: windows.map(() => ['HHE', 'HHN', 'HHZ']), what: '64 deterministic noise windows, repeated (real data absent)' };
}

/** scipy sosfiltfilt samples/s on the same design and trace length, or null without scipy. */
function scipyFiltfilt(): number | null {
  const script = `
import time, numpy as np
from scipy import signal
sos = signal.butter(4, [2, 20], 'bandpass', fs=100, output='sos')
x = np.random.default_rng(1).standard_normal((${FILTER_TRACES}, ${T}))
signal.sosfiltfilt(sos, x[0])
t = time.perf_counter()
for row in x: signal.sosfiltfilt(sos, row)
print(${FILTER_TRACES} * ${T} / (time.perf_counter() - t))
`;
  const p = spawnSync('/usr/bin/python3', ['-c', script], { encoding: 'utf8', timeout: 120_000 });
  const v = Number(p.stdout.trim());
  return p.status === 0 && v > 0 ? v : null;
}

const suite: BenchSuite = async () => {
  const figures: BenchFigure[] = [];
  const { windows, codes, what } = sourceWindows();
  const ex = new FeatureExtractor();
  const out = new Float64Array(FEATURES.length);
  const run = (count: number) => {
    for (let i = 0; i < count; i++) {
      const k = i % windows.length;
      ex.compute({ channels: windows[k], channelCodes: codes[k], samplingRate: 100 }, out);
    }
  };
  run(300);
  let t0 = performance.now();
  run(WINDOWS);
  const featSeconds = (performance.now() - t0) / 1000;
  figures.push({ name: `features: ${FEATURES.length} features, 3×${T} samples`, value: WINDOWS / featSeconds, unit: 'windows/s', note: `${WINDOWS} windows from ${what}; no peer` });

  const filter = new ZeroPhaseFilter(designBandpass(4, 2, 20, 100));
  const traces = windows.flat();
  const y = new Float64Array(T);
  for (let i = 0; i < 200; i++) filter.apply(traces[i % traces.length], y);
  t0 = performance.now();
  for (let i = 0; i < FILTER_TRACES; i++) filter.apply(traces[i % traces.length], y);
  const filtRate = (FILTER_TRACES * T) / ((performance.now() - t0) / 1000);
  const peer = scipyFiltfilt();
  figures.push({
    name: 'band-pass 2–20 Hz, order 4, zero-phase (2500-sample traces)',
    value: filtRate,
    unit: 'samples/s',
    ...(peer ? { peer: { name: 'scipy sosfiltfilt', value: peer } } : { note: 'scipy not available for the peer' }),
  });

  const plan = new FftPlan(4096);
  const re = new Float64Array(4096);
  const im = new Float64Array(4096);
  for (let i = 0; i < 4096; i++) re[i] = Math.sin(i);
  for (let i = 0; i < 500; i++) plan.transform(re, im);
  t0 = performance.now();
  for (let i = 0; i < 5000; i++) plan.transform(re, im, i % 2 === 1);
  figures.push({ name: 'complex FFT, 4096 points', value: 5000 / ((performance.now() - t0) / 1000), unit: 'transforms/s' });
  return figures;
};

export default suite;

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const f of await suite()) console.log(`${f.name}: ${f.value.toFixed(0)} ${f.unit}${f.peer ? ` (peer ${f.peer.name}: ${f.peer.value.toFixed(0)})` : ''}${f.note ? ` — ${f.note}` : ''}`);
}
