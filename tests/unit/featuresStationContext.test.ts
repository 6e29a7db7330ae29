// Station context: levels against the station's quiet level and shape features as ranks among
// the station's windows, on toy feature rows whose answers are known by construction.
import { describe, expect, it } from 'vitest';
import { FEATURE_INDEX, FEATURES } from '../../core/common/features/index.js';
import { FLOOR_INPUTS, foldToFeatures, MODEL_INPUT_BASE, MODEL_INPUT_WIDTHS, MODEL_INPUTS, modelInputColumns, STATION_RANKED, STATION_RELATIVE, stationFloors, stationKey, stationReference, withStationContext } from '../../core/common/features/stationContext.js';

const F = FEATURES.length;
const Q = FEATURE_INDEX.log_quiet_segment_amplitude;
const B = FEATURE_INDEX.log_band_rms;

/** Rows with a quiet level and a band level, every other feature 0. */
function rows(levels: [quiet: number, band: number][]) {
  const data = new Float64Array(levels.length * F);
  levels.forEach(([q, b], i) => { data[i * F + Q] = q; data[i * F + B] = b; });
  return { data, rows: levels.length, cols: F };
}

describe('station context', () => {
  it('takes each station floor as the median quiet level of its windows, leaving dead windows out', () => {
    // A: quiet levels 1, 2, 9 → 2; B: 5 and 7 → 6 (mean of the middle two); C only dead → median of all usable ones.
    const X = rows([[1, 0], [2, 0], [9, 0], [5, 0], [7, 0], [-15, 0]]);
    const floors = stationFloors(X, ['A', 'A', 'A', 'B', 'B', 'C']);
    expect(floors.get('A')).toBe(2);
    expect(floors.get('B')).toBe(6);
    expect(floors.get('C')).toBe(5);
  });

  it('makes a gain difference between stations vanish from the relative columns and keeps the features', () => {
    // Station B records the same windows as A at 1000× the gain: every log level is 3 higher.
    const a: [number, number][] = [[0.1, 0.5], [0.2, 2.5], [0.0, 1.0]];
    const X = rows([...a, ...a.map(([q, b]) => [q + 3, b + 3] as [number, number])]);
    const c = withStationContext(X, ['A', 'A', 'A', 'B', 'B', 'B']);
    expect(c.cols).toBe(MODEL_INPUTS);
    const rel = F + STATION_RELATIVE.indexOf('log_band_rms');
    for (let i = 0; i < 3; i++) {
      expect(c.data[i * MODEL_INPUTS + rel]).toBeCloseTo(c.data[(i + 3) * MODEL_INPUTS + rel]!, 12);
      expect(c.data[i * MODEL_INPUTS + B]).toBe(X.data[i * F + B]);
    }
    // The loud window (band 2.5) stands 2.4 above its station's floor (median quiet 0.1).
    expect(c.data[1 * MODEL_INPUTS + rel]).toBeCloseTo(2.4, 12);
  });

  it('uses given floors so a window does not depend on which others were asked for', () => {
    const X = rows([[1, 4]]);
    const ref = { ...stationReference(X, ['A']), floors: new Map([['A', 0.5]]) };
    const c = withStationContext(X, ['A'], ref);
    expect(c.data[F + STATION_RELATIVE.indexOf('log_band_rms')]).toBe(3.5);
    expect(() => withStationContext(X, ['B'], ref)).toThrow(/no floor for station "B"/);
    expect(() => withStationContext(X, ['A', 'B'])).toThrow(/station keys/);
  });

  it('folds a value per model input back to one per feature, for the current and older input widths', () => {
    const v = Float64Array.from({ length: MODEL_INPUTS }, (_, j) => (j < F ? 0 : 1));
    const folded = foldToFeatures(v);
    expect(folded.length).toBe(F);
    for (const n of STATION_RELATIVE) expect(folded[FEATURE_INDEX[n]]).toBe(1);
    for (const f of STATION_RANKED) expect(folded[f]).toBe(1);
    expect(folded.reduce((s, x) => s + x, 0)).toBe(STATION_RELATIVE.length + STATION_RANKED.length);
    // A model trained before the ranks: its relative columns still fold onto their features.
    const older = foldToFeatures(v.subarray(0, FLOOR_INPUTS));
    expect(older.reduce((s, x) => s + x, 0)).toBe(STATION_RELATIVE.length);
    expect(MODEL_INPUT_BASE.slice(0, F)).toEqual(FEATURES.map((_, f) => f));
    expect(() => foldToFeatures([1, 2])).toThrow(/expected/);
  });

  it('ranks shape features among the station\'s windows, so a site effect that shifts them all vanishes', () => {
    // Station B amplifies horizontal motion (site effect): every H/V of its windows is 0.7
    // (a factor 5) higher than at A for the same arrivals; the order of its windows is A's.
    const hv = FEATURE_INDEX.log_hv_after_centre_onset;
    const k = STATION_RANKED.indexOf(hv);
    expect(k).toBeGreaterThanOrEqual(0);
    const a = [-0.4, 0.3, 0.0]; // P (vertical), S (horizontal), noise
    const X = rows(a.map(() => [0, 0]).concat(a.map(() => [0, 0])) as [number, number][]);
    [...a, ...a.map((v) => v + 0.7)].forEach((v, i) => (X.data[i * F + hv] = v));
    const c = withStationContext(X, ['A', 'A', 'A', 'B', 'B', 'B']);
    const rank = (i: number) => c.data[i * MODEL_INPUTS + FLOOR_INPUTS + k];
    // Mid-ranks among three: 1/6, 3/6, 5/6 — the S window is the most horizontal at both.
    expect([rank(0), rank(1), rank(2)]).toEqual([1 / 6, 5 / 6, 3 / 6]);
    expect([rank(3), rank(4), rank(5)]).toEqual([1 / 6, 5 / 6, 3 / 6]);
    // The raw feature keeps the difference; levels and the channel count are not ranked.
    expect(c.data[3 * MODEL_INPUTS + hv]).toBeCloseTo(0.3, 12);
    expect(STATION_RANKED).not.toContain(FEATURE_INDEX.component_count);
    for (const n of STATION_RELATIVE) expect(STATION_RANKED).not.toContain(FEATURE_INDEX[n]);
  });

  it('gives a station\'s only window the middle rank and tied windows the mid-rank', () => {
    const f = STATION_RANKED[0]!;
    const X = rows([[0, 0], [0, 0], [0, 0], [0, 0]]);
    [1, 2, 2, 5].forEach((v, i) => (X.data[i * F + f] = v));
    const c = withStationContext(X, ['A', 'A', 'A', 'B']);
    const rank = (i: number) => c.data[i * MODEL_INPUTS + FLOOR_INPUTS];
    expect([rank(0), rank(1), rank(2)]).toEqual([1 / 6, 4 / 6, 4 / 6]);
    expect(rank(3)).toBe(0.5);
  });

  it('ranks against the reference given, the same whether few windows are asked (counted) or many (sorted)', () => {
    // 40 windows of one station with a shape feature 0..39 in shuffled order.
    const f = STATION_RANKED[5]!;
    const n = 40;
    const X = rows(Array.from({ length: n }, () => [0, 0] as [number, number]));
    for (let i = 0; i < n; i++) X.data[i * F + f] = (i * 17) % n;
    const st = Array.from({ length: n }, () => 'A');
    const ref = stationReference(X, st);
    const all = withStationContext(X, st, ref);
    for (let i = 0; i < n; i++) expect(all.data[i * MODEL_INPUTS + FLOOR_INPUTS + 5]).toBeCloseTo((((i * 17) % n) + 0.5) / n, 12);
    // Window 3 asked alone, against the whole station: the same row as when all were asked.
    const one = withStationContext({ data: X.data.slice(3 * F, 4 * F), rows: 1, cols: F }, ['A'], ref);
    expect(Array.from(one.data)).toEqual(Array.from(all.data.subarray(3 * MODEL_INPUTS, 4 * MODEL_INPUTS)));
    expect(() => withStationContext(X, st, { ...ref, stations: st.map(() => 'B') })).toThrow(/no reference windows for station "A"/);
  });

  it('ranks a large station against an even sample of its windows, close to the rank among all', () => {
    const f = STATION_RANKED[2]!;
    const n = 5000;
    const X = rows(Array.from({ length: n }, () => [0, 0] as [number, number]));
    for (let i = 0; i < n; i++) X.data[i * F + f] = (i * 7919) % n; // every value 0..4999 once, scrambled
    const st = Array.from({ length: n }, () => 'A');
    const c = withStationContext(X, st);
    let worst = 0;
    for (let i = 0; i < n; i++) worst = Math.max(worst, Math.abs(c.data[i * MODEL_INPUTS + FLOOR_INPUTS + 2]! - (((i * 7919) % n) + 0.5) / n));
    expect(worst).toBeLessThan(0.02);
    expect(worst).toBeGreaterThan(0); // a sample, not all 5,000
  });

  it('gives an older model its narrower input as a prefix of the current one, with matching column names', () => {
    const X = rows([[0.1, 0.5], [0.2, 2.5], [0.0, 1.0]]);
    X.data[STATION_RANKED[0]!] = 3;
    const st = ['A', 'A', 'A'];
    const full = withStationContext(X, st);
    for (const W of MODEL_INPUT_WIDTHS) {
      const c = withStationContext(X, st, undefined, W);
      expect(c.cols).toBe(W);
      for (let i = 0; i < 3; i++) expect(Array.from(c.data.subarray(i * W, (i + 1) * W))).toEqual(Array.from(full.data.subarray(i * MODEL_INPUTS, i * MODEL_INPUTS + W)));
      expect(modelInputColumns(W)).toHaveLength(W);
    }
    expect(() => withStationContext(X, st, undefined, F + 1)).toThrow(/no model input is \d+ columns wide/);
    expect(modelInputColumns(MODEL_INPUTS)[FLOOR_INPUTS]!.name).toBe(`${FEATURES[STATION_RANKED[0]!]!.name}_rank_at_station`);
    expect(modelInputColumns(FLOOR_INPUTS)[F]!.name).toBe(`${STATION_RELATIVE[0]}_above_station_floor`);
  });

  it('names a station from its codes or from a PhaseNet-style file name', () => {
    expect(stationKey('NC', 'MCV', 'phasenet')).toBe('NC.MCV');
    expect(stationKey('', '', 'phasenet/BG_SB4_2007081713070678.npz')).toBe('BG.SB4');
    expect(stationKey('', '', 'deepdenoiser/NP_1796_2013042000304419.npz')).toBe('NP.1796');
    expect(stationKey('', '', 'some/recording.mseed')).toBe('');
  });
});
