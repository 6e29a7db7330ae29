// Imports SeisBench datasets (waveforms*.hdf5 + metadata*.csv, single or chunked) and the
// STEAD/EQTransformer layout (one HDF5 dataset per trace, STEAD column names). Every
// metadata row becomes one window; the column the user names becomes its class, the
// arrival-sample columns become picks and the other columns stay on the window.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { parseCsv } from '../../common/formats/csv.js';
import { InputError, type PhasePick } from '../../common/types.js';
import { componentRank } from '../../common/windowing.js';
import type { ProjectStore } from '../store/project.js';
import { throwIfCancelled, yieldToLoop, type TaskContext } from '../tasks.js';
import { sha256Of } from './parseFile.js';
import { fileIsHdf5, openHdf5, readDataFormat, TraceReader } from './seisbenchHdf5.js';
import { pickColumns, rowLayout, splitChannels, type RowLayout } from './seisbenchRows.js';

/** One waveforms file with its metadata. */
export interface SeisbenchChunk {
  waveforms: string;
  metadata: string;
}

const HDF5_NAME = /\.(hdf5|h5|he5)$/i;

/** The metadata CSV that belongs to a waveforms file: waveforms{chunk}.hdf5 -> metadata{chunk}.csv. */
function metadataFor(waveforms: string): string | null {
  const dir = dirname(waveforms);
  const name = basename(waveforms);
  const candidates = [name.replace(/waveforms/i, 'metadata').replace(HDF5_NAME, '.csv'), name.replace(HDF5_NAME, '.csv'), 'metadata.csv'];
  return candidates.map((c) => join(dir, c)).find((p) => p !== waveforms && existsSync(p)) ?? null;
}

/**
 * The chunks a path names: an HDF5 file (with its metadata beside it) or a folder holding
 * waveforms*.hdf5 + metadata*.csv pairs (a SeisBench `chunks` file, when present, orders
 * them). Null when the path is neither, so other importers can try it.
 */
export function seisbenchChunks(path: string): SeisbenchChunk[] | null {
  let isDir: boolean;
  try {
    isDir = statSync(path).isDirectory();
  } catch {
    return null;
  }
  if (!isDir) {
    if (!HDF5_NAME.test(path) && !fileIsHdf5(path)) return null;
    const metadata = metadataFor(path);
    if (!metadata) throw new InputError(basename(path), `has no metadata CSV beside it (expected ${basename(path).replace(/waveforms/i, 'metadata').replace(HDF5_NAME, '.csv')})`);
    return [{ waveforms: path, metadata }];
  }
  const files = readdirSync(path);
  const chunkFile = join(path, 'chunks');
  const listed = existsSync(chunkFile) ? readFileSync(chunkFile, 'utf8').split(/\r?\n/).map((s) => s.trim()).filter(Boolean) : null;
  const names = listed ? listed.map((c) => `waveforms${c}.hdf5`) : files.filter((f) => /waveforms.*\.hdf5$/i.test(f)).sort();
  const chunks = names.map((n) => ({ waveforms: join(path, n), metadata: metadataFor(join(path, n)) }));
  if (!chunks.length) return null;
  const missing = chunks.find((c) => !c.metadata || !existsSync(c.waveforms));
  if (missing) throw new InputError(basename(missing.waveforms), 'is listed as a chunk but it or its metadata CSV is missing');
  return chunks as SeisbenchChunk[];
}

/** Options of a SeisBench import. */
export interface SeisbenchOptions {
  /** Metadata column whose value becomes the window's class; absent = import unlabeled. */
  labelColumn?: string;
}

interface PendingWindow {
  layout: RowLayout;
  data: Float32Array[];
  channels: string[];
  picks: PhasePick[];
  label: string | null;
}

/** Imports one chunk as one source (all its windows in one transaction). */
export async function importSeisbenchChunk(store: ProjectStore, chunk: SeisbenchChunk, opts: SeisbenchOptions, ctx: TaskContext) {
  const name = basename(chunk.waveforms);
  const csvName = basename(chunk.metadata);
  const csvText = readFileSync(chunk.metadata, 'utf8');
  const sha = sha256Of(Buffer.concat([readFileSync(chunk.waveforms), Buffer.from(csvText)]));
  const dup = store.sourceByHash(sha);
  if (dup) throw new InputError(name, `was already imported (same content as "${dup.name}")`);
  const { columns, rows } = parseCsv(csvText, csvName);
  if (!columns.includes('trace_name')) throw new InputError(csvName, 'has no trace_name column (not SeisBench or STEAD metadata)');
  if (opts.labelColumn !== undefined && !columns.includes(opts.labelColumn)) {
    throw new InputError(csvName, `has no column "${opts.labelColumn}" to take labels from; columns: ${columns.join(', ')}`);
  }
  const file = await openHdf5(chunk.waveforms, name);
  const warnings = new Set<string>();
  const pending: PendingWindow[] = [];
  try {
    const dataFormat = readDataFormat(file);
    const reader = new TraceReader(file, name);
    const picksOf = pickColumns(columns);
    for (const [i, row] of rows.entries()) {
      const raw = reader.read(row.trace_name!);
      // Per-trace attributes (STEAD) fill what the CSV leaves out; the CSV wins where both say.
      const merged: Record<string, string> = { ...Object.fromEntries(Object.entries(raw.attrs).map(([k, v]) => [k, String(v)])) };
      for (const [k, v] of Object.entries(row)) if (v !== '' || merged[k] === undefined) merged[k] = v;
      const layout = rowLayout(merged, dataFormat, `${csvName} row ${i + 1}`);
      layout.warnings.forEach((w) => warnings.add(w));
      const data = splitChannels(raw.values, raw.shape, layout, `${name}: trace "${row.trace_name}"`);
      const order = data.map((_, k) => k).sort((a, b) => componentRank(layout.channels[a]!) - componentRank(layout.channels[b]!));
      const picks = picksOf(merged, layout.samplingRate);
      const labelCell = opts.labelColumn ? (merged[opts.labelColumn] ?? '').trim() : '';
      pending.push({
        layout, picks,
        data: order.map((k) => data[k]!), channels: order.map((k) => layout.channels[k]!),
        label: labelCell && !/^(none|nan|null)$/i.test(labelCell) ? labelCell : null,
      });
      if (i % 100 === 0) {
        ctx.progress(i, rows.length, `${name}: trace ${i} of ${rows.length}`);
        await yieldToLoop();
        throwIfCancelled(ctx.signal);
      }
    }
  } finally {
    file.close();
  }
  if (!opts.labelColumn) warnings.add('imported unlabeled (no label column chosen)');
  let labels = 0;
  const sourceId = store.transaction(() => {
    const id = store.insertSource({ path: chunk.waveforms, name, format: 'seisbench', sha256: sha, bytes: statSync(chunk.waveforms).size, warnings: [...warnings] });
    const importer = store.ensureAnnotator('import', 'import');
    for (const w of pending) {
      const windowId = store.insertWindow({
        sourceId: id, origin: 'imported', network: w.layout.network, station: w.layout.station, location: w.layout.location,
        channels: w.channels, startTime: w.layout.startTime, samplingRate: w.layout.samplingRate, data: w.data,
        picks: w.picks, groupKey: `${w.layout.network}.${w.layout.station}`, meta: { ...w.layout.meta, source_file: name },
      });
      if (w.label) {
        store.addLabel({ windowId, annotatorId: importer.id, kind: 'class', classId: store.classByName(w.label).id });
        labels++;
      }
    }
    return id;
  });
  return { file: chunk.waveforms, sourceId, streams: 0, windows: pending.length, labels, warnings: [...warnings] };
}
