// SAC reader/writer on real files. Expected header values were read with `od -t f4 / -t d4 / -c`
// from the files themselves at development time (independent of this parser); the roundtrip
// files are checked against their rows of windows.f32 as the data README promises.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../core/common/formats/csv.js';
import { parseSac, writeSac } from '../../core/common/formats/sac.js';
import { InputError, type Trace } from '../../core/common/types.js';
import { dataPath, hasSharedData } from '../helpers/data.js';

// Without the data every suite below is skipped; an empty buffer keeps their set-up lines harmless.
const read = (...p: string[]): Uint8Array => (hasSharedData ? new Uint8Array(readFileSync(dataPath('raw_formats', ...p))) : new Uint8Array(0));

/** Big-endian copy of a little-endian SAC file: numeric header words and samples swapped, strings kept. */
function toBigEndian(le: Uint8Array): Uint8Array {
  const out = le.slice();
  const swap = (at: number): void => {
    out[at] = le[at + 3]!;
    out[at + 1] = le[at + 2]!;
    out[at + 2] = le[at + 1]!;
    out[at + 3] = le[at]!;
  };
  for (let at = 0; at < 440; at += 4) swap(at);
  for (let at = 632; at + 4 <= le.length; at += 4) swap(at);
  return out;
}

const problemOf = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return (e as InputError).problem;
  }
  throw new Error('expected an InputError');
};

describe.skipIf(!hasSharedData)('parseSac on real files', () => {
  it('seism.sac: station, reference time + b, P pick from `a` labelled by `ka`, t1 pick', () => {
    const rec = parseSac(read('obspy', 'seism.sac'), 'seism.sac');
    expect(rec.format).toBe('sac');
    const t = rec.traces[0]!;
    // od: kstnm "CDV", khole/knetwk "-12345" (undefined), kcmpnm "Q"; delta 0.01, npts 1000.
    expect([t.network, t.station, t.location, t.channel]).toEqual(['', 'CDV', '', 'Q']);
    expect(t.samplingRate).toBe(100);
    expect(t.samples.length).toBe(1000);
    expect(Array.from(t.samples.subarray(0, 4))).toEqual([-0.09728001, -0.09728001, -0.09856002, -0.09856002].map(Math.fround));
    // nz = 1981 day 88 10:38:14.000, b = 9.459999 (float32).
    expect(t.startTime).toBeCloseTo(Date.UTC(1981, 2, 29, 10, 38, 23, 460), -1);
    expect(t.startTime - Date.UTC(1981, 2, 29, 10, 38, 14)).toBeCloseTo(Math.fround(9.459999) * 1000, 6);
    // a = 10.47 with ka "IPD0"; t1 = 20 with kt1 undefined; offsets are relative to b.
    expect(t.picks.map((p) => p.phase)).toEqual(['IPD0', 't1']);
    expect(t.picks[0]!.offsetSeconds).toBeCloseTo(10.47 - 9.459999, 5);
    expect(t.picks[1]!.offsetSeconds).toBeCloseTo(20 - 9.459999, 5);
  });

  it('CRLZ.HHZ.10.NZ.SAC: 32,768 samples at 100 Hz with full stream id', () => {
    const t = parseSac(read('obspy', 'CRLZ.HHZ.10.NZ.SAC'), 'crlz').traces[0]!;
    expect([t.network, t.station, t.location, t.channel]).toEqual(['NZ', 'CRLZ', '10', 'HHZ']);
    expect(t.samplingRate).toBe(100);
    expect(t.samples.length).toBe(32768);
    expect(Array.from(t.samples.subarray(0, 4))).toEqual([-528, -526, -527, -530]);
    // nz = 2009 day 247 00:00:00.007, b = 54400 s.
    expect(t.startTime).toBe(Date.UTC(2009, 8, 4, 15, 6, 40, 7));
    expect(t.picks).toEqual([]);
  });

  it('a big-endian copy reads exactly the same', () => {
    for (const name of ['seism.sac', 'CRLZ.HHZ.10.NZ.SAC']) {
      const le = read('obspy', name);
      expect(parseSac(toBigEndian(le), name)).toEqual(parseSac(le, name));
    }
  });

  it('roundtrip/*.SAC equal their rows of windows.f32 sample for sample, with P (a) and S (t0) picks', () => {
    const index = parseCsv(readFileSync(dataPath('raw_formats', 'roundtrip', 'index.csv'), 'utf8'), 'index.csv').rows;
    expect(index).toHaveLength(18);
    const buf = readFileSync(dataPath('windows.f32'));
    const all = new Float32Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.length));
    const [C, T] = [3, 2500];
    for (const row of index) {
      const t = parseSac(read('roundtrip', row.file!), row.file!).traces[0]!;
      const start = (Number(row.windows_index) * C + Number(row.channel_index)) * T;
      expect(t.samples).toEqual(all.subarray(start, start + T));
      expect(Number.isNaN(t.startTime)).toBe(true); // nz* undefined in these files
      expect(t.samplingRate).toBe(100);
      expect(row.file).toContain(`.${t.network}.${t.station}.${t.channel}.SAC`);
      const expected = [
        ...(row.p_sample !== '-1' ? [{ phase: 'P', s: Number(row.p_sample) / 100 }] : []),
        ...(row.s_sample !== '-1' ? [{ phase: 't0', s: Number(row.s_sample) / 100 }] : []),
      ];
      expect(t.picks.map((p) => p.phase)).toEqual(expected.map((p) => p.phase));
      t.picks.forEach((p, k) => expect(p.offsetSeconds).toBeCloseTo(expected[k]!.s, 5));
    }
  });

  it('prefers the float64 footer of a version 7 file', () => {
    const v6 = read('obspy', 'seism.sac');
    const v7 = new Uint8Array(v6.length + 22 * 8);
    v7.set(v6);
    const view = new DataView(v7.buffer);
    view.setInt32(76 * 4, 7, true);
    const footer = [0.01, 9.46, 19.45, 0, 10.47, ...Array(17).fill(-12345)];
    footer.forEach((v, k) => view.setFloat64(v6.length + 8 * k, v, true));
    const t = parseSac(v7, 'v7').traces[0]!;
    expect(t.startTime).toBe(Date.UTC(1981, 2, 29, 10, 38, 23, 460));
    expect(t.picks).toEqual([{ phase: 'IPD0', offsetSeconds: 10.47 - 9.46 }]); // t1 undefined in the footer
  });
});

