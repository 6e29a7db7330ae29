// Sample decoders for miniSEED 2 data sections: Steim-1, Steim-2 (SEED 2.4 manual,
// appendix B) and plain int16/int32/float32/float64. They write straight into a slice of the
// trace's preallocated Float32Array; Steim differences go through one reusable scratch
// buffer so decoding a record allocates nothing.
import { InputError } from '../types.js';
import { ENCODING, encodingName, type RecordHeader } from './mseedRecord.js';
import { decodeLegacy } from './mseedLegacy.js';

/** Reusable state of one parse: the Steim difference buffer grows to the largest record. */
export interface DecodeScratch {
  diffs: Int32Array;
  warnings: string[];
}

/** Creates the scratch state for decodeRecord. */
export const createScratch = (warnings: string[]): DecodeScratch => ({ diffs: new Int32Array(1024), warnings });

/**
 * Decodes the samples of `rec` into `out[pos .. pos + rec.numSamples)`.
 * Throws InputError when the data section holds fewer samples than the header claims.
 */
export function decodeRecord(
  view: DataView,
  rec: RecordHeader,
  out: Float32Array,
  pos: number,
  scratch: DecodeScratch,
  fileName: string,
): void {
  const start = rec.offset + rec.dataOffset;
  const bytes = rec.length - rec.dataOffset;
  const n = rec.numSamples;
  const le = rec.dataLittleEndian;
  const short = (have: number): InputError =>
    new InputError(
      fileName,
      `corrupt data in record at byte ${rec.offset}: header says ${n} ${encodingName(rec.encoding)} samples, data section holds ${have}`,
    );
  switch (rec.encoding) {
    case ENCODING.int16:
      if (n * 2 > bytes) throw short(Math.floor(bytes / 2));
      for (let i = 0; i < n; i++) out[pos + i] = view.getInt16(start + 2 * i, le);
      return;
    case ENCODING.int32:
      if (n * 4 > bytes) throw short(Math.floor(bytes / 4));
      for (let i = 0; i < n; i++) out[pos + i] = view.getInt32(start + 4 * i, le);
      return;
    case ENCODING.float32:
      if (n * 4 > bytes) throw short(Math.floor(bytes / 4));
      for (let i = 0; i < n; i++) out[pos + i] = view.getFloat32(start + 4 * i, le);
      return;
    case ENCODING.float64:
      if (n * 8 > bytes) throw short(Math.floor(bytes / 8));
      for (let i = 0; i < n; i++) out[pos + i] = view.getFloat64(start + 8 * i, le);
      return;
    case ENCODING.steim1:
    case ENCODING.steim2: {
      const frames = Math.floor(bytes / 64);
      // At most 7 differences per word (Steim-2), 15 data words per frame.
      if (scratch.diffs.length < frames * 105) scratch.diffs = new Int32Array(frames * 105);
      const diffs = scratch.diffs;
      const got =
        rec.encoding === ENCODING.steim1
          ? steim1Differences(view, start, frames, n, le, diffs)
          : steim2Differences(view, start, frames, n, le, diffs, rec, fileName);
      if (got < n) throw short(got);
      if (n === 0) return;
      const x0 = view.getInt32(start + 4, le);
      const xn = view.getInt32(start + 8, le);
      // The first difference links to the previous record and is ignored: X0 is the sample.
      let last = x0;
      out[pos] = last;
      for (let i = 1; i < n; i++) {
        last = (last + diffs[i]!) | 0;
        out[pos + i] = last;
      }
      if (last !== xn) {
        scratch.warnings.push(
          `record at byte ${rec.offset}: last decoded sample ${last} differs from the Steim reverse integration constant ${xn} (data may be corrupt)`,
        );
      }
      return;
    }
    default:
      if (decodeLegacy(view, rec, out, pos, fileName)) return;
      throw new InputError(
        fileName,
        `record at byte ${rec.offset} uses ${encodingName(rec.encoding)} (code ${rec.encoding}); supported: int16, int32, float32, float64, Steim-1, Steim-2, GEOSCOPE, CDSN, SRO, DWWSSN`,
      );
  }
}

