// miniSEED reader against libmseed on real files. Every expected number below was dumped with
// a small C program linked against Debian's libmseed 2.19.8 (ms_readtraces with default
// tolerances; sums in double over all samples), written outside the repo at development time.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseMiniSeed } from '../../core/common/formats/mseed.js';
import { InputError, streamId, type Trace } from '../../core/common/types.js';
import { dataPath, hasSharedData } from '../helpers/data.js';

// Without the data every suite below is skipped; an empty buffer keeps their set-up lines harmless.
const read = (...p: string[]): Uint8Array => (hasSharedData ? new Uint8Array(readFileSync(dataPath('raw_formats', ...p))) : new Uint8Array(0));
const sum = (a: Float32Array): number => a.reduce((s, v) => s + v, 0);
const BW = ['obspy', 'BW.BGLD.__.EHE.D.2008.001.first_10_records'];

interface Ref {
  file: string[];
  id: string;
  start: string;
  rate: number;
  n: number;
  sum: number;
  at: Record<number, number>;
}

// libmseed 2.19.8: start = ms_hptime2isotimestr, values = datasamples[i].
const refs: Ref[] = [
  { file: ['obspy', 'test.mseed'], id: 'NL.HGN.00.BHZ', start: '2003-05-29T02:13:22.0434', rate: 40, n: 11947, sum: 33241452,
    at: { 0: 2787, 1: 2776, 5: 2782, 1000: 2790, 5973: 2843, 11946: 2853 } },
  { file: BW, id: 'BW.BGLD..EHE', start: '2007-12-31T23:59:59.915', rate: 200, n: 4120, sum: -1623886,
    at: { 0: -363, 3: -420, 1000: -407, 2060: -396, 4119: -386 } },
  { file: ['obspy', 'CH.BALST..LHE.D.2025.314'], id: 'CH.BALST..LHE', start: '2025-11-10T00:02:53.205', rate: 1, n: 86343, sum: -64713856,
    at: { 0: -1134, 2: -293, 43171: -547, 86342: -1089 } },
  { file: ['seisbench', 'OBS1.IQ.HHE..D.2016.185.225026'], id: 'IQ.OBS1..HHE', start: '2016-07-03T22:50:26.9909', rate: 50, n: 3751, sum: 49694885,
    at: { 0: 13401, 1000: 24467, 1875: -24181, 3750: 14133 } },
  { file: ['seisbench', 'OBS1.IQ.HHH..D.2016.185.225026'], id: 'IQ.OBS1..HHH', start: '2016-07-03T22:50:26.9909', rate: 50, n: 3751, sum: 641254,
    at: { 0: 812, 1000: -75508, 1875: 59635, 3750: -8834 } },
];

/** Epoch ms of an ISO time with up to 4 decimals (Date.parse keeps only ms). */
const isoMs = (iso: string): number => {
  const [whole, frac = ''] = iso.split('.');
  return Date.parse(`${whole}Z`) + Number(`0.${frac || '0'}`) * 1000;
};

