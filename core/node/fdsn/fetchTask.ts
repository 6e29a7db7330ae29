// The fetch task: download from an FDSN data centre into the cache, join each channel's
// chunks, then import through the normal import path so the waveforms are windowed and
// labeled like any imported file. Per-request failures become task errors; the rest goes on.
import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { ImportResult } from '../../common/importResult.js';
import type { Windowing } from '../../common/windowingModes.js';
import { runImport } from '../importers/importFiles.js';
import type { ParsePool } from '../importers/parsePool.js';
import type { ProjectStore } from '../store/project.js';
import { throwIfCancelled, type TaskContext } from '../tasks.js';
import { fetchWaveforms, type FetchFailure } from './fetchData.js';
import { mergeChunks } from './merge.js';
import { type ChannelQuery, fdsnTime, resolveService } from './services.js';

export interface FetchImportRequest extends ChannelQuery {
  service: string;
  cacheDir: string;
  chunkSeconds: number;
  timeoutSeconds: number;
  windowing: Windowing;
}

/** What the task returns: the fetch counts, each failed request, and the import result. */
export interface FetchImportResult {
  service: string;
  requests: number;
  fromCache: number;
  downloaded: number;
  bytes: number;
  planNote: string;
  failures: FetchFailure[];
  /** Fetched chunks this project had imported before, left out of this import. */
  alreadyImported: number;
  import: ImportResult | null;
}

/** Fetches and imports; progress goes to the task, each failed request to its errors. */
export async function runFetchImport(store: ProjectStore, pool: ParsePool, req: FetchImportRequest, ctx: TaskContext): Promise<FetchImportResult> {
  const service = resolveService(req.service);
  const fetched = await fetchWaveforms(service, req, {
    cacheDir: req.cacheDir,
    chunkSeconds: req.chunkSeconds,
    limits: { timeoutMs: req.timeoutSeconds * 1000 },
    signal: ctx.signal,
    progress: (done, total, message) => ctx.progress(done, total, message),
  });
  for (const f of fetched.failures) ctx.error(f.request, f.message);
  const base = { service: `${service.name} (${service.base})`, requests: fetched.requests, fromCache: fetched.fromCache, downloaded: fetched.downloaded, bytes: fetched.bytes, planNote: fetched.planNote, failures: fetched.failures };
  if (!fetched.files.length) return { ...base, alreadyImported: 0, import: null };
  throwIfCancelled(ctx.signal);
  // A chunk is imported once per project: a re-run that fetched one more hour imports that
  // hour only, instead of a joined file that would store the earlier hours a second time.
  const chunkKey = (file: string): string => `fdsn.chunk.${basename(file)}`;
  const fresh = fetched.files.filter((f) => store.getMeta(chunkKey(f.file)) === null);
  const alreadyImported = fetched.files.length - fresh.length;
  if (!fresh.length) return { ...base, alreadyImported, import: null };
  const byChannel = new Map<string, string[]>();
  for (const f of fresh) byChannel.set(f.channel, [...(byChannel.get(f.channel) ?? []), f.file]);
  const earlier = (channel: string): string[] => fetched.files.filter((f) => f.channel === channel && !fresh.includes(f)).map((f) => f.file);
  const mergedDir = join(req.cacheDir, 'merged');
  mkdirSync(mergedDir, { recursive: true });
  const chunksOf = new Map<string, string[]>();
  // Chunks whose records an earlier import already holds: done without importing anything.
  const nothingNew: string[] = [];
  for (const [channel, files] of byChannel) {
    // Named by its chunks, so the same fetch gives the same file and an unfinished import resumes.
    const exclude = earlier(channel);
    const key = createHash('sha256').update([...files, '', ...exclude].map((f) => basename(f)).join('\n')).digest('hex').slice(0, 16);
    const out = join(mergedDir, `${channel}_${fdsnTime(req.start).replace(/[-:]/g, '').replace(/\.\d+$/, '')}_${key}.mseed`);
    const merged = files.length > 1 || exclude.length ? mergeChunks(files, out, exclude) : 'unmergeable';
    if (merged === 'written') chunksOf.set(out, files);
    else if (merged === 'empty') nothingNew.push(...files);
    else for (const f of files) chunksOf.set(f, [f]);
  }
  const imported = chunksOf.size ? await runImport(store, pool, [...chunksOf.keys()], req.windowing, ctx) : null;
  store.transaction(() => {
    for (const f of nothingNew) store.setMeta(chunkKey(f), '');
    for (const r of imported?.imported ?? []) for (const f of chunksOf.get(r.file) ?? []) store.setMeta(chunkKey(f), r.file);
  });
  return { ...base, alreadyImported, import: imported };
}
