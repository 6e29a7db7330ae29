// Header fields that parse but cannot be true: each real file is damaged in one field and read
// through parseFile (what the import worker runs); the refusal must name the file, the field
// and the value, and a file cut short must say where.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeWav } from '../../core/common/formats/wav.js';
import { parseFile } from '../../core/node/importers/parseFile.js';
import { dataPath, hasSharedData } from '../helpers/data.js';
import { tempDir } from '../helpers/tmp.js';

const dir = tempDir();
const read = (...p: string[]): Uint8Array => (hasSharedData ? new Uint8Array(readFileSync(dataPath('raw_formats', ...p))) : new Uint8Array(0));

/** Writes `bytes` after `edit` to a temp file named `name` and returns parseFile's message. */
function refusal(name: string, bytes: Uint8Array, edit: (v: DataView, b: Uint8Array) => void): string {
  const copy = bytes.slice();
  edit(new DataView(copy.buffer), copy);
  const path = join(dir, name);
  writeFileSync(path, copy);
  try {
    parseFile(path);
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error(`${name} was accepted`);
}

describe.skipIf(!hasSharedData)('SAC headers that cannot be true are refused by field and value', () => {
  const sac = read('obspy', 'seism.sac');
  const f32 = (word: number, x: number) => (v: DataView) => v.setFloat32(word * 4, x, true);
  const i32 = (word: number, x: number) => (v: DataView) => v.setInt32(word * 4, x, true);
  it.each([
    ['delta 1e6', f32(0, 1e6), /delta = 1e\+6 s, i\.e\. 1e-6 Hz/],
    ['delta 1e30', f32(0, 1e30), /delta = 1e\+30 s/],
    ['delta 0', f32(0, 0), /delta = 0/],
    ['delta NaN', f32(0, NaN), /delta = NaN/],
    ['delta negative', f32(0, -0.01), /delta = -0\.01/],
    ['npts huge', i32(79, 2 ** 31 - 1), /truncated at byte 4632 of 8589935220: header npts = 2147483647/],
    ['year 1800', i32(70, 1800), /nzyear = 1800 \(expected 1900 … 2100\)/],
    ['year 3000', i32(70, 3000), /nzyear = 3000/],
    ['hour 99', i32(72, 99), /nzhour = 99/],
    ['b 1e30', f32(5, 1e30), /implausible time: start time/],
  ])('%s', (_what, edit, expected) => {
    const msg = refusal('seism.sac', sac, edit);
    expect(msg).toMatch(/^seism\.sac: /);
    expect(msg).toMatch(expected);
  });

  it('a start time partly undefined is dropped with a warning, not silently', () => {
    const copy = sac.slice();
    new DataView(copy.buffer).setInt32(72 * 4, -12345, true);
    const path = join(dir, 'nohour.sac');
    writeFileSync(path, copy);
    const rec = parseFile(path).recording;
    expect(rec.traces[0]!.startTime).toBeNaN();
    expect(rec.warnings).toContain('reference time incomplete (nzhour undefined): imported without an absolute time');
  });

  it('a control character in the station code', () => {
    expect(refusal('ctl.sac', sac, (_v, b) => (b[441] = 0x07))).toMatch(/^ctl\.sac: kstnm = "C\\u0007V" holds a non-printable character/);
  });

  it('a NaN or infinite sample', () => {
    expect(refusal('nan.sac', sac, (v) => v.setFloat32(632 + 4 * 17, NaN, true))).toMatch(/^nan\.sac: .*CDV.*: sample 17 is NaN/);
    expect(refusal('inf.sac', sac, (v) => v.setFloat32(632, Infinity, true))).toMatch(/sample 0 is Infinity/);
  });

  it('a truncated file says where it was cut, not "format not recognised"', () => {
    const path = join(dir, 'cut.sac');
    writeFileSync(path, sac.subarray(0, 400));
    expect(() => parseFile(path)).toThrow(/^cut\.sac: truncated at byte 400 of 632/);
    writeFileSync(path, sac.subarray(0, 2000));
    expect(() => parseFile(path)).toThrow(/^cut\.sac: truncated at byte 2000 of 4632/);
  });
});

describe.skipIf(!hasSharedData)('miniSEED headers that cannot be true', () => {
  const bw = read('obspy', 'BW.BGLD.__.EHE.D.2008.001.first_10_records');
  it('a rate factor of -32768 (1/32768 Hz) is refused, naming the record, factor and multiplier', () => {
    const msg = refusal('bw.mseed', bw, (v) => v.setInt16(512 + 32, -32768, false));
    expect(msg).toMatch(/^bw\.mseed: implausible sampling rate: sampling rate of the record at byte 512 = 3\.052e-5 Hz \(sample rate factor -32768, multiplier 1/);
  });
  it('a damaged first record of a file without extension is still read as miniSEED, and said so', () => {
    expect(refusal('BW.BGLD.__.EHE.D.2008.001', bw, (_v, b) => b.fill(0xff, 0, 8))).toMatch(/^BW\.BGLD\.__\.EHE\.D\.2008\.001: not miniSEED, or its first record header is damaged/);
  });

  it('a control character in the station code', () => {
    expect(refusal('bw.mseed', bw, (_v, b) => (b[9] = 0x01))).toMatch(/^bw\.mseed: corrupt record header at byte 0: station code = "B\\u0001LD " holds a non-printable byte 0x01/);
  });
});

describe('WAV headers that cannot be true', () => {
  const wav = writeWav([Float32Array.from([1, 2, 3, 4])], 100);
  it('a sample rate of 4 GHz', () => {
    expect(refusal('fast.wav', wav, (v) => v.setUint32(24, 4e9, true))).toMatch(/^fast\.wav: implausible sampling rate: sample rate \(fmt chunk\) = 4e\+9 Hz/);
  });
  it('an infinite float sample', () => {
    expect(refusal('inf.wav', wav, (v) => v.setFloat32(44 + 8, -Infinity, true))).toMatch(/^inf\.wav: .*sample 2 is -Infinity/);
  });
  it('65535 channels', () => {
    expect(refusal('many.wav', wav, (v) => v.setUint16(22, 65535, true))).toMatch(/^many\.wav: implausible header: channels = 65535/);
  });
});
