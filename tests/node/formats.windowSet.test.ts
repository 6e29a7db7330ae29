// Window sets of shared/data and the CSV reader under them. Expected counts come from
// shared/data/README.md and each set's windows.json; sample values are read independently
// with the README's own recipe (Float32Array over the file).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCsv, parseCsvRecords } from '../../core/common/formats/csv.js';
import { parseWindowSet, type WindowSetFiles } from '../../core/common/formats/windowSet.js';
import { InputError } from '../../core/common/types.js';
import { dataPath, hasSharedData } from '../helpers/data.js';

const load = (dir: string): WindowSetFiles => {
  const p = (f: string): string => (dir === '' ? dataPath(f) : dataPath(dir, f));
  return {
    name: dir || 'main',
    json: readFileSync(p('windows.json'), 'utf8'),
    csv: readFileSync(p('windows.csv'), 'utf8'),
    f32: new Uint8Array(readFileSync(p('windows.f32'))),
  };
};

const count = <T>(xs: T[]): Map<T, number> => xs.reduce((m, x) => m.set(x, (m.get(x) ?? 0) + 1), new Map<T, number>());

describe('parseCsvRecords (RFC 4180)', () => {
  it('handles quotes, doubled quotes, embedded separators and newlines, CRLF, BOM, empty fields', () => {
    const text = '\ufeffa,b,c\r\n1,"x, y","say ""hi"""\r\n,"multi\nline",\n';
    expect(parseCsvRecords(text, 't.csv')).toEqual([
      ['a', 'b', 'c'],
      ['1', 'x, y', 'say "hi"'],
      ['', 'multi\nline', ''],
    ]);
  });
  it('keeps a last record without line end and an empty quoted field', () => {
    expect(parseCsvRecords('a,""\nb,c', 't')).toEqual([['a', ''], ['b', 'c']]);
  });
  it('rejects an unterminated quote and text after a closing quote', () => {
    expect(() => parseCsvRecords('a\n"open,\nmore', 't.csv')).toThrow(/unterminated quoted field starting on line 2/);
    expect(() => parseCsvRecords('"a"b,c', 't.csv')).toThrow(InputError);
  });
  it('parseCsv maps rows to the header and rejects rows of the wrong width', () => {
    expect(parseCsv('k,v\n1,2\n', 't').rows).toEqual([{ k: '1', v: '2' }]);
    expect(() => parseCsv('k,v\n1,2,3\n', 't')).toThrow(/data row 1 has 3 fields, header has 2/);
    expect(() => parseCsv('', 't')).toThrow(/no header row/);
  });
});

