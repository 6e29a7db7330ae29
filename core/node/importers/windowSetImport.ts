// Imports the windowed-array format of the shared data (windows.f32 + windows.json +
// windows.csv): every row becomes a window, and its label a label event of the `import`
// annotator, so the labels are history like any other and can be overridden.
import { readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parseWindowSet } from '../../common/formats/windowSet.js';
import { InputError } from '../../common/types.js';
import { componentRank } from '../../common/windowing.js';
import type { ProjectStore } from '../store/project.js';
import { throwIfCancelled, type TaskContext } from '../tasks.js';
import { sha256Of } from './parseFile.js';

// Columns kept as window metadata (shown beside the window, usable for grouping).
const META_COLUMNS = ['subtype', 'magnitude', 'distance_km', 'snr_db', 'source', 'source_trace', 'window_kind', 'units', 'time_tag', 'qc_flags', 'qc_stalta_max'];
// The column that keeps windows of one recording together when splitting train/test.
const GROUP_COLUMNS = ['source_trace', 'source'];

const readPart = (dir: string, file: string): Buffer => {
  try {
    return readFileSync(join(dir, file));
  } catch (e) {
    throw new InputError(`${basename(dir)}/${file}`, `cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
};

// A set is read, checked and stored in one piece on the host's thread: beyond this size that
// would hold every client up for too long (and the memory), so it is refused with a word.
const MAX_SET_BYTES = 2 ** 30;

/** Imports one windowed-array folder as a single source, all in one transaction. */
export async function importWindowSet(store: ProjectStore, dir: string, ctx: TaskContext, importLabels = true) {
  const name = basename(dir) || dir;
  let size = 0;
  try {
    size = statSync(join(dir, 'windows.f32')).size;
  } catch {
    // readPart below says why it cannot be read.
  }
  if (size > MAX_SET_BYTES) throw new InputError(`${name}/windows.f32`, `is ${size} bytes; sets over ${MAX_SET_BYTES} bytes (1 GiB) are not imported in one piece: split it into several sets`);
  const f32 = readPart(dir, 'windows.f32');
  const json = readPart(dir, 'windows.json').toString('utf8');
  const csv = readPart(dir, 'windows.csv').toString('utf8');
  const sha = sha256Of(Buffer.concat([f32, Buffer.from(csv)]));
  const dup = store.sourceByHash(sha);
  if (dup) throw new InputError(name, `was already imported (same content as "${dup.name}")`);
  const set = parseWindowSet({ json, csv, f32: new Uint8Array(f32.buffer, f32.byteOffset, f32.byteLength), name });
  const [n] = set.shape;
  throwIfCancelled(ctx.signal);
  let labels = 0;
  const sourceId = store.transaction(() => {
    const id = store.insertSource({ path: dir, name, format: 'windowset', sha256: sha, bytes: f32.length, warnings: [] });
    const importer = store.ensureAnnotator('import', 'import');
    for (let i = 0; i < n; i++) {
      const row = set.rows[i]!;
      const channels = set.channels[i]!;
      const data = set.windowData(i);
      // Absent channels (empty code, zero-filled in the file) are not stored as channels.
      const keep = channels.map((c, k) => (c !== '' ? k : -1)).filter((k) => k >= 0);
      // Shown Z first, then N/1, E/2, as windows cut from continuous data are.
      const use = (keep.length ? keep : channels.map((_, k) => k)).sort((a, b) => componentRank(channels[a]!) - componentRank(channels[b]!));
      const start = row.window_start_utc ? Date.parse(row.window_start_utc) : NaN;
      const meta: Record<string, string | number> = { row: i };
      for (const c of META_COLUMNS) if (row[c] !== undefined && row[c] !== '') meta[c] = Number.isFinite(Number(row[c])) && c !== 'time_tag' ? Number(row[c]) : row[c]!;
      const windowId = store.insertWindow({
        sourceId: id, origin: 'imported',
        network: row.network ?? '', station: row.station ?? '', location: '',
        channels: use.map((k) => channels[k] || `CH${k + 1}`),
        startTime: Number.isFinite(start) ? start : null,
        samplingRate: set.samplingRate,
        data: use.map((k) => data[k]!.slice()),
        picks: set.picks[i] ?? [],
        groupKey: GROUP_COLUMNS.map((c) => row[c]).find((v) => v) ?? `${row.network ?? ''}.${row.station ?? ''}`,
        meta,
      });
      const label = importLabels ? set.labels[i] : null;
      if (label) {
        const cls = store.classByName(label);
        store.addLabel({ windowId, annotatorId: importer.id, kind: 'class', classId: cls.id });
        labels++;
      }
      if (i % 200 === 0) ctx.progress(i, n, `${name}: window ${i} of ${n}`);
    }
    return id;
  });
  return { file: dir, sourceId, streams: 0, windows: n, labels, warnings: [] as string[] };
}
