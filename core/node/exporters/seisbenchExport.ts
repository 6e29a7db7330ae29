// Writes a labeled training set in SeisBench's layout: OUT/waveforms.hdf5 with /data/bucketK
// arrays [n, C, W] (float32, dimension order CW) and a data_format group, plus OUT/metadata.csv
// with one row per window. The split is grouped by station (seeded) so that no station's
// windows are on both the training and the test side.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { groupSplit } from '../../common/ml/splits.js';
import { h5 } from '../importers/seisbenchHdf5.js';
import type { ProjectStore } from '../store/project.js';
import { throwIfCancelled, yieldToLoop, type TaskContext } from '../tasks.js';
import { selectLabeledWindows, type ExportFilter } from './exportSelection.js';

/** What to export: which windows (classes, confidence, only gold/reviewed), and how to split them. */
export interface SeisbenchExportOptions extends ExportFilter {
  /** Seed of the station-grouped split. */
  seed?: number;
  /** Shares of the split sides. */
  fractions?: { train: number; validation: number; test: number };
}

/** Traces per bucket: bounds the memory one bucket needs while it is written. */
const BUCKET_TRACES = 1024;
const STANDARD = ['trace_name', 'trace_start_time', 'trace_sampling_rate_hz', 'trace_npts', 'station_network_code', 'station_code', 'station_location_code',
  'trace_channel', 'trace_component_order', 'split', 'label', 'label_confidence', 'votes', 'annotators', 'labeled_at', 'label_gold', 'seislabel_window_id', 'source_file'];

const cell = (v: unknown): string => {
  const s = v === null || v === undefined ? '' : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** SeisBench writes times as ObsPy does: ISO 8601 with microseconds and a Z. */
const isoMicro = (ms: number): string => {
  const whole = Math.floor(ms);
  const micro = Math.min(999, Math.round((ms - whole) * 1000));
  return `${new Date(whole).toISOString().slice(0, 23)}${String(micro).padStart(3, '0')}Z`;
};

/** Exports the project's consensus-labeled windows; returns counts per split side. */
export async function exportSeisbench(store: ProjectStore, outDir: string, opts: SeisbenchExportOptions, ctx: TaskContext) {
  const annotators = new Map(store.listAnnotators().map((a) => [a.id, a.name]));
  const sources = new Map(store.listSources().map((s) => [s.id, s.name]));
  const { windows: chosen, labels: consensus, classNames } = selectLabeledWindows(store, opts);
  const classIndex = new Map([...new Set(chosen.map((w) => consensus.get(w.id)!.classId))].map((id, i) => [id, i]));
  const split = groupSplit({
    groups: chosen.map((w) => `${w.network}.${w.station}`),
    labels: chosen.map((w) => classIndex.get(consensus.get(w.id)!.classId)!),
    fractions: opts.fractions ?? { train: 0.7, validation: 0.1, test: 0.2 },
    seed: opts.seed ?? 1,
  });
  const side = new Map<number, string>();
  for (const [name, idx] of [['train', split.train], ['dev', split.validation], ['test', split.test]] as const) for (const i of idx) side.set(i, name);

  // The file's component order is the first window's; other windows say theirs per row.
  const componentsOf = (channels: string[]) => channels.map((c) => c.slice(-1)).join('');
  const fileComponents = chosen.length ? componentsOf(chosen[0]!.channels) : 'ZNE';
  const rates = new Set(chosen.map((w) => w.samplingRate));
  const phases = [...new Set(['P', 'S', ...chosen.flatMap((w) => w.picks.map((p) => p.phase))])];
  const metaKeys = [...new Set(chosen.flatMap((w) => Object.keys(w.meta)))].filter((k) => !STANDARD.includes(k) && !/_arrival_sample$/.test(k));

  mkdirSync(outDir, { recursive: true });
  const h5path = join(outDir, 'waveforms.hdf5');
  rmSync(h5path, { force: true });
  const lib = await h5();
  const file = new lib.File(h5path, 'w');
  const rows: string[][] = [];
  try {
    const format = file.create_group('data_format');
    format.create_dataset({ name: 'component_order', data: fileComponents });
    format.create_dataset({ name: 'dimension_order', data: 'CW' });
    if (rates.size === 1) format.create_dataset({ name: 'sampling_rate', data: [...rates][0]! });
    const data = file.create_group('data');
    // Windows of one shape share buckets, in window order.
    const byShape = new Map<string, number[]>();
    chosen.forEach((w, i) => {
      const key = `${w.channels.length}x${w.nSamples}`;
      byShape.set(key, [...(byShape.get(key) ?? []), i]);
    });
    let bucket = 0;
    let done = 0;
    for (const members of byShape.values()) {
      for (let from = 0; from < members.length; from += BUCKET_TRACES, bucket++) {
        const part = members.slice(from, from + BUCKET_TRACES);
        const first = chosen[part[0]!]!;
        const [c, n] = [first.channels.length, first.nSamples];
        const values = new Float32Array(part.length * c * n);
        for (const [j, i] of part.entries()) {
          const w = chosen[i]!;
          store.loadWindow(w.id).data.forEach((ch, k) => values.set(ch, (j * c + k) * n));
          const con = consensus.get(w.id)!;
          const pickCols = phases.map((ph) => {
            const p = w.picks.find((x) => x.phase === ph);
            return p ? String(Math.round(p.offsetSeconds * w.samplingRate)) : '';
          });
          const comps = componentsOf(w.channels);
          rows.push([
            `bucket${bucket}$${j},:${c},:${n}`, w.startTime === null ? '' : isoMicro(w.startTime), String(w.samplingRate), String(n),
            w.network, w.station, w.location, w.channels[0]!.slice(0, -1), comps === fileComponents ? '' : comps,
            side.get(i)!, classNames.get(con.classId)!, con.confidence.toFixed(3), String(con.votes),
            con.annotatorIds.map((a) => annotators.get(a) ?? String(a)).join('|'), con.lastAt ? isoMicro(con.lastAt) : '', con.gold ? '1' : '0', String(w.id),
            w.sourceId === null ? '' : (sources.get(w.sourceId) ?? ''),
            ...pickCols, ...metaKeys.map((k) => (w.meta[k] === undefined ? '' : String(w.meta[k]))),
          ]);
        }
        data.create_dataset({ name: `bucket${bucket}`, data: values, shape: [part.length, c, n], dtype: '<f' });
        done += part.length;
        ctx.progress(done, chosen.length, `exported ${done} of ${chosen.length} windows`);
        await yieldToLoop();
        throwIfCancelled(ctx.signal);
      }
    }
  } finally {
    file.close();
  }
  const header = [...STANDARD, ...phases.map((p) => `trace_${p}_arrival_sample`), ...metaKeys];
  writeFileSync(join(outDir, 'metadata.csv'), `${[header, ...rows].map((r) => r.map(cell).join(',')).join('\n')}\n`);
  const count = (s: string) => rows.filter((r) => r[STANDARD.indexOf('split')] === s).length;
  return { windows: rows.length, train: count('train'), dev: count('dev'), test: count('test'), outDir };
}
