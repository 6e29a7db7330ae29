// RIFF/WAVE reader and writer. Seismic data is often shipped as audified WAV: the sample rate
// in the header is the playback rate, so it is reported as is and the caller decides.
import { InputError, type ParsedRecording, type Trace } from '../types.js';
import { checkRate } from './plausible.js';

/** Options of parseWav: names the file does not carry. */
export interface WavOptions {
  network?: string;
  /** Default: the file name's stem (without directories and extension). */
  station?: string;
  location?: string;
  /** One code per channel; default CH1..CHn. */
  channelCodes?: string[];
  /** Epoch ms of the first sample; default NaN (WAV has no absolute time). */
  startTime?: number;
  /** Scale integer PCM to [-1, 1) like audio tools; default false keeps the stored integers (counts). */
  normalize?: boolean;
}

const PCM = 1;
const IEEE_FLOAT = 3;
const EXTENSIBLE = 0xfffe;

const fourcc = (bytes: Uint8Array, at: number): string => String.fromCharCode(bytes[at]!, bytes[at + 1]!, bytes[at + 2]!, bytes[at + 3]!);

/** True when bytes start with a RIFF/WAVE (or RF64/WAVE) header. */
export const looksLikeWav = (bytes: Uint8Array): boolean =>
  bytes.length >= 12 && (fourcc(bytes, 0) === 'RIFF' || fourcc(bytes, 0) === 'RF64') && fourcc(bytes, 8) === 'WAVE';

// More channels than this is not a seismic recording but a damaged header.
const MAX_CHANNELS = 256;

/** The file name without folders and extension, printable ASCII only (it becomes the station code). */
const stem = (fileName: string): string => {
  const base = fileName.split(/[\\/]/).pop() ?? fileName;
  const dot = base.lastIndexOf('.');
  return (dot > 0 ? base.slice(0, dot) : base).replace(/[^\x20-\x7e]/g, '_');
};

/** Parses a WAVE file; each channel becomes one Trace. */
export function parseWav(bytes: Uint8Array, fileName: string, opts: WavOptions = {}): ParsedRecording {
  if (bytes.length === 0) throw new InputError(fileName, 'empty file (0 bytes)');
  if (!looksLikeWav(bytes)) throw new InputError(fileName, 'not WAV: no RIFF/WAVE header');
  if (fourcc(bytes, 0) === 'RF64') throw new InputError(fileName, 'RF64 (WAV larger than 4 GB) is not supported');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const warnings: string[] = [];

  let fmt: { tag: number; channels: number; rate: number; blockAlign: number; bits: number } | null = null;
  let data: { start: number; length: number } | null = null;
  for (let at = 12; at + 8 <= bytes.length && data === null; ) {
    const id = fourcc(bytes, at);
    const size = view.getUint32(at + 4, true);
    const body = at + 8;
    if (id === 'fmt ') {
      if (size < 16 || body + 16 > bytes.length) throw new InputError(fileName, `corrupt header: fmt chunk is ${size} bytes, needs at least 16`);
      let tag = view.getUint16(body, true);
      if (tag === EXTENSIBLE) {
        if (size < 40 || body + 40 > bytes.length) throw new InputError(fileName, 'corrupt header: WAVE_FORMAT_EXTENSIBLE fmt chunk shorter than 40 bytes');
        tag = view.getUint16(body + 24, true); // first two bytes of the sub-format GUID
      }
      fmt = {
        tag,
        channels: view.getUint16(body + 2, true),
        rate: view.getUint32(body + 4, true),
        blockAlign: view.getUint16(body + 12, true),
        bits: view.getUint16(body + 14, true),
      };
    } else if (id === 'data') {
      let length = size;
      if (body + size > bytes.length) {
        // Streaming writers leave 0 or 0xFFFFFFFF here; a cut download ends early. Keep what is there.
        length = bytes.length - body;
        warnings.push(`truncated at byte ${bytes.length} of ${body + size}: data chunk says ${size} bytes, only ${length} present; reading what is there`);
      }
      data = { start: body, length };
    }
    at = body + size + (size & 1); // chunks are padded to even length
  }
  if (fmt === null) throw new InputError(fileName, 'corrupt header: no fmt chunk before the data');
  if (data === null) throw new InputError(fileName, 'no data chunk');
  const { tag, channels, rate, bits } = fmt;
  if (tag !== PCM && tag !== IEEE_FLOAT) throw new InputError(fileName, `unsupported WAV encoding (format tag ${tag}); supported: PCM and IEEE float`);
  if (channels < 1) throw new InputError(fileName, 'corrupt header: 0 channels');
  if (channels > MAX_CHANNELS) throw new InputError(fileName, `implausible header: channels = ${channels} (at most ${MAX_CHANNELS} supported)`);
  if (!(rate > 0)) throw new InputError(fileName, 'corrupt header: sample rate = 0');
  checkRate(fileName, 'sample rate (fmt chunk)', rate);
  const okBits = tag === PCM ? [8, 16, 24, 32] : [32, 64];
  if (!okBits.includes(bits)) throw new InputError(fileName, `unsupported ${tag === PCM ? 'PCM' : 'float'} sample size of ${bits} bits`);
  const width = bits / 8;
  const frameBytes = width * channels;
  if (fmt.blockAlign !== frameBytes) throw new InputError(fileName, `corrupt header: block align ${fmt.blockAlign}, expected ${frameBytes} for ${channels} x ${bits} bit`);
  const frames = Math.floor(data.length / frameBytes);
  if (frames * frameBytes !== data.length) warnings.push(`data chunk ends with ${data.length - frames * frameBytes} bytes of a partial frame; ignored`);
  const codes = opts.channelCodes ?? Array.from({ length: channels }, (_, c) => `CH${c + 1}`);
  if (codes.length !== channels) throw new InputError(fileName, `${channels} channels but ${codes.length} channel codes given`);

  const scale = opts.normalize === true && tag === PCM ? 1 / 2 ** (bits - 1) : 1;
  const outs = Array.from({ length: channels }, () => new Float32Array(frames));
  for (let c = 0; c < channels; c++) {
    const out = outs[c]!;
    let p = data.start + c * width;
    // One tight loop per encoding: the switch stays outside the per-sample path.
    if (tag === IEEE_FLOAT && bits === 32) for (let i = 0; i < frames; i++, p += frameBytes) out[i] = view.getFloat32(p, true);
    else if (tag === IEEE_FLOAT) for (let i = 0; i < frames; i++, p += frameBytes) out[i] = view.getFloat64(p, true);
    else if (bits === 8) for (let i = 0; i < frames; i++, p += frameBytes) out[i] = (bytes[p]! - 128) * scale; // 8-bit PCM is unsigned
    else if (bits === 16) for (let i = 0; i < frames; i++, p += frameBytes) out[i] = view.getInt16(p, true) * scale;
    else if (bits === 24) for (let i = 0; i < frames; i++, p += frameBytes) out[i] = (((bytes[p + 2]! << 24) | (bytes[p + 1]! << 16) | (bytes[p]! << 8)) >> 8) * scale;
    else for (let i = 0; i < frames; i++, p += frameBytes) out[i] = view.getInt32(p, true) * scale;
  }

  const traces: Trace[] = outs.map((samples, c) => ({
    network: opts.network ?? '',
    station: opts.station ?? stem(fileName),
    location: opts.location ?? '',
    channel: codes[c]!,
    samplingRate: rate,
    startTime: opts.startTime ?? NaN,
    samples,
    picks: [],
  }));
  return { format: 'wav', traces, discontinuities: [], warnings };
}