describe.skipIf(!hasSharedData)('parseMiniSeed on real files (values from libmseed 2.19.8)', () => {
  it.each(refs)('$id: count, rate, start, samples and sum match libmseed', (ref) => {
    const rec = parseMiniSeed(read(...ref.file), ref.file[1]!);
    expect(rec.format).toBe('mseed');
    expect(rec.traces).toHaveLength(1);
    expect(rec.discontinuities).toEqual([]);
    expect(rec.warnings).toEqual([]);
    const t = rec.traces[0]!;
    expect(streamId(t)).toBe(ref.id);
    expect(t.samplingRate).toBe(ref.rate);
    expect(t.samples.length).toBe(ref.n);
    expect(t.startTime).toBeCloseTo(isoMs(ref.start), 3);
    for (const [i, v] of Object.entries(ref.at)) expect(t.samples[Number(i)]).toBe(v);
    expect(sum(t.samples)).toBe(ref.sum);
  });

  it('splits a file with two multiplexed streams into one trace each', () => {
    const rec = parseMiniSeed(read('obspy', 'CH.BALST..LH_two_channels'), 'two');
    expect(rec.traces.map(streamId)).toEqual(['CH.BALST..LHE', 'CH.BALST..LHZ']);
    const [e, z] = rec.traces as [Trace, Trace];
    expect([e.samples.length, sum(e.samples)]).toEqual([86343, -64713856]);
    expect([z.samples.length, sum(z.samples)]).toEqual([86547, 24088127]);
    expect(z.startTime).toBeCloseTo(isoMs('2025-11-10T00:01:24.580'), 3);
    expect([z.samples[0], z.samples[43273], z.samples[86546]]).toEqual([482, 137, 354]);
    expect(rec.discontinuities).toEqual([]);
  });

  it('keeps streams apart when their records alternate record by record', () => {
    const e = read('seisbench', 'OBS1.IQ.HHE..D.2016.185.225026');
    const z = read('seisbench', 'OBS1.IQ.HHZ..D.2016.185.225026');
    const chunks: Uint8Array[] = [];
    for (let r = 0; r * 4096 < Math.max(e.length, z.length); r++) {
      if (r * 4096 < e.length) chunks.push(e.subarray(r * 4096, (r + 1) * 4096));
      if (r * 4096 < z.length) chunks.push(z.subarray(r * 4096, (r + 1) * 4096));
    }
    const mixed = new Uint8Array(e.length + z.length);
    chunks.reduce((at, c) => (mixed.set(c, at), at + c.length), 0);
    const rec = parseMiniSeed(mixed, 'mixed');
    expect(rec.traces.map(streamId)).toEqual(['IQ.OBS1..HHE', 'IQ.OBS1..HHZ']);
    expect(rec.traces[0]!.samples).toEqual(parseMiniSeed(e, 'e').traces[0]!.samples);
    expect(rec.traces[1]!.samples).toEqual(parseMiniSeed(z, 'z').traces[0]!.samples);
    expect(sum(rec.traces[1]!.samples)).toBe(44025483);
  });
});

describe.skipIf(!hasSharedData)('parseMiniSeed gaps and overlaps', () => {
  // BW.BGLD: ten 512-byte records of 412 samples at 200 Hz, i.e. 2.06 s each.
  const bw = read(...BW);
  const whole = hasSharedData ? parseMiniSeed(bw, 'bw').traces[0]! : null!;

  it('dropping record 3 gives two traces and a 2.06 s gap, never a silent join', () => {
    const cut = new Uint8Array(bw.length - 512);
    cut.set(bw.subarray(0, 3 * 512));
    cut.set(bw.subarray(4 * 512), 3 * 512);
    const rec = parseMiniSeed(cut, 'gap');
    expect(rec.traces.map((t) => t.samples.length)).toEqual([3 * 412, 6 * 412]);
    expect(rec.discontinuities).toHaveLength(1);
    const d = rec.discontinuities[0]!;
    expect(d.kind).toBe('gap');
    expect(d.streamId).toBe('BW.BGLD..EHE');
    expect(d.seconds).toBeCloseTo(2.06, 6);
    expect(d.at).toBeCloseTo(whole.startTime + 3 * 412 * 5, 3);
    expect(rec.traces[1]!.startTime).toBeCloseTo(whole.startTime + 4 * 412 * 5, 3);
    expect(rec.traces[1]!.samples).toEqual(whole.samples.subarray(4 * 412));
  });

  it('a duplicated record gives an overlap of its length', () => {
    const dup = new Uint8Array(bw.length + 512);
    dup.set(bw.subarray(0, 4 * 512));
    dup.set(bw.subarray(3 * 512), 4 * 512);
    const rec = parseMiniSeed(dup, 'dup');
    expect(rec.traces.map((t) => t.samples.length)).toEqual([4 * 412, 7 * 412]);
    expect(rec.discontinuities.map((d) => d.kind)).toEqual(['overlap']);
    expect(rec.discontinuities[0]!.seconds).toBeCloseTo(2.06, 6);
    expect(rec.traces[1]!.samples).toEqual(whole.samples.subarray(3 * 412));
  });
});

