// WAV reader/writer. Files are built byte by byte here (header layout from the RIFF/WAVE
// spec, written out explicitly rather than with writeWav) so reader and writer check each other.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseWav, writeWav } from '../../core/common/formats/wav.js';
import { InputError } from '../../core/common/types.js';
import { dataPath, hasSharedData } from '../helpers/data.js';

interface Spec {
  tag: 1 | 3;
  bits: number;
  rate: number;
  /** frames[i][c] */
  frames: number[][];
  extensible?: boolean;
  extraChunk?: boolean;
}

function buildWav(s: Spec): Uint8Array {
  const channels = s.frames[0]!.length;
  const width = s.bits / 8;
  const fmtSize = s.extensible ? 40 : 16;
  const dataSize = s.frames.length * channels * width;
  const extra = s.extraChunk ? 8 + 3 + 1 : 0; // odd-sized LIST chunk plus its pad byte
  const out = new Uint8Array(12 + 8 + fmtSize + extra + 8 + dataSize);
  const v = new DataView(out.buffer);
  const str = (at: number, t: string): void => [...t].forEach((ch, k) => (out[at + k] = ch.charCodeAt(0)));
  str(0, 'RIFF');
  v.setUint32(4, out.length - 8, true);
  str(8, 'WAVE');
  str(12, 'fmt ');
  v.setUint32(16, fmtSize, true);
  v.setUint16(20, s.extensible ? 0xfffe : s.tag, true);
  v.setUint16(22, channels, true);
  v.setUint32(24, s.rate, true);
  v.setUint32(28, s.rate * channels * width, true);
  v.setUint16(32, channels * width, true);
  v.setUint16(34, s.bits, true);
  if (s.extensible) {
    v.setUint16(36, 22, true);
    v.setUint16(38, s.bits, true);
    v.setUint32(40, 0, true);
    v.setUint16(44, s.tag, true); // sub-format GUID begins with the format tag
  }
  let at = 20 + fmtSize;
  if (s.extraChunk) {
    str(at, 'LIST');
    v.setUint32(at + 4, 3, true);
    at += 12;
  }
  str(at, 'data');
  v.setUint32(at + 4, dataSize, true);
  at += 8;
  for (const frame of s.frames) {
    for (const x of frame) {
      if (s.tag === 3 && s.bits === 32) v.setFloat32(at, x, true);
      else if (s.tag === 3) v.setFloat64(at, x, true);
      else if (s.bits === 8) v.setUint8(at, x + 128);
      else if (s.bits === 16) v.setInt16(at, x, true);
      else if (s.bits === 24) [0, 1, 2].forEach((k) => (out[at + k] = (x >> (8 * k)) & 0xff));
      else v.setInt32(at, x, true);
      at += width;
    }
  }
  return out;
}

const channelsOf = (frames: number[][]): number[][] => frames[0]!.map((_, c) => frames.map((f) => f[c]!));

describe('parseWav encodings', () => {
  const cases: Array<{ name: string; spec: Spec }> = [
    { name: '8-bit PCM (unsigned) mono', spec: { tag: 1, bits: 8, rate: 8000, frames: [[-128], [0], [127], [-1]] } },
    { name: '16-bit PCM stereo', spec: { tag: 1, bits: 16, rate: 44100, frames: [[-32768, 32767], [1, -1], [1234, -4321]] } },
    { name: '24-bit PCM 3 channels', spec: { tag: 1, bits: 24, rate: 100, frames: [[-8388608, 8388607, -2], [70000, -70000, 1]] } },
    { name: '32-bit PCM stereo', spec: { tag: 1, bits: 32, rate: 100_000, frames: [[-2147483648, 16777216], [-5, 5]] } },
    { name: '32-bit float stereo', spec: { tag: 3, bits: 32, rate: 48000, frames: [[0.5, -0.25], [1e-3, 1234.5]] } },
    { name: '64-bit float mono', spec: { tag: 3, bits: 64, rate: 22050, frames: [[0.125], [-3.5]] } },
    { name: 'EXTENSIBLE 24-bit stereo after an odd-sized chunk', spec: { tag: 1, bits: 24, rate: 96000, frames: [[5, -6], [7, -8]], extensible: true, extraChunk: true } },
    { name: 'EXTENSIBLE float', spec: { tag: 3, bits: 32, rate: 1000, frames: [[0.75], [-0.5]], extensible: true } },
  ];
  it.each(cases)('$name: each channel becomes a trace with the stored values', ({ spec }) => {
    const rec = parseWav(buildWav(spec), '/tmp/some dir/VOLC.wav');
    const expected = channelsOf(spec.frames);
    expect(rec.format).toBe('wav');
    expect(rec.warnings).toEqual([]);
    expect(rec.traces.map((t) => t.channel)).toEqual(expected.map((_, c) => `CH${c + 1}`));
    rec.traces.forEach((t, c) => {
      expect(t.station).toBe('VOLC');
      expect(t.samplingRate).toBe(spec.rate);
      expect(Number.isNaN(t.startTime)).toBe(true);
      expect(Array.from(t.samples)).toEqual(expected[c]!.map(Math.fround));
    });
  });

  it('normalize scales integer PCM to [-1, 1) and options name the stream', () => {
    const rec = parseWav(buildWav({ tag: 1, bits: 16, rate: 100, frames: [[-32768, 16384]] }), 'x.wav', {
      normalize: true, network: 'XX', station: 'STA', channelCodes: ['HHZ', 'HHN'], startTime: 1000,
    });
    expect(rec.traces.map((t) => [t.network, t.station, t.channel, t.startTime, t.samples[0]])).toEqual([
      ['XX', 'STA', 'HHZ', 1000, -1],
      ['XX', 'STA', 'HHN', 1000, 0.5],
    ]);
  });
});

