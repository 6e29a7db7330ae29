// Station context: the window's levels measured against its station's quiet level. Absolute
// levels carry the instrument and its gain (counts differ by orders of magnitude between
// stations); "how far above this station's own noise" carries the event, and that is what
// transfers to a station the model has never seen.
//
// The reference is the station's floor: the median, over all its windows (labeled or not),
// of each window's quietest eighth (log_quiet_segment_amplitude). Taking the quiet part of
// every window keeps the reference right where a station holds only event windows (each still
// has its pre-event stretch); a reference made from whole windows (e.g. the median of every
// feature over the station) is then an event, and in simulations grouped by source it lost
// 0.1–0.17 macro-F1 on earthquake vs noise. No labels are used.
//
// Measured with 16 seeds (hybrid, macro-F1 at 60 labels / full pool, before → after): noise/P/S
// grouped by source 0.895 → 0.908 / 0.893 → 0.910, grouped by station 0.891 → 0.913 / 0.906 →
// 0.916; earthquake vs noise at 30 labels unchanged within the spread (by trace 0.968 → 0.967,
// by source 0.985 → 0.981).
//
// Shape features (ratios, times, frequencies, polarisation) get a second reference: each is
// also given as its rank among the station's windows (share below, ties half). A site or an
// instrument shifts them for every window of a station — H/V above all: site amplification
// raises the horizontals of noise, P and S alike — and the rank takes the shift away while
// keeping the order: at any station an S window is among its most horizontal ones. A rank
// rather than a robust z-score (median/IQR) because it needs no scale: with a handful of
// windows per station the IQR is unstable, and in the screening the z-score gained less.
// Ranks are appended, not substituted: replacing the shape features lost 0.04 macro-F1 on the
// full pool of earthquake vs noise, whose STEAD station holds earthquakes only (ranks among
// 50 earthquakes say nothing about noise). Like the floor, no labels are used.
//
// Measured station-grouped (tests/bench/modelSelection.ts, noRanks → base; hybrid, macro-F1
// at 60 labels / full pool), noise/P/S 32 seeds (0–31): 0.904 → 0.959 / 0.911 → 0.960, better
// on 29 of 32 seeds. Part of that comes from how the set is cut (each trace gives one P, one
// noise and often one S window, so a station's windows are a few of each class): with every
// 4 s window of the stations' 90 s source traces in the reference instead, as a project that
// imported the traces would hold them, the gain was 0.913 → 0.934 / 0.910 → 0.932 (21 and 18
// of 32 seeds better). Earthquake vs noise at 30 labels unchanged (16 seeds 0.970 → 0.970).
// On fresh seeds 300–331: noise/P/S 0.882 → 0.954 / 0.883 → 0.957 (whole traces as the
// reference: 0.879 → 0.914 / 0.884 → 0.910), earthquake vs noise 0.970 → 0.976 / 0.973 → 0.976.
// Summed over 48 full-pool fits, S read as P fell from 51 to 9 of 369 S windows.
import { FEATURE_INDEX, FEATURES, type FeatureName } from './definitions.js';

/** Features that are amplitudes in the recording's units, each also given relative to the station floor. */
export const STATION_RELATIVE: readonly FeatureName[] = [
  'log_peak_amplitude',
  'log_rms_amplitude',
  'log_energy',
  'log_band_rms',
  'log_quiet_segment_amplitude',
  'log_pre_centre_onset_amplitude',
  'log_centre_onset_amplitude',
];

// A window whose quietest eighth is zero padding or a dead channel logs at about -15: it says
// nothing about the station's noise and stays out of the floor.
const DEAD_LOG_LEVEL = -14;

/**
 * Features that describe a window's shape (ratios, times, frequencies, polarisation: all but
 * the levels and the channel count), each also given as its rank among the station's windows.
 */
export const STATION_RANKED: readonly number[] = FEATURES.map((_, f) => f).filter(
  (f) => FEATURES[f]!.name !== 'component_count' && !STATION_RELATIVE.some((n) => FEATURE_INDEX[n] === f),
);

/** Width of the inputs of models trained with the floor only (before the station ranks). */
export const FLOOR_INPUTS = FEATURES.length + STATION_RELATIVE.length;

/** Width of the model input: the features, one column per STATION_RELATIVE, then one per STATION_RANKED. */
export const MODEL_INPUTS = FLOOR_INPUTS + STATION_RANKED.length;

/**
 * Input widths a stored feature model may have: the features alone, with the floor, with the
 * ranks. Each is a prefix of the current input, so older models read its first columns.
 */
