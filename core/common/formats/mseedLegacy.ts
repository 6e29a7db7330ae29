// Legacy SEED data encodings that old networks wrote and libmseed still decodes (SEED 2.4
// manual, appendix B, and libmseed's documented formulas): GEOSCOPE 24-bit and 16-bit gain
// ranged (3- and 4-bit exponent), CDSN and SRO 16-bit gain ranged, DWWSSN 16-bit integers.
// Each word is one sample, so these decode without any state between records.
import { InputError } from '../types.js';
import { encodingName, type RecordHeader } from './mseedRecord.js';

/** SEED codes of the legacy encodings decoded here. */
export const LEGACY_ENCODING = {
  geoscope24: 12,
  geoscope163: 13,
  geoscope164: 14,
  cdsn: 16,
  sro: 30,
  dwwssn: 32,
} as const;

const LEGACY_CODES = new Set<number>(Object.values(LEGACY_ENCODING));

/** True when decodeLegacy handles this encoding code. */
export const isLegacyEncoding = (code: number): boolean => LEGACY_CODES.has(code);

// CDSN: 2-bit gain key -> power of two of the multiplier (keys 0..3 = x1, x4, x16, x128).
const CDSN_SHIFT = [0, 2, 4, 7];

/**
 * One sample from a 16-bit gain-ranged or plain 16-bit word. Returns null where the word
 * cannot be a valid sample (an SRO exponent outside 0..10).
 */
function sample16(code: number, word: number): number | null {
  switch (code) {
    case LEGACY_ENCODING.geoscope163:
      // 12-bit mantissa offset by 2048, divided by 2^(3-bit gain).
      return ((word & 0x0fff) - 2048) / 2 ** ((word & 0x7000) >> 12);
    case LEGACY_ENCODING.geoscope164:
      return ((word & 0x0fff) - 2048) / 2 ** ((word & 0xf000) >> 12);
    case LEGACY_ENCODING.cdsn:
      // 14-bit mantissa biased by 8191, times 2^(gain key's shift).
      return ((word & 0x3fff) - 0x1fff) * 2 ** CDSN_SHIFT[(word & 0xc000) >> 14]!;
    case LEGACY_ENCODING.sro: {
      // 12-bit two's-complement mantissa times 2^(10 - gain range).
      const mantissa = (word & 0x0fff) > 0x7ff ? (word & 0x0fff) - 0x1000 : word & 0x0fff;
      const exponent = 10 - ((word & 0xf000) >> 12);
      return exponent < 0 ? null : mantissa * 2 ** exponent;
    }
    default: // DWWSSN: plain two's-complement 16-bit integers
      return word > 0x7fff ? word - 0x10000 : word;
  }
}

/**
 * Decodes a record in a legacy encoding into out[pos .. pos + rec.numSamples); returns false
 * when the encoding is not one of these. Word order follows blockette 1000 like the others.
 */
export function decodeLegacy(view: DataView, rec: RecordHeader, out: Float32Array, pos: number, fileName: string): boolean {
  if (!isLegacyEncoding(rec.encoding)) return false;
  const start = rec.offset + rec.dataOffset;
  const bytes = rec.length - rec.dataOffset;
  const n = rec.numSamples;
  const le = rec.dataLittleEndian;
  const width = rec.encoding === LEGACY_ENCODING.geoscope24 ? 3 : 2;
  if (n * width > bytes) {
    throw new InputError(
      fileName,
      `corrupt data in record at byte ${rec.offset}: header says ${n} ${encodingName(rec.encoding)} samples, data section holds ${Math.floor(bytes / width)}`,
    );
  }
  if (width === 3) {
    for (let i = 0; i < n; i++) {
      const b = start + 3 * i;
      const u = le
        ? view.getUint8(b) | (view.getUint8(b + 1) << 8) | (view.getUint8(b + 2) << 16)
        : (view.getUint8(b) << 16) | (view.getUint8(b + 1) << 8) | view.getUint8(b + 2);
      out[pos + i] = u > 0x7fffff ? u - 0x1000000 : u;
    }
    return true;
  }
  for (let i = 0; i < n; i++) {
    const v = sample16(rec.encoding, view.getUint16(start + 2 * i, le));
    if (v === null) {
      throw new InputError(fileName, `corrupt SRO data in record at byte ${rec.offset}: sample ${i} has a gain range above 10`);
    }
    out[pos + i] = v;
  }
  return true;
}
