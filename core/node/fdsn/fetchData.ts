// Fetching waveforms from an FDSN data centre as many small requests: one per channel and
// time chunk, so a run shows progress, stops on cancel between (and during) requests, and
// resumes from a cache folder where each answered request is one miniSEED file named by the
// hash of its URL. One failed request is reported and the others go on.
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CoreError } from '../../common/errors.js';
import { isMiniSeed3 } from '../../common/formats/mseed.js';
import { headerByteOrder } from '../../common/formats/mseedRecord.js';
import { throwIfCancelled } from '../tasks.js';
import { DEFAULT_LIMITS, fdsnGet, FdsnRequestError, type RequestLimits } from './request.js';
import { type ChannelQuery, dataselectUrl, type FdsnService, fdsnTime, nslc, stationUrl } from './services.js';
import { type FdsnChannel, parseStationText } from './stationText.js';

/** Default chunk: an hour of one channel is a few MB even at 100 Hz, so a retry costs little. */
export const DEFAULT_CHUNK_SECONDS = 3600;
/** Default cap on requests per run, so a typo like "--station '*'" over a year is refused, not sent. */
export const DEFAULT_MAX_REQUESTS = 2000;

export interface FetchOptions {
  cacheDir: string;
  chunkSeconds?: number;
  maxRequests?: number;
  limits?: Partial<RequestLimits>;
  signal: AbortSignal;
  /** Called before each request and after each answer, with a line for the user. */
  progress?: (done: number, total: number, message: string) => void;
}

/** One planned request: a channel (or the pattern as given) over one chunk of time. */
export interface FetchChunk extends ChannelQuery {
  url: string;
  file: string;
}

export interface FetchFailure {
  /** NET.STA.LOC.CHA and the time span, as the user would name the request. */
  request: string;
  url: string;
  kind: 'nodata' | FdsnRequestError['kind'];
  message: string;
}

export interface FetchResult {
  /** miniSEED files in the cache, one per answered request, in request order, with their NET.STA.LOC.CHA. */
  files: { file: string; channel: string }[];
  requests: number;
  fromCache: number;
  downloaded: number;
  bytes: number;
  failures: FetchFailure[];
  /** How the chunks were planned: from the station service, or the pattern as given when it could not say. */
  planNote: string;
}

const span = (q: ChannelQuery): string => `${nslc(q)} from ${fdsnTime(q.start)}Z to ${fdsnTime(q.end)}Z`;

/** Asks the station service which channels match ([] when it says none); throws FdsnRequestError or CoreError when it cannot answer. */
export async function queryStations(service: FdsnService, q: ChannelQuery, limits: RequestLimits, signal: AbortSignal): Promise<FdsnChannel[]> {
  const res = await fdsnGet(stationUrl(service, q), limits, signal);
  if (res.status === 'nodata') return [];
  return parseStationText(new TextDecoder().decode(res.bytes));
}

/** Splits each channel's overlap with [start, end) into chunks; times are aligned to the chunk so URLs repeat across runs. */
export function planChunks(service: FdsnService, channels: Pick<ChannelQuery, 'network' | 'station' | 'location' | 'channel'>[], epochs: { start: number; end: number }[], chunkMs: number, cacheDir: string): FetchChunk[] {
  const out: FetchChunk[] = [];
  channels.forEach((c, i) => {
    const e = epochs[i]!;
    for (let t = Math.floor(e.start / chunkMs) * chunkMs; t < e.end; t += chunkMs) {
      const q: ChannelQuery = { ...c, start: Math.max(t, e.start), end: Math.min(t + chunkMs, e.end) };
      const url = dataselectUrl(service, q);
      const hash = createHash('sha256').update(url).digest('hex').slice(0, 24);
      const stamp = fdsnTime(q.start).replace(/[-:]/g, '').replace(/\.\d+$/, '');
      // The readable prefix is for people browsing the folder; the hash alone decides a hit.
      out.push({ ...q, url, file: join(cacheDir, `${nslc(q).replace(/[^\w.-]/g, '_')}_${stamp}_${hash}.mseed`) });
    }
  });
  return out;
}

/** Whether bytes start like a miniSEED 2 or 3 record (HTML error pages come back with 200 too). */
const looksLikeMiniSeed = (b: Uint8Array): boolean => isMiniSeed3(b) || headerByteOrder(b, 0) !== null;

