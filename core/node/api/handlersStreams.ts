// Handlers of the streams domain: envelopes for the trace browser and cutting a window
// from a stream range the annotator selected there.
import type { MethodName, Output, ParsedInput } from '../../common/api/index.js';
import { f32ToBase64 } from '../../common/base64.js';
import { buildPyramid, queryEnvelope, type EnvelopePyramid } from '../../common/envelopePyramid.js';
import { CoreError } from '../../common/errors.js';
import type { Core } from '../core.js';
import type { ProjectStore } from '../store/project.js';

type StreamMethod = 'streams.envelope' | 'windows.create';
type Handler<M extends MethodName> = (input: ParsedInput<M>, core: Core) => Output<M> | Promise<Output<M>>;

type LoadedStream = ReturnType<ProjectStore['loadStream']>;
interface CachedStream {
  stream: LoadedStream;
  pyramid: EnvelopePyramid;
}

// A few recently browsed streams stay in memory: panning asks for envelopes many times a
// second and must not reread the blob from SQLite or rebuild the pyramid each time.
const CACHE_SIZE = 6;
const cache = new Map<string, CachedStream>();

function cachedStream(p: ProjectStore, id: number): CachedStream {
  const key = `${p.path}#${id}`;
  const hit = cache.get(key);
  if (hit) {
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }
  const stream = p.loadStream(id);
  const entry = { stream, pyramid: buildPyramid(stream.samples) };
  cache.set(key, entry);
  while (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value!);
  return entry;
}

export const streamsHandlers: { [M in StreamMethod]: Handler<M> } = {
  'streams.envelope': ({ streamId, startSeconds, endSeconds, width }, core) => {
    if (!(endSeconds > startSeconds)) throw new CoreError('invalid_input', 'the end of the range must come after its start');
    const { stream, pyramid } = cachedStream(core.requireProject(), streamId);
    const fs = stream.samplingRate;
    const env = queryEnvelope(pyramid, startSeconds * fs, endSeconds * fs, width);
    return { streamId, startSeconds, endSeconds, samplingRate: fs, min: f32ToBase64(env.min), max: f32ToBase64(env.max) };
  },

  'windows.create': ({ streamIds, startSeconds, endSeconds }, core) => {
    if (!(endSeconds > startSeconds)) throw new CoreError('invalid_input', 'the end of the range must come after its start');
    const p = core.requireProject();
    const streams = streamIds.map((id) => cachedStream(p, id).stream);
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
