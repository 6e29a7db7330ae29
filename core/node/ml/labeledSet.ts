// Loads a labeled windowed-array folder (the format of the shared data) with its features,
// for the simulation and the benches.
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { computeFeatures, FEATURES } from '../../common/features/index.js';
import { stationKey, withStationContext } from '../../common/features/stationContext.js';
import { parseWindowSet, type WindowSet } from '../../common/formats/windowSet.js';
import { CoreError } from '../../common/errors.js';
import type { Matrix } from '../../common/ml/matrix.js';
import { windowSetDir } from '../importers/importFiles.js';

export interface LabeledSet {
  name: string;
  set: WindowSet;
  /** Indices (into the set) of the labeled windows, in order. */
  rows: Int32Array;
  classes: string[];
  y: Int32Array;
  groups: string[];
  /** Station of each labeled window (stationKey: NET.STA, or from a PhaseNet-style file name). */
  stations: string[];
  features: Matrix;
  /** What the feature model sees: the features beside the station context (stationContext.ts). */
  modelInputs: Matrix;
}

/** Reads a windowed-array folder (or its windows.f32) and computes features of its labeled windows. */
export function loadLabeledSet(path: string, groupBy?: string): LabeledSet {
  const dir = windowSetDir(path);
  if (!dir) throw new CoreError('invalid_input', `${path}: not a windowed-array folder (expected windows.f32, windows.json and windows.csv)`);
  const read = (f: string) => readFileSync(join(dir, f));
  const f32 = read('windows.f32');
  const set = parseWindowSet({ json: read('windows.json').toString('utf8'), csv: read('windows.csv').toString('utf8'), f32: new Uint8Array(f32.buffer, f32.byteOffset, f32.byteLength), name: basename(dir) });
  const column = groupBy ?? ['source_trace', 'source', 'station'].find((c) => set.columns.includes(c));
  if (!column || !set.columns.includes(column)) throw new CoreError('invalid_input', `${basename(dir)}: no column "${column ?? groupBy}" to group by (columns: ${set.columns.join(', ')})`);
  const rows = Int32Array.from(set.labels.map((l, i) => (l ? i : -1)).filter((i) => i >= 0));
  if (!rows.length) throw new CoreError('invalid_input', `${basename(dir)}: no labeled windows`);
  const classes = [...new Set(Array.from(rows, (i) => set.labels[i]!))];
  classes.sort();
  const y = Int32Array.from(rows, (i) => classes.indexOf(set.labels[i]!));
  const groups = Array.from(rows, (i) => set.rows[i]![column] ?? '');
  const F = FEATURES.length;
  const data = new Float64Array(rows.length * F);
  rows.forEach((i, r) => {
    computeFeatures({ channels: set.windowData(i), channelCodes: set.channels[i]!, samplingRate: set.samplingRate }, data.subarray(r * F, (r + 1) * F));
  });
  const stations = Array.from(rows, (i) => { const r = set.rows[i]!; return stationKey(r.network ?? '', r.station ?? '', r.source ?? ''); });
  const features = { data, rows: rows.length, cols: F };
  return { name: basename(dir), set, rows, classes, y, groups, stations, features, modelInputs: withStationContext(features, stations) };
}