describe.skipIf(!hasSharedData)('writeWav round trip with real waveforms', () => {
  const buf = hasSharedData ? readFileSync(dataPath('windows.f32')) : Buffer.alloc(0);
  const all = new Float32Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.length));
  // Window 4 of the main set: 3 channels x 2500 samples of real counts.
  const chans = [0, 1, 2].map((c) => all.slice((4 * 3 + c) * 2500, (4 * 3 + c + 1) * 2500));

  it('float32 keeps three channels sample for sample at an audified rate', () => {
    const rec = parseWav(writeWav(chans, 100_000), 'w.wav');
    expect(rec.traces).toHaveLength(3);
    rec.traces.forEach((t, c) => {
      expect(t.samplingRate).toBe(100_000);
      expect(t.samples).toEqual(chans[c]);
    });
  });

  it('int16 stores round(x * 32767) of normalised audio and clips outside [-1, 1]', () => {
    const peak = Math.max(...chans.map((ch) => ch.reduce((m, v) => Math.max(m, Math.abs(v)), 0)));
    const norm = chans.map((ch) => ch.map((v) => v / peak));
    const loud = new Float32Array(2500).fill(3);
    const rec = parseWav(writeWav([...norm, loud], 44_100, 'int16'), 'w.wav');
    rec.traces.slice(0, 3).forEach((t, c) => expect(Array.from(t.samples)).toEqual(Array.from(norm[c]!, (v) => Math.round(v * 32767))));
    const stored = Math.max(...rec.traces.slice(0, 3).map((t) => t.samples.reduce((m, v) => Math.max(m, Math.abs(v)), 0)));
    expect(stored).toBe(32767); // the peak really reached full scale
    expect(rec.traces[3]!.samples[0]).toBe(32767);
  });
});

describe('parseWav rejects bad headers', () => {
  const good = buildWav({ tag: 1, bits: 16, rate: 100, frames: [[1, 2], [3, 4], [5, 6]] });
  const problem = (bytes: Uint8Array): string => {
    try {
      parseWav(bytes, 'bad.wav');
    } catch (e) {
      expect(e).toBeInstanceOf(InputError);
      return (e as InputError).problem;
    }
    throw new Error('expected an InputError');
  };
  const patched = (at: number, value: number, size: 2 | 4): Uint8Array => {
    const b = good.slice();
    const v = new DataView(b.buffer);
    if (size === 2) v.setUint16(at, value, true);
    else v.setUint32(at, value, true);
    return b;
  };

  it('empty and non-WAV input', () => {
    expect(problem(new Uint8Array(0))).toMatch(/^empty file/);
    expect(problem(new TextEncoder().encode('RIFF....AVI LIST'))).toMatch(/^not WAV/);
  });
  it('missing data chunk (file cut after fmt)', () => expect(problem(good.subarray(0, 36))).toMatch(/^no data chunk/));
  it('fmt chunk too short', () => expect(problem(patched(16, 8, 4))).toMatch(/fmt chunk is 8 bytes/));
  it('unsupported format tag', () => expect(problem(patched(20, 2, 2))).toMatch(/format tag 2/));
  it('block align disagreeing with channels x bits', () => expect(problem(patched(32, 3, 2))).toMatch(/block align 3, expected 4/));
  it('12-bit PCM', () => expect(problem(patched(34, 12, 2))).toMatch(/12 bits/));
  it('zero sample rate', () => expect(problem(patched(24, 0, 4))).toMatch(/sample rate = 0/));
  it('a truncated data chunk keeps the whole frames and warns', () => {
    const rec = parseWav(good.subarray(0, good.length - 3), 'cut.wav');
    expect(rec.traces.map((t) => Array.from(t.samples))).toEqual([[1, 3], [2, 4]]);
    expect(rec.warnings.join(' ')).toMatch(/data chunk says 12 bytes, only 9 present.*partial frame/);
  });
});