/**
 * Writes interleaved WAVE data. 'float32' (default) stores the values as given; 'int16'
 * expects [-1, 1] and clips outside it, for players that do not read float WAV.
 */
export function writeWav(channels: Float32Array[], sampleRate: number, format: 'float32' | 'int16' = 'float32'): Uint8Array {
  if (channels.length === 0) throw new RangeError('writeWav needs at least one channel');
  const frames = channels[0]!.length;
  if (channels.some((ch) => ch.length !== frames)) throw new RangeError('writeWav: all channels must have the same length');
  if (!(sampleRate > 0) || !Number.isInteger(sampleRate)) throw new RangeError(`writeWav: sample rate must be a positive integer, got ${sampleRate}`);
  const width = format === 'float32' ? 4 : 2;
  const blockAlign = width * channels.length;
  const dataBytes = frames * blockAlign;
  const out = new Uint8Array(44 + dataBytes + (dataBytes & 1));
  const view = new DataView(out.buffer);
  const tag = (at: number, s: string): void => {
    for (let k = 0; k < 4; k++) out[at + k] = s.charCodeAt(k);
  };
  tag(0, 'RIFF');
  view.setUint32(4, out.length - 8, true);
  tag(8, 'WAVE');
  tag(12, 'fmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, format === 'float32' ? IEEE_FLOAT : PCM, true);
  view.setUint16(22, channels.length, true);
  view.setUint32(24, sampleRate, true);
  view.setUint32(28, sampleRate * blockAlign, true);
  view.setUint16(32, blockAlign, true);
  view.setUint16(34, width * 8, true);
  tag(36, 'data');
  view.setUint32(40, dataBytes, true);
  channels.forEach((ch, c) => {
    let p = 44 + c * width;
    if (format === 'float32') for (let i = 0; i < frames; i++, p += blockAlign) view.setFloat32(p, ch[i]!, true);
    else for (let i = 0; i < frames; i++, p += blockAlign) view.setInt16(p, Math.round(Math.max(-1, Math.min(1, ch[i]!)) * 32767), true);
  });
  return out;
}
