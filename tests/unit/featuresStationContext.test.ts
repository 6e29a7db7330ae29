// Station context: levels against the station's quiet level, on toy feature rows whose
// answers are known by construction.
import { describe, expect, it } from 'vitest';
import { FEATURE_INDEX, FEATURES } from '../../core/common/features/index.js';
import { foldToFeatures, MODEL_INPUT_BASE, MODEL_INPUTS, STATION_RELATIVE, stationFloors, stationKey, withStationContext } from '../../core/common/features/stationContext.js';

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
    const c = withStationContext(X, ['A'], new Map([['A', 0.5]]));
    expect(c.data[F + STATION_RELATIVE.indexOf('log_band_rms')]).toBe(3.5);
    expect(() => withStationContext(X, ['B'], new Map([['A', 0.5]]))).toThrow(/no floor for station "B"/);
    expect(() => withStationContext(X, ['A', 'B'])).toThrow(/station keys/);
  });

  it('folds a value per model input back to one per feature', () => {
    const v = Float64Array.from({ length: MODEL_INPUTS }, (_, j) => (j < F ? 0 : 1));
    const folded = foldToFeatures(v);
    expect(folded.length).toBe(F);
    for (const n of STATION_RELATIVE) expect(folded[FEATURE_INDEX[n]]).toBe(1);
    expect(folded.reduce((s, x) => s + x, 0)).toBe(STATION_RELATIVE.length);
    expect(MODEL_INPUT_BASE.slice(0, F)).toEqual(FEATURES.map((_, f) => f));
    expect(() => foldToFeatures([1, 2])).toThrow(/expected/);
  });

  it('names a station from its codes or from a PhaseNet-style file name', () => {
    expect(stationKey('NC', 'MCV', 'phasenet')).toBe('NC.MCV');
    expect(stationKey('', '', 'phasenet/BG_SB4_2007081713070678.npz')).toBe('BG.SB4');
    expect(stationKey('', '', 'deepdenoiser/NP_1796_2013042000304419.npz')).toBe('NP.1796');
    expect(stationKey('', '', 'some/recording.mseed')).toBe('');
  });
});
