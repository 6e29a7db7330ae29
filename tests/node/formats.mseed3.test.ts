// miniSEED 3 reader and the legacy miniSEED 2 encodings on libmseed's own reference data
// (shared/data/raw_formats/libmseed: each .mseed3 was written by libmseed 3 with a .mseed2
// twin holding the same samples). Legacy-encoding values were dumped with a small C program
// linked against Debian's libmseed 2.19.8 (ms_readtraces, sums in double), outside the repo.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseMiniSeed } from '../../core/common/formats/mseed.js';
import { parseMiniSeed3 } from '../../core/common/formats/mseed3.js';
import { crc32c, sidToNslc } from '../../core/common/formats/mseed3Record.js';
import { headerByteOrder, parseRecordHeader } from '../../core/common/formats/mseedRecord.js';
import { InputError, streamId } from '../../core/common/types.js';
import { dataPath, hasSharedData, repoRoot } from '../helpers/data.js';
import { tempDir } from '../helpers/tmp.js';

const DIR = ['raw_formats', 'libmseed'];
const read = (f: string): Uint8Array => (hasSharedData ? new Uint8Array(readFileSync(dataPath(...DIR, f))) : new Uint8Array(0));
const twins = hasSharedData ? readdirSync(dataPath(...DIR)).filter((f) => f.endsWith('.mseed3')).map((f) => f.replace(/\.mseed3$/, '')) : [];
const sum = (a: Float32Array): number => a.reduce((s, v) => s + v, 0);

describe('CRC-32C and source identifiers', () => {
  it('CRC-32C gives the standard check value for "123456789"', () => {
    expect(crc32c(new TextEncoder().encode('123456789'))).toBe(0xe3069283);
  });

  it('splits FDSN source identifiers into SEED codes', () => {
    expect(sidToNslc('FDSN:IU_COLA_00_L_H_1')).toEqual({ network: 'IU', station: 'COLA', location: '00', channel: 'LH1' });
    expect(sidToNslc('FDSN:XX_TEST__B_H_Z')).toEqual({ network: 'XX', station: 'TEST', location: '', channel: 'BHZ' });
    // Multi-letter band/source codes cannot form a 3-letter channel and keep their separators.
    expect(sidToNslc('FDSN:XX_TEST__B_HH_Z')!.channel).toBe('B_HH_Z');
    expect(sidToNslc('XFDSN:XX_TEST')).toBeNull();
  });
});