/** A copy of BW record 0 re-encoded with the given SEED encoding and data byte order. */
function reencode(record: Uint8Array, values: number[], encoding: number, littleEndian: boolean): Uint8Array {
  const out = record.slice();
  const view = new DataView(out.buffer);
  view.setUint16(30, values.length); // header stays big-endian
  out[52] = encoding; // blockette 1000 at byte 48: type, next, encoding, word order, length
  out[53] = littleEndian ? 0 : 1;
  out.fill(0, 64);
  const width = { 1: 2, 3: 4, 4: 4, 5: 8 }[encoding]!;
  values.forEach((v, i) => {
    const at = 64 + i * width;
    if (encoding === 1) view.setInt16(at, v, littleEndian);
    else if (encoding === 3) view.setInt32(at, v, littleEndian);
    else if (encoding === 4) view.setFloat32(at, v, littleEndian);
    else view.setFloat64(at, v, littleEndian);
  });
  return out;
}

describe.skipIf(!hasSharedData)('parseMiniSeed plain encodings and record sizes', () => {
  const record0 = read(...BW).subarray(0, 512);
  const steim = hasSharedData ? Array.from(parseMiniSeed(record0, 'r0').traces[0]!.samples) : [];
  const cases = [
    { encoding: 1, name: 'int16', values: steim.slice(0, 224) },
    { encoding: 3, name: 'int32', values: steim.slice(0, 112).map((v) => v * 100_000) },
    { encoding: 4, name: 'float32', values: steim.slice(0, 112).map((v) => v + 0.25) },
    { encoding: 5, name: 'float64', values: steim.slice(0, 56).map((v) => v / 8) },
  ];
  for (const c of cases) {
    for (const le of [false, true]) {
      it(`decodes ${c.name} with ${le ? 'little' : 'big'}-endian data words`, () => {
        const t = parseMiniSeed(reencode(record0, c.values, c.encoding, le), c.name).traces[0]!;
        expect(Array.from(t.samples)).toEqual(c.values);
      });
    }
  }

  it('reads a 1024-byte record (length from blockette 1000) like the 512-byte original', () => {
    const big = new Uint8Array(1024);
    big.set(record0);
    big[54] = 10;
    expect(parseMiniSeed(big, 'r1024').traces[0]!.samples).toEqual(new Float32Array(steim));
  });

  it('warns when the Steim reverse integration constant disagrees with the decoded data', () => {
    const bad = record0.slice();
    bad[64 + 8 + 3] ^= 0x01; // last byte of Xn in frame 0
    const rec = parseMiniSeed(bad, 'xn');
    expect(rec.warnings.join()).toMatch(/reverse integration constant/);
  });
});

describe.skipIf(!hasSharedData)('parseMiniSeed rejects bad input with a clear InputError', () => {
  const expectProblem = (bytes: Uint8Array, problem: RegExp): void => {
    let error: unknown;
    try {
      parseMiniSeed(bytes, 'bad.mseed');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).file).toBe('bad.mseed');
    expect((error as InputError).problem).toMatch(problem);
  };
  const test = read('obspy', 'test.mseed');
  const bw = read(...BW);

  it('empty file', () => expectProblem(new Uint8Array(0), /^empty file/));
  it('truncated last record', () =>
    expectProblem(test.subarray(0, 4096 + 512), /^truncated at byte 4608 of 8192: the record at byte 4096 has 512 of its 4096 bytes$/));
  it('file cut inside a header', () => expectProblem(bw.subarray(0, 512 + 20), /^truncated at byte 532 of 560: the record at byte 512 has 20 bytes/));
  it('corrupt quality code in the second record header', () => {
    const bad = test.slice();
    bad[4096 + 6] = 0x58; // 'X'
    expectProblem(bad, /^corrupt record header at byte 4096/);
  });
  it('record length outside what blockette 1000 allows', () => {
    const bad = bw.slice();
    bad[512 + 54] = 3;
    expectProblem(bad, /^corrupt record header at byte 512: record length 2\^3/);
  });
  it('record without blockette 1000', () => {
    const bad = bw.slice();
    bad[39] = 0;
    expectProblem(bad, /^record at byte 0 has no blockette 1000/);
  });
  it('unsupported encoding is named', () => {
    const bad = bw.slice();
    bad[52] = 2;
    expectProblem(bad, /uses int24 \(code 2\)/);
  });
  it('a SAC file is not miniSEED', () => expectProblem(read('obspy', 'seism.sac'), /^not miniSEED/));
  it('text is not miniSEED', () => expectProblem(new TextEncoder().encode('index,label\n0,noise\n'), /^not miniSEED/));
});
