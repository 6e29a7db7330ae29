import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FEATURE_INDEX as F, FEATURES } from '../../core/common/features/definitions.js';
import { FeatureExtractor } from '../../core/common/features/extract.js';
import { dataPath, hasSharedData } from '../helpers/data.js';

interface LabeledSet {
  X: Float64Array[];
  labels: string[];
  groups: string[];
}

// Reads a windows.f32/.csv pair (layout in the data README) and computes every window's features.
function load(dir: string[], codes: (row: Record<string, string>) => string[], group: string): LabeledSet {
  const buf = readFileSync(dataPath(...dir, 'windows.f32'));
  const a = new Float32Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.length));
  const meta = JSON.parse(readFileSync(dataPath(...dir, 'windows.json'), 'utf8')) as { shape: [number, number, number] };
  const [N, C, T] = meta.shape;
  const [head, ...lines] = readFileSync(dataPath(...dir, 'windows.csv'), 'utf8').trim().split('\n');
  const cols = head.split(',');
  // Only the leading columns are read; they contain no quoted commas.
  const rows = lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [cols[i], v])));
  const ex = new FeatureExtractor();
  const X = rows.map((r, n) => {
    const channels = Array.from({ length: C }, (_, c) => a.subarray((n * C + c) * T, (n * C + c + 1) * T));
    return ex.compute({ channels, channelCodes: codes(r), samplingRate: Number(r.sampling_rate_hz) });
  });
  expect(X.length).toBe(N);
  return { X, labels: rows.map((r) => r.label), groups: rows.map((r) => r[group]) };
}

// Nearest-centroid classifier on standardised features, 5-fold cross-validation with whole
// groups (source traces) held out together, as the data README asks.
function groupedNearestCentroidAccuracy({ X, labels, groups }: LabeledSet): number {
  const classes = [...new Set(labels)];
  const uniq = [...new Set(groups)];
  const d = FEATURES.length;
  let correct = 0;
  for (let fold = 0; fold < 5; fold++) {
    const held = new Set(uniq.filter((_, i) => i % 5 === fold));
    const train = X.flatMap((_, i) => (held.has(groups[i]) ? [] : [i]));
    const mu = new Float64Array(d);
    const sd = new Float64Array(d);
    for (const i of train) for (let f = 0; f < d; f++) mu[f] += X[i][f] / train.length;
    for (const i of train) for (let f = 0; f < d; f++) sd[f] += (X[i][f] - mu[f]) ** 2 / train.length;
    const z = (x: Float64Array) => Array.from(x, (v, f) => (v - mu[f]) / (Math.sqrt(sd[f]) || 1));
    const centroids = classes.map((c) => {
      const members = train.filter((i) => labels[i] === c).map((i) => z(X[i]));
      return Array.from({ length: d }, (_, f) => members.reduce((s, m) => s + m[f], 0) / members.length);
    });
    X.forEach((x, i) => {
      if (!held.has(groups[i])) return;
      const zi = z(x);
      const dist = centroids.map((c) => c.reduce((s, v, f) => s + (v - zi[f]) ** 2, 0));
      if (classes[dist.indexOf(Math.min(...dist))] === labels[i]) correct++;
    });
  }
  return correct / X.length;
}

describe.skipIf(!hasSharedData)('features on the real windows', () => {
  const main = hasSharedData ? load([], (r) => r.channels.split('|'), 'source_trace') : (null as unknown as LabeledSet);

  it('are finite for every window, including vertical-only and zero-padded ones', () => {
    for (const x of main.X) expect(x.every(Number.isFinite)).toBe(true);
    // 11 PhaseNet/DeepDenoiser traces are vertical-only (channels "||EHZ").
    expect(main.X.filter((x) => x[F.component_count] === 1).length).toBeGreaterThanOrEqual(22);
  });

  it('separate earthquake from noise: nearest centroid ≥ 90 % in grouped cross-validation', () => {
    expect(groupedNearestCentroidAccuracy(main)).toBeGreaterThanOrEqual(0.9);
  });

  it('show the expected physics: earthquakes trigger STA/LTA and are louder in the event band', () => {
    const mean = (label: string, f: number) => {
      const v = main.X.filter((_, i) => main.labels[i] === label).map((x) => x[f]);
      return v.reduce((s, x) => s + x, 0) / v.length;
    };
    expect(mean('earthquake', F.sta_lta_max)).toBeGreaterThan(mean('noise', F.sta_lta_max) + 3);
    expect(mean('earthquake', F.event_band_share)).toBeGreaterThan(mean('noise', F.event_band_share));
    expect(mean('earthquake', F.log_hv_ratio)).toBeGreaterThan(mean('noise', F.log_hv_ratio));
  });

  it('tell noise, P and S apart in 4 s windows well above chance (nearest centroid ≥ 80 %)', () => {
    const phases = load(['phases'], () => ['E', 'N', 'Z'], 'source');
    // Majority class is 44/114 = 39 %.
    expect(groupedNearestCentroidAccuracy(phases)).toBeGreaterThanOrEqual(0.8);
    const mean = (label: string, f: number) => {
      const v = phases.X.filter((_, i) => phases.labels[i] === label).map((x) => x[f]);
      return v.reduce((s, x) => s + x, 0) / v.length;
    };
    // S waves shake the horizontals more than P waves do.
    expect(mean('S', F.log_hv_ratio_at_peak)).toBeGreaterThan(mean('P', F.log_hv_ratio_at_peak));
  });
});
