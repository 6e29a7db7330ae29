// Content-based format detection on the real files, renamed and mutated.
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { detectFormat } from '../../core/common/formats/detect.js';
import { writeWav } from '../../core/common/formats/wav.js';
import { dataPath, hasSharedData } from '../helpers/data.js';

const read = (...p: string[]): Uint8Array => new Uint8Array(readFileSync(dataPath('raw_formats', ...p)));

describe.skipIf(!hasSharedData)('detectFormat', () => {
  it('recognises every real miniSEED and SAC file by content, whatever its name', () => {
    for (const dir of ['obspy', 'seisbench', 'roundtrip']) {
      for (const f of readdirSync(dataPath('raw_formats', dir))) {
        if (f.endsWith('.csv')) continue;
        const expected = /\.sac$/i.test(f) ? 'sac' : 'mseed';
        expect(detectFormat(read(dir, f), 'upload.bin'), f).toBe(expected);
        expect(detectFormat(read(dir, f), expected === 'sac' ? 'x.mseed' : 'x.sac'), f).toBe(expected);
      }
    }
  });

  it('recognises WAV and rejects CSV, float arrays, empty and cut files', () => {
    expect(detectFormat(writeWav([new Float32Array(10)], 100), 'a.dat')).toBe('wav');
    expect(detectFormat(readFileSync(dataPath('windows.csv')), 'windows.sac')).toBeNull();
    expect(detectFormat(new Uint8Array(readFileSync(dataPath('unlabeled_whar', 'windows.f32'))), 'x.mseed')).toBeNull();
    expect(detectFormat(new Uint8Array(0), 'x.wav')).toBeNull();
    expect(detectFormat(read('obspy', 'seism.sac').subarray(0, 600), 'seism.sac')).toBeNull();
  });

  it('a SAC file cut short is still SAC, so the parser can say where it was cut', () => {
    const sac = read('obspy', 'seism.sac');
    new DataView(sac.buffer).setInt32(79 * 4, 5000, true);
    expect(detectFormat(sac, 'seism')).toBe('sac');
  });

  it('miniSEED 3 is detected as miniSEED', () => {
    expect(detectFormat(new Uint8Array([0x4d, 0x53, 3, 0, 0, 0]), 'x')).toBe('mseed');
  });
});
