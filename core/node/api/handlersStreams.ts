// Handlers of the streams domain: envelopes for the trace browser and cutting a window
// from a stream range the annotator selected there.
import type { MethodName, Output, ParsedInput } from '../../common/api/index.js';
import { f32ToBase64 } from '../../common/base64.js';
import { buildPyramid, queryEnvelope, type EnvelopePyramid } from '../../common/envelopePyramid.js';
import { CoreError, type ErrorCode } from '../../common/errors.js';
import type { Worker } from 'node:worker_threads';
import type { Core } from '../core.js';
import { startWorker } from '../workers.js';
import type { ProjectStore } from '../store/project.js';

type StreamMethod = 'streams.envelope' | 'windows.create';
type Handler<M extends MethodName> = (input: ParsedInput<M>, core: Core) => Output<M> | Promise<Output<M>>;

type LoadedStream = ReturnType<ProjectStore['loadStream']>;
interface CachedStream {
  stream: LoadedStream;
  pyramid: EnvelopePyramid;
  bytes: number;
}

// Recently browsed streams stay in memory: panning asks for envelopes many times a second
// and must not reread the blob from SQLite or rebuild the pyramid each time. The budget is
// in bytes, not streams: a day at 100 Hz holds ~40 MB (samples + pyramid), so a count of
// six such streams would keep a quarter of a gigabyte. 160 MB keeps the three components of
// a 100 Hz day plus smaller streams.
const CACHE_BYTES = 160 * 2 ** 20;
const CACHE_MAX = 6;
const cache = new Map<string, CachedStream>();
// Loads under way, so three calls for a stream that is still loading share one build.
const loading = new Map<string, Promise<CachedStream>>();

function remember(key: string, stream: LoadedStream, pyramid: EnvelopePyramid): CachedStream {
  const bytes = stream.samples.byteLength + pyramid.levels.reduce((n, l) => n + l.min.byteLength + l.max.byteLength, 0);
  const entry = { stream, pyramid, bytes };
  cache.set(key, entry);
  let total = 0;
  for (const e of cache.values()) total += e.bytes;
  // Evict the least recently used, but never the entry just added (it is being asked for).
  for (const [k, e] of cache) {
    if (k === key || (total <= CACHE_BYTES && cache.size <= CACHE_MAX)) break;
    cache.delete(k);
    total -= e.bytes;
  }
  return entry;
}

// The loader thread, started on first use and unref'd so it never keeps a process alive.
interface Reply { id: number; ok: boolean; stream?: LoadedStream; levels?: EnvelopePyramid['levels']; code?: ErrorCode; message?: string }
let worker: Worker | null = null;
let nextJob = 1;
const jobs = new Map<number, { resolve: (r: Reply) => void; reject: (e: Error) => void }>();

function envelopeWorker(): Worker {
  if (worker) return worker;
  const w = startWorker(new URL('./envelopeWorker.js', import.meta.url));
  w.on('message', (r: Reply) => {
    const job = jobs.get(r.id);
    jobs.delete(r.id);
    if (!jobs.size) w.unref();
    job?.resolve(r);
  });
  w.on('error', (e) => {
    for (const j of jobs.values()) j.reject(e);
    jobs.clear();
    worker = null;
  });
  w.unref();
  worker = w;
  return w;
}

function loadInWorker(dbPath: string, streamId: number): Promise<CachedStream['stream'] & { levels: EnvelopePyramid['levels'] }> {
  const w = envelopeWorker();
  const id = nextJob++;
  return new Promise<Reply>((resolve, reject) => {
    jobs.set(id, { resolve, reject });
    w.ref();
    w.postMessage({ id, dbPath, streamId });
  }).then((r) => {
    if (!r.ok) throw new CoreError(r.code ?? 'internal', r.message ?? 'the stream could not be loaded');
    return { ...r.stream!, levels: r.levels! };
  });
}

