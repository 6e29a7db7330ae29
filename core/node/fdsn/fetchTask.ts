// The fetch task: download from an FDSN data centre into the cache, join each channel's
// chunks, then import through the normal import path so the waveforms are windowed and
// labeled like any imported file. Per-request failures become task errors; the rest goes on.
import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
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
  if (!fetched.files.length) return { ...base, import: null };
  throwIfCancelled(ctx.signal);
  const byChannel = new Map<string, string[]>();
  for (const f of fetched.files) byChannel.set(f.channel, [...(byChannel.get(f.channel) ?? []), f.file]);
  const mergedDir = join(req.cacheDir, 'merged');
  mkdirSync(mergedDir, { recursive: true });
  const paths: string[] = [];
  for (const [channel, files] of byChannel) {
    // Named by its chunks, so the same fetch gives the same file and a re-import is recognised.
    const key = createHash('sha256').update(files.join('\n')).digest('hex').slice(0, 16);
    const out = join(mergedDir, `${channel}_${fdsnTime(req.start).replace(/[-:]/g, '').replace(/\.\d+$/, '')}_${key}.mseed`);
    if (files.length > 1 && mergeChunks(files, out)) paths.push(out);
    else paths.push(...files);
  }
  const imported = await runImport(store, pool, paths, req.windowing, ctx);
  return { ...base, import: imported };
}
