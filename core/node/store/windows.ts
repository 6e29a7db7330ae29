// Sources (imported files), streams (contiguous channel data) and windows (what gets labeled).
import { withCurrentPicks } from './picks.js';
import { CoreError } from '../../common/errors.js';
import type { SourceInfo, StreamInfo, WindowSummary } from '../../common/model.js';
import type { PhasePick, Trace } from '../../common/types.js';
import { streamId } from '../../common/types.js';
import type { ReadableDb, WritableDb } from './db.js';
import { projectConsensus } from './consensus.js';
import { blobToF32, channelsToBlob, f32ToBlob, splitChannels } from './samples.js';

export interface NewSource {
  path: string;
  name: string;
  format: string;
  sha256: string;
  bytes: number;
  warnings?: string[];
  discontinuities?: unknown[];
  /** Format-specific header information (ParsedRecording.meta), kept in the source's info. */
  meta?: Record<string, unknown>;
  /** The windowing asked for; stored so the project records how its windows were cut. */
  windowing?: unknown;
  /** False until the source's windows are all stored (see markSourcesComplete). */
  complete?: boolean;
}

/** The source already imported with this content hash, if any. */
export function sourceByHash(db: ReadableDb, sha256: string): SourceInfo | null {
  const r = db.prepare('SELECT * FROM sources WHERE sha256 = ?').get(sha256) as SourceRow | undefined;
  return r ? toSource(r) : null;
}

interface SourceRow { id: number; path: string; name: string; format: string; sha256: string; bytes: number; imported_at: number; info: string }
interface SourceMeta { warnings?: string[]; discontinuities?: unknown[]; windowing?: unknown; complete?: boolean }
const toSource = (r: SourceRow): SourceInfo => {
  const info = JSON.parse(r.info) as SourceMeta;
  return {
    id: r.id, path: r.path, name: r.name, format: r.format, sha256: r.sha256, bytes: r.bytes, importedAt: r.imported_at,
    warnings: info.warnings ?? [], discontinuities: info.discontinuities?.length ?? 0, complete: info.complete !== false,
  };
};

/**
 * How far a source's import got: 'importing' until markSourcesComplete ran (a crash or a
 * cancel leaves it so), 'legacy' for sources imported before this was recorded.
 */
export function sourceImportState(db: ReadableDb, id: number): 'complete' | 'importing' | 'legacy' {
  const r = db.prepare('SELECT info FROM sources WHERE id = ?').get(id) as { info: string } | undefined;
  if (!r) throw new CoreError('not_found', `no source with id ${id}`);
  const complete = (JSON.parse(r.info) as SourceMeta).complete;
  return complete === undefined ? 'legacy' : complete ? 'complete' : 'importing';
}

/** Marks sources whose windows are all stored. */
export function markSourcesComplete(db: WritableDb, ids: number[]): void {
  const set = db.prepare("UPDATE sources SET info = json_set(info, '$.complete', json('true')) WHERE id = ?");
  for (const id of ids) set.run(id);
}

/** Number of windows cut from a source. */
export const countSourceWindows = (db: ReadableDb, sourceId: number): number =>
  (db.prepare('SELECT count(*) AS n FROM windows WHERE source_id = ?').get(sourceId) as { n: number }).n;

/**
 * Identity of the windows of a source (start or offset, length, channels): cutting the same
 * streams again skips windows already there, so a re-import after a crash or a repeated
 * `windows cut` does not store a window twice.
 */
export function windowKeys(db: ReadableDb, sourceId: number): Set<string> {
  const rows = db.prepare('SELECT start_time, n_samples, channels, meta FROM windows WHERE source_id = ?').all(sourceId) as { start_time: number | null; n_samples: number; channels: string; meta: string }[];
  return new Set(rows.map((r) => windowKey(r.start_time, r.n_samples, JSON.parse(r.channels) as string[], JSON.parse(r.meta) as Record<string, unknown>)));
}

/** The key windowKeys uses for one window. */
export const windowKey = (start: number | null, n: number, channels: string[], meta: Record<string, unknown> | undefined): string =>
  `${start ?? `+${String(meta?.offset_s ?? '')}`}|${n}|${channels.join(',')}`;