/** The stream with its pyramid: from the cache, else loaded and built off the main thread. */
function cachedStream(p: ProjectStore, id: number): Promise<CachedStream> {
  const key = `${p.path}#${id}`;
  const hit = cache.get(key);
  if (hit) {
    cache.delete(key);
    cache.set(key, hit);
    return Promise.resolve(hit);
  }
  const pending = loading.get(key);
  if (pending) return pending;
  // An in-memory project has no file a worker could open: build here.
  const job = p.path === ':memory:'
    ? Promise.resolve().then(() => {
      const stream = p.loadStream(id);
      return remember(key, stream, buildPyramid(stream.samples));
    })
    : loadInWorker(p.path, id).then(({ levels, ...stream }) => remember(key, stream, { length: stream.samples.length, levels, samples: stream.samples }));
  const tracked = job.finally(() => loading.delete(key));
  loading.set(key, tracked);
  return tracked;
}

export const streamsHandlers: { [M in StreamMethod]: Handler<M> } = {
  'streams.envelope': async ({ streamId, startSeconds, endSeconds, width }, core) => {
    if (!(endSeconds > startSeconds)) throw new CoreError('invalid_input', 'the end of the range must come after its start');
    const { stream, pyramid } = await cachedStream(core.requireProject(), streamId);
    const fs = stream.samplingRate;
    const env = queryEnvelope(pyramid, startSeconds * fs, endSeconds * fs, width);
    return { streamId, startSeconds, endSeconds, samplingRate: fs, min: f32ToBase64(env.min), max: f32ToBase64(env.max) };
  },

  'windows.create': async ({ streamIds, startSeconds, endSeconds }, core) => {
    if (!(endSeconds > startSeconds)) throw new CoreError('invalid_input', 'the end of the range must come after its start');
    const p = core.requireProject();
    const streams = (await Promise.all(streamIds.map((id) => cachedStream(p, id)))).map((c) => c.stream);
    // The project may have changed while the streams loaded; cut only from the one asked about.
    if (core.project !== p) throw new CoreError('conflict', 'the project was closed while the window was being cut');
    const first = streams[0]!;
    const fs = first.samplingRate;
    if (streams.some((s) => s.samplingRate !== fs)) throw new CoreError('invalid_input', 'all streams of a window must have the same sampling rate');
    const n = Math.round((endSeconds - startSeconds) * fs);
    if (n < 2) throw new CoreError('invalid_input', 'the selected range is shorter than two samples');
    if (n > 3600 * fs) throw new CoreError('invalid_input', 'a window can be at most one hour long');
    const i0 = Math.round(startSeconds * fs);
    const data = streams.map((s) => {
      // Align every component on the first one's clock; parts outside a stream stay zero.
      const shift = Number.isFinite(s.startTime) && Number.isFinite(first.startTime) ? Math.round(((s.startTime - first.startTime) / 1000) * fs) : 0;
      const out = new Float32Array(n);
      const a = i0 - shift;
      for (let i = Math.max(0, -a); i < n && a + i < s.samples.length; i++) out[i] = s.samples[a + i]!;
      return out;
    });
    const picks = first.picks
      .map((k) => ({ phase: k.phase, offsetSeconds: k.offsetSeconds - startSeconds }))
      .filter((k) => k.offsetSeconds >= 0 && k.offsetSeconds <= endSeconds - startSeconds);
    const id = p.insertWindow({
      sourceId: first.sourceId, origin: 'manual', network: first.network, station: first.station, location: first.location,
      channels: streams.map((s) => s.channel), startTime: Number.isFinite(first.startTime) ? first.startTime + startSeconds * 1000 : null,
      samplingRate: fs, data, picks, groupKey: `${first.network}.${first.station}`,
      meta: { cut_from_stream: first.id, cut_start_seconds: startSeconds },
    });
    core.emit('windows.changed', { total: p.countWindows() });
    const { data: _data, ...summary } = p.loadWindow(id);
    return summary;
  },
};