describe.skipIf(!hasSharedData)('writeSac', () => {
  it('write -> read keeps samples, names, times and picks', () => {
    const orig = parseSac(read('obspy', 'CRLZ.HHZ.10.NZ.SAC'), 'crlz').traces[0]!;
    const trace: Trace = {
      ...orig,
      startTime: orig.startTime + 0.25, // sub-millisecond part goes into b
      picks: [
        { phase: 'S', offsetSeconds: 12.5 },
        { phase: 'P', offsetSeconds: 3.25 },
      ],
    };
    const back = parseSac(writeSac(trace), 'written').traces[0]!;
    expect(back.samples).toEqual(orig.samples);
    expect([back.network, back.station, back.location, back.channel]).toEqual(['NZ', 'CRLZ', '10', 'HHZ']);
    expect(back.samplingRate).toBe(100);
    expect(back.startTime).toBeCloseTo(trace.startTime, 4);
    expect(back.picks.map((p) => p.phase)).toEqual(['P', 'S']);
    expect(back.picks[0]!.offsetSeconds).toBeCloseTo(3.25, 5);
    expect(back.picks[1]!.offsetSeconds).toBeCloseTo(12.5, 5);
  });

  it('a trace without absolute time stays without one; empty names stay empty', () => {
    const trace: Trace = {
      network: '', station: 'X', location: '', channel: 'HHZ', samplingRate: 40,
      startTime: NaN, samples: new Float32Array([1, -2.5, 3]), picks: [],
    };
    const back = parseSac(writeSac(trace), 'w').traces[0]!;
    expect(Number.isNaN(back.startTime)).toBe(true);
    expect(back).toMatchObject({ network: '', location: '', station: 'X', samplingRate: 40 });
    expect(Array.from(back.samples)).toEqual([1, -2.5, 3]);
  });
});

describe.skipIf(!hasSharedData)('parseSac rejects bad input', () => {
  const crlz = read('obspy', 'CRLZ.HHZ.10.NZ.SAC');
  it('empty', () => expect(problemOf(() => parseSac(new Uint8Array(0), 'e'))).toMatch(/^empty file/));
  it('shorter than a header', () => expect(problemOf(() => parseSac(crlz.subarray(0, 300), 'e'))).toMatch(/^truncated at byte 300 of 632/));
  it('data cut short', () =>
    expect(problemOf(() => parseSac(crlz.subarray(0, 1000), 'e'))).toMatch(/^truncated at byte 1000 of 131704: header npts = 32768/));
  it('miniSEED is not SAC', () => expect(problemOf(() => parseSac(read('obspy', 'test.mseed'), 'e'))).toMatch(/^not SAC binary/));
  it('negative npts', () => {
    const bad = crlz.slice();
    new DataView(bad.buffer).setInt32(79 * 4, -5, true);
    expect(problemOf(() => parseSac(bad, 'e'))).toMatch(/npts = -5/);
  });
});
