// Window features, computed once and cached per feature set, so retraining and maps never
// recompute them. The feature set's name changes whenever the feature list does.
import { computeFeatures, FEATURES } from '../../common/features/index.js';
import { MODEL_INPUT_WIDTHS, MODEL_INPUTS, stationKey, stationReference, withStationContext } from '../../common/features/stationContext.js';
import { takeRows, type Matrix } from '../../common/ml/matrix.js';
import type { ReadableDb, WritableDb } from './db.js';
import { blobToF32 } from './samples.js';
import { loadWindow } from './windows.js';

const hash = (s: string) => {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619) >>> 0;
  return h.toString(16);
};

/** Name of the current feature set (changes when the list of features changes). */
export const FEATURE_SET = `f${FEATURES.length}-${hash(FEATURES.map((f) => f.name).join(','))}`;

/** Ids (of those given) whose features are not cached yet. */
export function missingFeatures(db: ReadableDb, ids: number[]): number[] {
  const have = new Set(db.prepare('SELECT window_id FROM features WHERE feature_set = ?').pluck().all(FEATURE_SET) as number[]);
  return ids.filter((id) => !have.has(id));
}

/** Computes and stores the features of some windows (one transaction). */
export function computeAndStoreFeatures(db: WritableDb, ids: number[]): void {
  const put = db.prepare('INSERT OR REPLACE INTO features (window_id, feature_set, value_blob) VALUES (?, ?, ?)');
  const out = new Float64Array(FEATURES.length);
  db.transaction(() => {
    for (const id of ids) {
      const w = loadWindow(db, id);
      computeFeatures({ channels: w.data, channelCodes: w.channels, samplingRate: w.samplingRate }, out);
      put.run(id, FEATURE_SET, Buffer.from(Float32Array.from(out).buffer));
    }
  })();
}

/** Cached features of windows, N × F in the order given (all must be cached). */
export function loadFeatures(db: ReadableDb, ids: number[]): Matrix {
  const F = FEATURES.length;
  const data = new Float64Array(ids.length * F);
  const get = db.prepare('SELECT value_blob FROM features WHERE window_id = ? AND feature_set = ?').pluck();
  ids.forEach((id, r) => {
    const b = get.get(id, FEATURE_SET) as Buffer | undefined;
    if (!b) throw new Error(`features of window ${id} are not computed`);
    data.set(blobToF32(b), r * F);
  });
  return { data, rows: ids.length, cols: F };
}

/** Station of every window (stationContext.ts stationKey; the source file names a PhaseNet-style set's stations). */
function windowStations(db: ReadableDb): Map<number, string> {
  const rows = db.prepare('SELECT id, network, station, meta FROM windows').all() as { id: number; network: string; station: string; meta: string }[];
  return new Map(rows.map((r) => {
    let source = '';
    if (!r.network && !r.station) {
      try {
        const m = JSON.parse(r.meta) as { source?: unknown };
        if (typeof m.source === 'string') source = m.source;
      } catch {
        // A window without readable metadata has no station beyond its codes.
      }
    }
    return [r.id, stationKey(r.network, r.station, source)];
  }));
}

/** The station key of each of windows `ids` (as loadModelInputs groups them). */
export function stationKeysOf(db: ReadableDb, ids: number[]): string[] {
  const station = windowStations(db);
  return ids.map((id) => station.get(id) ?? '');
}

/**
 * The feature model's input for windows `ids`: their features beside their station context,
 * N × width (MODEL_INPUTS, or an older model's width). Each station's floor and ranks are
 * taken over every window of the station whose features are cached, labeled or not, so a
 * window's input does not depend on which windows are asked for.
 */
export function loadModelInputs(db: ReadableDb, ids: number[], width = MODEL_INPUTS): Matrix {
  const station = windowStations(db);
  const wanted = new Set(ids.map((id) => station.get(id) ?? ''));
  const cached = db.prepare('SELECT window_id FROM features WHERE feature_set = ? ORDER BY window_id').pluck().all(FEATURE_SET) as number[];
  const members = cached.filter((id) => wanted.has(station.get(id) ?? ''));
  const all = loadFeatures(db, members);
  const ref = stationReference({ data: all.data as Float64Array, rows: all.rows, cols: all.cols }, members.map((id) => station.get(id) ?? ''));
  // Asked-for windows are taken from the rows just read (a queue asks for every window: reading
  // them twice took 0.3 s of 1.3 s at 20,000 windows). One without cached features makes
  // loadFeatures say which one is missing (every cached one is among the members, so its
  // station has a floor).
  const rowOf = new Map(members.map((id, r) => [id, r]));
  const X = ids.every((id) => rowOf.has(id)) ? takeRows(all, ids.map((id) => rowOf.get(id)!)) : loadFeatures(db, ids);
  return withStationContext({ data: X.data as Float64Array, rows: X.rows, cols: X.cols }, ids.map((id) => station.get(id) ?? ''), ref, width);
}

/** The inputs a stored feature model was trained on: the features alone (models before the station context), with the floor (before the ranks), or the current input. */
export function loadInputsFor(db: ReadableDb, ids: number[], modelWidth: number): Matrix {
  return modelWidth !== FEATURES.length && MODEL_INPUT_WIDTHS.includes(modelWidth) ? loadModelInputs(db, ids, modelWidth) : loadFeatures(db, ids);
}

/**
 * Station context for windows whose features are given (cached or computed just now, as a
 * read-only project's are when it is scored): each station's floor and ranks over its cached
 * windows and the given ones, as loadModelInputs takes them when every feature is cached.
 */
export function withContextOf(db: ReadableDb, ids: number[], X: Matrix, width = MODEL_INPUTS): Matrix {
  const station = windowStations(db);
  const asked = new Set(ids);
  const wanted = new Set(ids.map((id) => station.get(id) ?? ''));
  const cached = db.prepare('SELECT window_id FROM features WHERE feature_set = ? ORDER BY window_id').pluck().all(FEATURE_SET) as number[];
  const others = cached.filter((id) => !asked.has(id) && wanted.has(station.get(id) ?? ''));
  const rest = loadFeatures(db, others);
  // The reference rows in window order, as loadModelInputs reads them: a station above the
  // ranks' reference cap is ranked against an evenly spread subset of its rows, which depends
  // on their order (given windows after the others changed 23,438 inputs of 500 windows of a
  // 2,300-window station).
  const order = [...others.map((id, r) => ({ id, from: rest.data, r })), ...ids.map((id, r) => ({ id, from: X.data, r }))].sort((a, b) => a.id - b.id);
  const data = new Float64Array(order.length * X.cols);
  order.forEach((o, r) => data.set(o.from.subarray(o.r * X.cols, (o.r + 1) * X.cols), r * X.cols));
  const ref = stationReference({ data, rows: order.length, cols: X.cols }, order.map((o) => station.get(o.id) ?? ''));
  return withStationContext({ data: Float64Array.from(X.data as ArrayLike<number>), rows: X.rows, cols: X.cols }, ids.map((id) => station.get(id) ?? ''), ref, width);
}