describe.skipIf(!hasSharedData)('parseWindowSet on the four sets of shared/data', () => {
  it('main set: shape, labels, picks, channels and zero-copy window views', () => {
    const files = load('');
    const set = parseWindowSet(files);
    expect(set.shape).toEqual([138, 3, 2500]);
    expect(set.samplingRate).toBe(100);
    expect(set.warnings).toEqual([]);
    expect(count(set.labels)).toEqual(new Map([['earthquake', 94], ['noise', 44]]));
    // Row 0 (README: PhaseNet NC.MCV, vertical only): channels "||EHZ", P at 500, S at 562.
    expect(set.channels[0]).toEqual(['', '', 'EHZ']);
    expect(set.picks[0]).toEqual([{ phase: 'P', offsetSeconds: 5 }, { phase: 'S', offsetSeconds: 5.62 }]);
    expect(set.picks[1]).toEqual([]); // noise row: -1 / -1
    // Windows of DeepDenoiser rows have P but no S.
    set.rows.forEach((r, i) => {
      if (r.source === 'deepdenoiser' && r.label === 'earthquake') expect(set.picks[i]!.map((p) => p.phase)).toEqual(['P']);
    });
    const all = new Float32Array(files.f32.buffer, files.f32.byteOffset, files.f32.byteLength / 4);
    const w = set.windowData(7);
    expect(w).toHaveLength(3);
    w.forEach((ch, c) => {
      expect(ch.length).toBe(2500);
      expect(ch.buffer).toBe(files.f32.buffer); // a view, not a copy
      expect(ch[0]).toBe(all[(7 * 3 + c) * 2500]);
      expect(ch[2499]).toBe(all[(7 * 3 + c) * 2500 + 2499]);
    });
    expect(() => set.windowData(138)).toThrow(RangeError);
  });

  it('cx_pb01: 20 Hz, Z|N|E order, event categories in subtype', () => {
    const set = parseWindowSet(load('cx_pb01'));
    expect(set.shape).toEqual([200, 3, 1200]);
    expect(set.samplingRate).toBe(20);
    expect(set.channels[0]).toEqual(['BHZ', 'BHN', 'BHE']);
    expect(count(set.rows.map((r) => r.subtype))).toEqual(new Map([['ID', 174], ['UP', 16], ['P2', 6], ['P3', 3], ['P1', 1]]));
    expect(set.picks.every((p) => p.length === 0)).toBe(true);
  });

  it('unlabeled_whar: labels are null and the annotated channel cell gives plain codes', () => {
    const set = parseWindowSet(load('unlabeled_whar'));
    expect(set.shape).toEqual([10, 3, 3000]);
    expect(set.labels).toEqual(Array(10).fill(null));
    expect(set.channels[0]).toEqual(['HHE', 'HHN', 'HHZ']);
  });

  it('phases: no channels column (E|N|Z with a warning), picks named by the class', () => {
    const set = parseWindowSet(load('phases'));
    expect(set.shape).toEqual([114, 3, 400]);
    expect(count(set.labels)).toEqual(new Map([['P', 44], ['noise', 44], ['S', 26]]));
    expect(set.channels[0]).toEqual(['E', 'N', 'Z']);
    expect(set.warnings).toEqual(['channel order not stated; assuming E|N|Z']);
    // Row 0: label P, pick_sample 283 -> 2.83 s; row 1: noise, -1.
    expect(set.picks[0]).toEqual([{ phase: 'P', offsetSeconds: 2.83 }]);
    expect(set.picks[1]).toEqual([]);
    set.picks.forEach((p, i) => {
      if (set.labels[i] === 'noise') return;
      expect(p[0]!.offsetSeconds).toBeGreaterThanOrEqual(1);
      expect(p[0]!.offsetSeconds).toBeLessThanOrEqual(3);
    });
    expect(parseWindowSet({ ...load('phases'), defaultChannels: ['HHE', 'HHN', 'HHZ'] }).warnings).toEqual([]);
  });

  it('copies instead of viewing when the bytes are not 4-byte aligned', () => {
    const files = load('unlabeled_whar');
    const shifted = new Uint8Array(files.f32.length + 1).subarray(1);
    shifted.set(files.f32);
    const a = parseWindowSet(files).windowData(3);
    const b = parseWindowSet({ ...files, f32: shifted }).windowData(3);
    expect(b).toEqual(a);
  });

  it('rejects size mismatches with the numbers that disagree', () => {
    const files = load('unlabeled_whar');
    expect(() => parseWindowSet({ ...files, f32: files.f32.subarray(0, files.f32.length - 4) })).toThrow(
      /size mismatch: 359996 bytes, shape \[10, 3, 3000\] needs 360000/,
    );
    const lines = files.csv.trimEnd().split('\n');
    expect(() => parseWindowSet({ ...files, csv: lines.slice(0, -1).join('\n') })).toThrow(/9 rows, shape says 10 windows/);
    expect(() => parseWindowSet({ ...files, json: files.json.replace('"shape"', '"shap"') })).toThrow(/"shape" must be/);
    expect(() => parseWindowSet({ ...files, json: '{' })).toThrow(/not valid JSON/);
    expect(() => parseWindowSet({ ...files, json: files.json.replace('"little"', '"big"') })).toThrow(/byte_order big/);
  });
});