/** Steim-1: 2-bit codes 1 = four int8, 2 = two int16, 3 = one int32 difference. Returns the count. */
function steim1Differences(view: DataView, start: number, frames: number, n: number, le: boolean, diffs: Int32Array): number {
  let count = 0;
  for (let f = 0; f < frames && count < n; f++) {
    const frame = start + 64 * f;
    const nibbles = view.getUint32(frame, le);
    // Word 0 holds the codes; in frame 0 words 1 and 2 are X0/Xn with code 0.
    for (let w = 1; w < 16; w++) {
      const word = frame + 4 * w;
      switch ((nibbles >>> (30 - 2 * w)) & 3) {
        case 1: // bytes are stored in sequence whatever the word order
          diffs[count++] = view.getInt8(word);
          diffs[count++] = view.getInt8(word + 1);
          diffs[count++] = view.getInt8(word + 2);
          diffs[count++] = view.getInt8(word + 3);
          break;
        case 2:
          diffs[count++] = view.getInt16(word, le);
          diffs[count++] = view.getInt16(word + 2, le);
          break;
        case 3:
          diffs[count++] = view.getInt32(word, le);
          break;
      }
    }
  }
  return count;
}

/** Steim-2: like Steim-1 but codes 2 and 3 carry a 2-bit sub-code selecting 1-7 packed differences. */
function steim2Differences(
  view: DataView,
  start: number,
  frames: number,
  n: number,
  le: boolean,
  diffs: Int32Array,
  rec: RecordHeader,
  fileName: string,
): number {
  let count = 0;
  for (let f = 0; f < frames && count < n; f++) {
    const frame = start + 64 * f;
    const nibbles = view.getUint32(frame, le);
    for (let w = 1; w < 16; w++) {
      const word = frame + 4 * w;
      const code = (nibbles >>> (30 - 2 * w)) & 3;
      if (code === 0) continue;
      if (code === 1) {
        diffs[count++] = view.getInt8(word);
        diffs[count++] = view.getInt8(word + 1);
        diffs[count++] = view.getInt8(word + 2);
        diffs[count++] = view.getInt8(word + 3);
        continue;
      }
      const v = view.getInt32(word, le);
      const dnib = v >>> 30;
      // Each field is sign-extended by shifting it to the top of the word and back.
      if (code === 2) {
        if (dnib === 1) {
          diffs[count++] = (v << 2) >> 2;
        } else if (dnib === 2) {
          diffs[count++] = (v << 2) >> 17;
          diffs[count++] = (v << 17) >> 17;
        } else if (dnib === 3) {
          diffs[count++] = (v << 2) >> 22;
          diffs[count++] = (v << 12) >> 22;
          diffs[count++] = (v << 22) >> 22;
        } else {
          throw badSubcode(rec, fileName, f, w, code, dnib);
        }
      } else if (dnib === 0) {
        for (let k = 0; k < 5; k++) diffs[count++] = (v << (2 + 6 * k)) >> 26;
      } else if (dnib === 1) {
        for (let k = 0; k < 6; k++) diffs[count++] = (v << (2 + 5 * k)) >> 27;
      } else if (dnib === 2) {
        for (let k = 0; k < 7; k++) diffs[count++] = (v << (4 + 4 * k)) >> 28;
      } else {
        throw badSubcode(rec, fileName, f, w, code, dnib);
      }
    }
  }
  return count;
}

const badSubcode = (rec: RecordHeader, fileName: string, f: number, w: number, code: number, dnib: number): InputError =>
  new InputError(
    fileName,
    `corrupt Steim-2 data in record at byte ${rec.offset}: frame ${f} word ${w} has code ${code} with invalid sub-code ${dnib}`,
  );