export const MODEL_INPUT_WIDTHS: readonly number[] = [FEATURES.length, FLOOR_INPUTS, MODEL_INPUTS];

/** The feature each model input column comes from (the identity for the first F columns). */
export const MODEL_INPUT_BASE: readonly number[] = [...FEATURES.map((_, f) => f), ...STATION_RELATIVE.map((n) => FEATURE_INDEX[n]), ...STATION_RANKED];

/** Name and unit of every model input column (as exported with a model): a feature, a feature above its station's floor, or its rank at the station. */
export function modelInputColumns(width: number): { name: string; unit: string }[] {
  const all = [
    ...FEATURES.map((f) => ({ name: f.name, unit: f.unit })),
    ...STATION_RELATIVE.map((n) => ({ name: `${n}_above_station_floor`, unit: 'log10(ratio to the station floor)' })),
    ...STATION_RANKED.map((f) => ({ name: `${FEATURES[f]!.name}_rank_at_station`, unit: 'fraction of the station\'s windows below' })),
  ];
  return all.slice(0, MODEL_INPUT_WIDTHS.includes(width) ? width : FEATURES.length);
}

/** Row-major matrix of window features. */
export interface ContextMatrix {
  data: Float64Array;
  rows: number;
  cols: number;
}

/** Median of the values (NaN when there is none). */
function median(v: number[]): number {
  const s = [...v].sort((a, b) => a - b);
  if (!s.length) return NaN;
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : 0.5 * (s[m - 1]! + s[m]!);
}

/**
 * The floor of each station: median log amplitude of its windows' quietest eighths (finite
 * and not dead). A station with no usable window gets the median floor of all windows, and
 * 0 when there is none at all.
 */
export function stationFloors(X: ContextMatrix, stations: ArrayLike<string>): Map<string, number> {
  if (X.cols !== FEATURES.length) throw new Error(`station context needs the ${FEATURES.length} window features, got ${X.cols} columns`);
  if (stations.length !== X.rows) throw new Error(`${stations.length} station keys for ${X.rows} windows`);
  const q = FEATURE_INDEX.log_quiet_segment_amplitude;
  const byStation = new Map<string, number[]>();
  const all: number[] = [];
  for (let i = 0; i < X.rows; i++) {
    const v = X.data[i * X.cols + q]!;
    const list = byStation.get(stations[i]!) ?? byStation.set(stations[i]!, []).get(stations[i]!)!;
    if (Number.isFinite(v) && v > DEAD_LOG_LEVEL) {
      list.push(v);
      all.push(v);
    }
  }
  const fallback = all.length ? median(all) : 0;
  return new Map([...byStation].map(([s, v]) => [s, v.length ? median(v) : fallback]));
}

/** What a window's context is measured against: windows of its station (the whole project's, or the set's) and each station's floor. */
export interface StationReference {
  X: ContextMatrix;
  stations: ArrayLike<string>;
  floors: Map<string, number>;
}

/** The reference made of the windows given. */
export function stationReference(X: ContextMatrix, stations: ArrayLike<string>): StationReference {
  return { X, stations, floors: stationFloors(X, stations) };
}

// Below this many asked windows of a station, counting over its reference beats sorting it.
const COUNT_BELOW = 16;
// A station's ranks are taken against at most this many of its windows, evenly spread over
// them: a rank among 2,000 is within about 0.01 of the rank among all, and sorting 71 columns
// of 50,000 windows took seconds on every retrain.
const REFERENCE_CAP = 2_000;

/**
 * Rank columns: for each asked window, the share of its station's reference windows (at most
 * REFERENCE_CAP of them) whose STATION_RANKED feature lies below its own, ties counted half
 * (mid-rank), so a station's only window sits at 0.5.
 */