/** Plans the chunks of a query: per matching channel when the station service answers. */
async function plan(service: FdsnService, q: ChannelQuery, chunkMs: number, opts: FetchOptions, limits: RequestLimits): Promise<{ chunks: FetchChunk[]; note: string; failure?: FetchFailure }> {
  opts.progress?.(0, 0, `asking ${service.name} which channels match ${span(q)}`);
  try {
    const channels = (await queryStations(service, q, limits, opts.signal)).filter((c) => c.start < q.end && (c.end === null || c.end > q.start));
    if (!channels.length) {
      return { chunks: [], note: 'the station service lists no channel', failure: { request: span(q), url: stationUrl(service, q), kind: 'nodata', message: `no channel matches ${span(q)} at ${service.name}` } };
    }
    // Epochs of one channel can repeat (an instrument change); each is fetched over its own span.
    const epochs = channels.map((c) => ({ start: Math.max(q.start, c.start), end: Math.min(q.end, c.end ?? q.end) }));
    const chunks = planChunks(service, channels, epochs, chunkMs, opts.cacheDir);
    const unique = [...new Map(chunks.map((c) => [c.url, c])).values()];
    return { chunks: unique, note: `${channels.length} channel epoch(s) listed by the station service` };
  } catch (e) {
    if (e instanceof CoreError && e.code === 'cancelled') throw e;
    // Some data centres run dataselect without station; the pattern as given still works there.
    const why = e instanceof Error ? e.message : String(e);
    return { chunks: planChunks(service, [q], [q], chunkMs, opts.cacheDir), note: `station service unusable (${why}); requesting ${nslc(q)} as given` };
  }
}

/** Fetches every chunk of a query into the cache; never throws for one failed request, only for a cancel or a refused plan. */
export async function fetchWaveforms(service: FdsnService, q: ChannelQuery, opts: FetchOptions): Promise<FetchResult> {
  if (!(q.end > q.start)) throw new CoreError('invalid_input', `the end time must be after the start time (${fdsnTime(q.start)}Z … ${fdsnTime(q.end)}Z)`);
  const limits: RequestLimits = { ...DEFAULT_LIMITS, ...opts.limits };
  const chunkMs = (opts.chunkSeconds ?? DEFAULT_CHUNK_SECONDS) * 1000;
  if (!(chunkMs >= 1000)) throw new CoreError('invalid_input', 'chunks must be at least one second long');
  mkdirSync(opts.cacheDir, { recursive: true });
  const planned = await plan(service, q, chunkMs, opts, limits);
  const max = opts.maxRequests ?? DEFAULT_MAX_REQUESTS;
  if (planned.chunks.length > max) {
    throw new CoreError('invalid_input', `this would send ${planned.chunks.length} requests, more than the ${max} allowed per run: narrow the channels or the time range, or use longer chunks`);
  }
  const result: FetchResult = { files: [], requests: planned.chunks.length, fromCache: 0, downloaded: 0, bytes: 0, failures: planned.failure ? [planned.failure] : [], planNote: planned.note };
  const total = planned.chunks.length;
  for (const [i, c] of planned.chunks.entries()) {
    throwIfCancelled(opts.signal);
    if (existsSync(c.file)) {
      result.files.push({ file: c.file, channel: nslc(c) });
      result.fromCache++;
      opts.progress?.(i + 1, total, `${span(c)}: in the cache`);
      continue;
    }
    opts.progress?.(i, total, `fetching ${span(c)}`);
    try {
      const res = await fdsnGet(c.url, limits, opts.signal, (m) => opts.progress?.(i, total, `${span(c)}: ${m}`));
      if (res.status === 'nodata') {
        result.failures.push({ request: span(c), url: c.url, kind: 'nodata', message: `no data for ${span(c)} (HTTP ${res.code})` });
      } else if (!looksLikeMiniSeed(res.bytes)) {
        const head = new TextDecoder().decode(res.bytes.subarray(0, 60)).replace(/\s+/g, ' ').trim();
        throw new FdsnRequestError('malformed', `malformed response: ${res.bytes.length} bytes that are not miniSEED (starting "${head}")`);
      } else {
        // Written whole then renamed, so a kill mid-write never leaves a file a re-run would
        // trust; the part name is unique so two runs sharing a cache never write one file.
        const part = `${c.file}.${process.pid}-${randomBytes(4).toString('hex')}.part`;
        writeFileSync(part, res.bytes);
        renameSync(part, c.file);
        result.files.push({ file: c.file, channel: nslc(c) });
        result.downloaded++;
        result.bytes += res.bytes.length;
      }
    } catch (e) {
      if (e instanceof CoreError && e.code === 'cancelled') throw e;
      // fdsnGet throws only its own errors; anything else came from writing the cache.
      const err = e instanceof FdsnRequestError ? e : new FdsnRequestError('cache', `could not write to the cache folder ${opts.cacheDir}: ${(e as Error).message}`);
      result.failures.push({ request: span(c), url: c.url, kind: err.kind, message: `${span(c)}: ${err.message}` });
    }
    opts.progress?.(i + 1, total, `${span(c)}: done`);
  }
  return result;
}