describe.skipIf(!hasSharedData)('miniSEED 3 against its miniSEED 2 twin', () => {
  it('finds the reference files', () => expect(twins.length).toBeGreaterThanOrEqual(15));

  it.each(twins)('%s: same streams, samples and start times as the .mseed2 twin', (base) => {
    const v3 = parseMiniSeed3(read(`${base}.mseed3`), `${base}.mseed3`);
    const v2 = parseMiniSeed(read(`${base}.mseed2`), `${base}.mseed2`);
    expect(v3.traces.length).toBe(v2.traces.length);
    // libmseed's flush-idle test writes its miniSEED 2 twin under another channel and rate
    // (XX.TEST..BHZ at 40 Hz) than the miniSEED 3 file (XX.TEST..HHZ at 100 Hz); samples and
    // start time are still the same, so only the identity is not compared there.
    const sameIdentity = base !== 'reference-testdata-flushidle';
    v3.traces.forEach((t3, i) => {
      const t2 = v2.traces[i]!;
      if (sameIdentity) {
        expect(streamId(t3)).toBe(streamId(t2));
        expect(t3.samplingRate).toBe(t2.samplingRate);
      }
      expect(t3.samples.length).toBe(t2.samples.length);
      expect(t3.samples).toEqual(t2.samples);
      // miniSEED 2 holds microseconds (blockette 1001); the version-3 start agrees to within one.
      expect(Math.abs(t3.startTime - t2.startTime)).toBeLessThanOrEqual(0.001);
    });
    expect(v3.discontinuities).toEqual(v2.discontinuities);
  });

  it('keeps nanosecond start times and the extra headers', () => {
    const nsec = parseMiniSeed3(read('reference-testdata-nsec.mseed3'), 'nsec.mseed3');
    const meta = nsec.meta.miniseed3.traces[0]!;
    expect(meta.startTimeNs).toBe('2012-05-12T00:00:00.123456789Z');
    expect(meta.sid).toBe('FDSN:XX_TEST__B_H_Z');
    expect(JSON.stringify(meta.extraHeaders)).toContain('2012-05-12T00:00:26.987654321Z');
    // Before 1970 the nanoseconds must not borrow from the wrong second.
    const olden = parseMiniSeed3(read('reference-testdata-olden.mseed3'), 'olden.mseed3');
    expect(olden.meta.miniseed3.traces[0]!.startTimeNs).toBe('1964-03-27T21:11:24.987654321Z');
    const odd = parseMiniSeed3(read('reference-testdata-oddrate.mseed3'), 'oddrate.mseed3');
    expect(odd.meta.miniseed3.traces[0]!.startTimeNs).toBe('2025-05-12T21:11:24.987654321Z');
  });

  it('keeps text records as text, equal to the miniSEED 2 twin data section', () => {
    const v3 = parseMiniSeed3(read('reference-testdata-text.mseed3'), 'text.mseed3');
    expect(v3.traces).toEqual([]);
    const bytes2 = read('reference-testdata-text.mseed2');
    const rec = parseRecordHeader(bytes2, new DataView(bytes2.buffer), 0, 'text.mseed2');
    const text2 = new TextDecoder().decode(bytes2.subarray(rec.dataOffset, rec.dataOffset + rec.numSamples));
    expect(v3.meta.miniseed3.texts).toHaveLength(1);
    expect(v3.meta.miniseed3.texts[0]!.text).toBe(text2);
    expect(text2).toMatch(/^I've seen things/);
  });

  it('refuses a record whose CRC does not match, naming the file, the record and both CRCs', () => {
    const bytes = read('testdata-3channel-signal.mseed3');
    const view = new DataView(bytes.buffer);
    // Corrupt one payload byte of the second record.
    const first = 40 + bytes[33]! + view.getUint16(34, true) + view.getUint32(36, true);
    const stored = view.getUint32(first + 28, true);
    bytes[first + 200]! ^= 0x40;
    const err = (() => {
      try {
        parseMiniSeed3(bytes, 'bad.mseed3');
      } catch (e) {
        return e as InputError;
      }
      throw new Error('corrupt record was accepted');
    })();
    expect(err).toBeInstanceOf(InputError);
    const hex = `0x${stored.toString(16).toUpperCase().padStart(8, '0')}`;
    expect(err.message).toMatch(new RegExp(`^bad\\.mseed3: miniSEED 3 record at byte ${first} fails its CRC check: stored ${hex}, computed 0x[0-9A-F]{8}`));
    expect(err.message).not.toContain(`computed ${hex}`);
  });

  it('refuses a truncated file', () => {
    const bytes = read('reference-testdata-int32.mseed3');
    expect(() => parseMiniSeed3(bytes.subarray(0, bytes.length - 10), 'cut.mseed3')).toThrow(/cut\.mseed3: truncated: miniSEED 3 record at byte \d+ needs \d+ bytes, \d+ left/);
  });
});

// libmseed 2.19.8 values: first samples, middle, last, sum, start.
const legacy = [
  { file: 'testdata-encoding-CDSN.mseed2', id: 'XX.TEST..BHE', start: '1986-12-26T01:11:45.430Z', rate: 20, n: 2016, head: [-96, -87, -100, -128], mid: -71, last: -185, sum: 51467 },
  { file: 'testdata-encoding-DWWSSN.mseed2', id: 'XX.TEST..LHE', start: '1980-12-25T00:00:00.320Z', rate: 1, n: 2016, head: [6, 5, 1, -9], mid: -72, last: 76, sum: 1510 },
  { file: 'testdata-encoding-GEOSCOPE-16bit-3exp-encoded.mseed2', id: 'XX.TEST..VHE', start: '1986-12-26T02:12:05.8648Z', rate: 0.1, n: 2016,
    head: [-1.0625, -1.078125, -1.078125, -1.078125], mid: -1.0625, last: -1.1640625, sum: -2112.6875 },
  { file: 'testdata-encoding-SRO.mseed2', id: 'XX.TEST..LHE', start: '1974-12-26T00:00:00.500Z', rate: 1, n: 1984, head: [39, 42, 32, 1], mid: -186, last: -36, sum: -104404 },
];

describe.skipIf(!hasSharedData)('legacy miniSEED 2 encodings (values from libmseed 2.19.8)', () => {
  it.each(legacy)('$file', (ref) => {
    const rec = parseMiniSeed(read(ref.file), ref.file);
    expect(rec.warnings).toEqual([]);
    expect(rec.traces).toHaveLength(1);
    const t = rec.traces[0]!;
    expect(streamId(t)).toBe(ref.id);
    expect(t.samplingRate).toBe(ref.rate);
    expect(t.samples.length).toBe(ref.n);
    const [whole, frac] = ref.start.replace('Z', '').split('.');
    expect(t.startTime).toBeCloseTo(Date.parse(`${whole}Z`) + Number(`0.${frac}`) * 1000, 3);
    expect(Array.from(t.samples.subarray(0, 4))).toEqual(ref.head);
    expect(t.samples[ref.n >> 1]).toBe(ref.mid);
    expect(t.samples[ref.n - 1]).toBe(ref.last);
    expect(sum(t.samples)).toBe(ref.sum);
  });

  it('a record without blockette 1000 is still refused by the miniSEED 2 reader (libmseed guesses Steim-1 and scans for the record length)', () => {
    const f = 'testdata-no-blockette1000-steim1.mseed2';
    expect(headerByteOrder(read(f), 0)).toBe('be');
    expect(() => parseMiniSeed(read(f), f)).toThrow(/has no blockette 1000/);
  });
});

describe.skipIf(!hasSharedData)('seislabel import of a miniSEED 3 file', () => {
  const dir = tempDir();
  const run = (...args: string[]) => spawnSync(process.execPath, [join(repoRoot, 'core/node/cli/bin.js'), ...args], { encoding: 'utf8', env: { ...process.env, SEISLABEL_HOME: join(dir, 'home') } });

  it('imports all three channels with their samples and keeps the miniSEED 3 metadata with the source', () => {
    const p = join(dir, 'm3.seislabel');
    expect(run('new', p, '--classes', 'earthquake,noise').status).toBe(0);
    const src = join(dir, 'x.mseed3');
    writeFileSync(src, read('testdata-3channel-signal.mseed3'));
    const imp = run('import', p, src, '--window', '600');
    expect(imp.stderr).toBe('');
    expect(imp.stdout).toMatch(/x\.mseed3: 3 stream\(s\), 13 window\(s\)/);
    const info = JSON.parse(run('info', p, '--json').stdout) as { streams: { streamId: string; nSamples: number; startTime: number }[] };
    expect(info.streams.map((s) => `${s.streamId}:${s.nSamples}`)).toEqual(['IU.COLA.00.LH1:4200', 'IU.COLA.00.LH2:4200', 'IU.COLA.00.LHZ:4200']);
    const db = spawnSync(process.execPath, ['-e', `const D=require('better-sqlite3');console.log(new D(process.argv[1],{readonly:true}).prepare('select info from sources').pluck().get())`, p],
      { encoding: 'utf8', cwd: repoRoot });
    const sourceInfo = JSON.parse(db.stdout) as { meta: { miniseed3: { traces: { startTimeNs: string }[] } } };
    expect(sourceInfo.meta.miniseed3.traces[0]!.startTimeNs).toBe('2010-02-27T06:50:00.069539000Z');
  });
});