function writeRanks(X: ContextMatrix, stations: ArrayLike<string>, ref: StationReference, out: Float64Array, W: number): void {
  const F = FEATURES.length;
  const members = new Map<string, number[]>();
  for (let i = 0; i < ref.X.rows; i++) (members.get(ref.stations[i]!) ?? members.set(ref.stations[i]!, []).get(ref.stations[i]!)!).push(i);
  const asked = new Map<string, number[]>();
  for (let i = 0; i < X.rows; i++) (asked.get(stations[i]!) ?? asked.set(stations[i]!, []).get(stations[i]!)!).push(i);
  for (const [station, rows] of asked) {
    const all = members.get(station);
    if (!all) throw new Error(`no reference windows for station "${station}"`);
    const m = all.length > REFERENCE_CAP ? Array.from({ length: REFERENCE_CAP }, (_, j) => all[Math.floor((j * all.length) / REFERENCE_CAP)]!) : all;
    const n = m.length;
    const R = STATION_RANKED.length;
    // One reference column per ranked feature, then row by row (the features of a window lie
    // together in memory; column by column was three times slower on 50,000 windows).
    const cols = STATION_RANKED.map((f) => {
      const col = new Float64Array(n);
      for (let j = 0; j < n; j++) col[j] = ref.X.data[m[j]! * F + f]!;
      return col;
    });
    const sorted = rows.length > COUNT_BELOW;
    if (sorted) for (const col of cols) col.sort();
    for (const i of rows) {
      for (let k = 0; k < R; k++) {
        const col = cols[k]!;
        const v = X.data[i * F + STATION_RANKED[k]!]!;
        let below = 0;
        let notAbove = 0;
        if (sorted) {
          below = countBelow(col, v, false);
          notAbove = below < n && col[below] === v ? countBelow(col, v, true) : below;
        } else {
          for (let j = 0; j < n; j++) {
            if (col[j]! < v) below++;
            if (col[j]! <= v) notAbove++;
          }
        }
        out[i * W + FLOOR_INPUTS + k] = (below + notAbove) / (2 * n);
      }
    }
  }
}

/** Number of sorted values below v (with orEqual: not above v), by bisection. */
function countBelow(sorted: Float64Array, v: number, orEqual: boolean): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const x = sorted[mid]!;
    if (x < v || (orEqual && x === v)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The model input (N × width, by default MODEL_INPUTS): the N × F features, each
 * STATION_RELATIVE feature minus its station's floor, then each STATION_RANKED feature's
 * rank among its station's windows. `ref` defaults to the windows given; pass a reference
 * over more windows of the same stations (the whole project) so a window's input does not
 * depend on which other windows were asked for. A smaller width in MODEL_INPUT_WIDTHS gives
 * the input of an older model (a prefix of the current one).
 */
export function withStationContext(X: ContextMatrix, stations: ArrayLike<string>, ref = stationReference(X, stations), width = MODEL_INPUTS): ContextMatrix {
  const F = FEATURES.length;
  if (X.cols !== F) throw new Error(`station context needs the ${F} window features, got ${X.cols} columns`);
  if (stations.length !== X.rows) throw new Error(`${stations.length} station keys for ${X.rows} windows`);
  if (!MODEL_INPUT_WIDTHS.includes(width)) throw new Error(`no model input is ${width} columns wide (${MODEL_INPUT_WIDTHS.join(', ')})`);
  const W = width;
  const out = new Float64Array(X.rows * W);
  for (let i = 0; i < X.rows; i++) {
    out.set(X.data.subarray(i * F, (i + 1) * F), i * W);
    if (W === F) continue;
    const floor = ref.floors.get(stations[i]!);
    if (floor === undefined) throw new Error(`no floor for station "${stations[i]}"`);
    STATION_RELATIVE.forEach((n, k) => (out[i * W + F + k] = X.data[i * F + FEATURE_INDEX[n]]! - floor));
  }
  if (W === MODEL_INPUTS) writeRanks(X, stations, ref, out, W);
  return { data: out, rows: X.rows, cols: W };
}

/** Per-input values (importances, contributions) folded back to one per feature: a feature and its station-relative and rank copies are one quantity to the user. */
export function foldToFeatures(v: ArrayLike<number>): Float64Array {
  if (!MODEL_INPUT_WIDTHS.includes(v.length)) throw new Error(`expected ${MODEL_INPUT_WIDTHS.join(', ')} values (one per model input), got ${v.length}`);
  const out = new Float64Array(FEATURES.length);
  for (let j = 0; j < v.length; j++) out[MODEL_INPUT_BASE[j]!]! += v[j]!;
  return out;
}

/**
 * The station of a window: NET.STA when known, else from a file name in the NET_STA_time
 * form that PhaseNet-style sets use (e.g. "phasenet/BG_SB4_2007081713070678.npz"), else "".
 */
export function stationKey(network: string, station: string, sourceName = ''): string {
  if (network || station) return `${network}.${station}`;
  const m = /(?:^|\/)([A-Z0-9]{1,2})_([A-Z0-9]{1,5})_\d+\.\w+$/.exec(sourceName);
  return m ? `${m[1]}.${m[2]}` : '';
}