/** Records an imported file. */
export function insertSource(db: WritableDb, s: NewSource): number {
  const info = db
    .prepare('INSERT INTO sources (path, name, format, sha256, bytes, imported_at, info) VALUES (?, ?, ?, ?, ?, ?, ?)')
    .run(s.path, s.name, s.format, s.sha256, s.bytes, Date.now(), JSON.stringify({ warnings: s.warnings ?? [], discontinuities: s.discontinuities ?? [], windowing: s.windowing, complete: s.complete ?? true, ...(s.meta ? { meta: s.meta } : {}) }));
  return Number(info.lastInsertRowid);
}

/** All imported files, oldest first. */
export function listSources(db: ReadableDb): SourceInfo[] {
  return (db.prepare('SELECT * FROM sources ORDER BY id').all() as SourceRow[]).map(toSource);
}

/** Stores one contiguous trace of a source. */
export function insertStream(db: WritableDb, sourceId: number, t: Trace): number {
  const info = db
    .prepare(
      'INSERT INTO streams (source_id, network, station, location, channel, sampling_rate, start_time, n_samples, picks, samples) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    )
    .run(sourceId, t.network, t.station, t.location, t.channel, t.samplingRate, Number.isFinite(t.startTime) ? t.startTime : null,
      t.samples.length, JSON.stringify(t.picks), f32ToBlob(t.samples));
  return Number(info.lastInsertRowid);
}

interface StreamRow { id: number; source_id: number; network: string; station: string; location: string; channel: string; sampling_rate: number; start_time: number | null; n_samples: number; picks: string }
const toStream = (r: StreamRow): StreamInfo => ({
  id: r.id, sourceId: r.source_id, streamId: streamId(r), samplingRate: r.sampling_rate, startTime: r.start_time, nSamples: r.n_samples,
});
const STREAM_COLS = 'id, source_id, network, station, location, channel, sampling_rate, start_time, n_samples, picks';

/** Streams (without samples), optionally of one source. */
export function listStreams(db: ReadableDb, sourceId?: number): StreamInfo[] {
  const rows = sourceId === undefined
    ? db.prepare(`SELECT ${STREAM_COLS} FROM streams ORDER BY id`).all()
    : db.prepare(`SELECT ${STREAM_COLS} FROM streams WHERE source_id = ? ORDER BY id`).all(sourceId);
  return (rows as StreamRow[]).map(toStream);
}

/** A stream with its samples, as a Trace. */
export function loadStream(db: ReadableDb, id: number): Trace & { id: number; sourceId: number } {
  const r = db.prepare('SELECT * FROM streams WHERE id = ?').get(id) as (StreamRow & { samples: Buffer }) | undefined;
  if (!r) throw new CoreError('not_found', `no stream with id ${id}`);
  return {
    id: r.id, sourceId: r.source_id, network: r.network, station: r.station, location: r.location, channel: r.channel,
    samplingRate: r.sampling_rate, startTime: r.start_time ?? NaN, samples: blobToF32(r.samples), picks: JSON.parse(r.picks) as PhasePick[],
  };
}

/** A window to store: channels of equal length, in display order. */
export interface NewWindow {
  sourceId: number | null;
  origin: 'imported' | 'fixed' | 'trigger' | 'manual' | 'demo';
  network: string;
  station: string;
  location: string;
  channels: string[];
  startTime: number | null;
  samplingRate: number;
  data: Float32Array[];
  groupKey?: string;
  picks?: PhasePick[];
  meta?: Record<string, string | number>;
}

/** Stores a window with its samples cached as one blob. */
export function insertWindow(db: WritableDb, w: NewWindow): number {
  const n = w.data[0]?.length ?? 0;
  if (w.data.some((c) => c.length !== n)) throw new CoreError('invalid_input', 'all channels of a window must have the same length');
  if (w.data.length !== w.channels.length) throw new CoreError('invalid_input', 'one channel code per channel is needed');
  const info = db
    .prepare(
      `INSERT INTO windows (source_id, origin, network, station, location, channels, start_time, sampling_rate, n_samples, group_key, picks, meta, samples)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(w.sourceId, w.origin, w.network, w.station, w.location, JSON.stringify(w.channels), w.startTime, w.samplingRate, n,
      w.groupKey ?? '', JSON.stringify(w.picks ?? []), JSON.stringify(w.meta ?? {}), channelsToBlob(w.data));
  return Number(info.lastInsertRowid);
}

interface WindowRow {
  id: number; source_id: number | null; origin: string; network: string; station: string; location: string; channels: string;
  start_time: number | null; sampling_rate: number; n_samples: number; group_key: string; picks: string; meta: string;
}
const WINDOW_COLS = 'id, source_id, origin, network, station, location, channels, start_time, sampling_rate, n_samples, group_key, picks, meta';
const toWindow = (r: WindowRow, label: WindowSummary['label']): WindowSummary => ({
  id: r.id, sourceId: r.source_id, origin: r.origin, network: r.network, station: r.station, location: r.location,
  channels: JSON.parse(r.channels) as string[], startTime: r.start_time, samplingRate: r.sampling_rate, nSamples: r.n_samples,
  groupKey: r.group_key, picks: JSON.parse(r.picks) as PhasePick[], meta: JSON.parse(r.meta) as Record<string, string | number>, label,
});

/** Windows with a project label: someone judged them, or an expert marked them gold. */
const HAS_LABEL = '(SELECT window_id FROM annotator_labels UNION SELECT window_id FROM gold_windows)';

/** Filters for listing windows. */
export interface WindowQuery {
  offset?: number;
  limit?: number;
  labeled?: boolean;
  /** With `labeled`: whether this annotator labeled the window (a volunteer's own view), not anyone. */
  labeledBy?: number;
  sourceId?: number;
}

/** Windows (without samples) with the project's label (the consensus), in id order. */
export function listWindows(db: ReadableDb, q: WindowQuery = {}): { total: number; windows: WindowSummary[] } {
  const where: string[] = [];
  const args: unknown[] = [];
  if (q.sourceId !== undefined) { where.push('source_id = ?'); args.push(q.sourceId); }
  const has = q.labeledBy === undefined ? HAS_LABEL : '(SELECT window_id FROM annotator_labels WHERE annotator_id = ?)';
  if (q.labeled !== undefined) {
    where.push(`id ${q.labeled ? 'IN' : 'NOT IN'} ${has}`);
    if (q.labeledBy !== undefined) args.push(q.labeledBy);
  }
  const w = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const total = (db.prepare(`SELECT count(*) AS n FROM windows ${w}`).get(...args) as { n: number }).n;
  const rows = db.prepare(`SELECT ${WINDOW_COLS} FROM windows ${w} ORDER BY id LIMIT ? OFFSET ?`).all(...args, q.limit ?? 1000, q.offset ?? 0) as WindowRow[];
  const labels = projectConsensus(db).labels;
  return { total, windows: withCurrentPicks(db, rows.map((r) => toWindow(r, labels.get(r.id) ?? null))) };
}

/** All window ids in order. */
export function windowIds(db: ReadableDb): number[] {
  return (db.prepare('SELECT id FROM windows ORDER BY id').pluck().all() as number[]);
}

/** One window with its samples, one Float32Array per channel. */
export function loadWindow(db: ReadableDb, id: number): WindowSummary & { data: Float32Array[] } {
  const r = db.prepare(`SELECT ${WINDOW_COLS}, samples FROM windows WHERE id = ?`).get(id) as (WindowRow & { samples: Buffer }) | undefined;
  if (!r) throw new CoreError('not_found', `no window with id ${id}`);
  const [summary] = withCurrentPicks(db, [toWindow(r, projectConsensus(db).labels.get(id) ?? null)]) as [WindowSummary];
  return { ...summary, data: splitChannels(blobToF32(r.samples), summary.channels.length) };
}

/** Number of windows in the project. */
export const countWindows = (db: ReadableDb): number => (db.prepare('SELECT count(*) AS n FROM windows').get() as { n: number }).n;

/** The grouping key (recording, station or event) of every window. */
export function groupKeys(db: ReadableDb): Map<number, string> {
  const rows = db.prepare('SELECT id, group_key FROM windows').all() as { id: number; group_key: string }[];
  return new Map(rows.map((r) => [r.id, r.group_key]));
}
