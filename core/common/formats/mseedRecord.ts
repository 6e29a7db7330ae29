// miniSEED 2 fixed-section header and blockette parsing (SEED 2.4 manual, chapter 8).
// Pure: works on a DataView over the file's bytes, never copies sample data.
import { InputError } from '../types.js';
import { show } from './plausible.js';

/** SEED data encodings this reader decodes (blockette 1000, field 3). */
export const ENCODING = {
  ascii: 0,
  int16: 1,
  int32: 3,
  float32: 4,
  float64: 5,
  steim1: 10,
  steim2: 11,
} as const;

const ENCODING_NAMES: Record<number, string> = {
  0: 'ASCII text',
  1: 'int16',
  2: 'int24',
  3: 'int32',
  4: 'float32',
  5: 'float64',
  10: 'Steim-1',
  11: 'Steim-2',
  12: 'GEOSCOPE 24-bit',
  13: 'GEOSCOPE 16/3',
  14: 'GEOSCOPE 16/4',
  15: 'US National Network',
  16: 'CDSN',
  17: 'Graefenberg',
  18: 'IPG Strasbourg',
  19: 'Steim-3',
  30: 'SRO',
  31: 'HGLP',
  32: 'DWWSSN',
  33: 'RSTN',
};

/** Human name of a SEED encoding code, for messages. */
export const encodingName = (code: number): string => ENCODING_NAMES[code] ?? `unknown encoding ${code}`;

/** What the reader needs from one record's header. */
export interface RecordHeader {
  offset: number;
  length: number;
  network: string;
  station: string;
  location: string;
  channel: string;
  /** First sample, epoch ms, with blockette 1001 microseconds and any pending time correction. */
  startTime: number;
  samplingRate: number;
  /** Where samplingRate came from, for messages (the factor/multiplier pair or blockette 100). */
  rateSource: string;
  numSamples: number;
  encoding: number;
  dataOffset: number;
  /** Byte order of the data words (blockette 1000 word order), not of the header. */
  dataLittleEndian: boolean;
}

const FIXED_HEADER_BYTES = 48;
const MIN_RECORD_EXP = 7; // 128 bytes
const MAX_RECORD_EXP = 20; // 1 MiB: larger is not miniSEED 2 in practice

const isDigitOrBlank = (c: number): boolean => (c >= 0x30 && c <= 0x39) || c === 0x20 || c === 0;
const isQualityCode = (c: number): boolean => c === 0x44 || c === 0x52 || c === 0x51 || c === 0x4d; // D R Q M

const validYearDay = (year: number, day: number): boolean => year >= 1900 && year <= 2100 && day >= 1 && day <= 366;

/**
 * Byte order of a fixed header, or null when the bytes at `offset` are not a plausible
 * miniSEED 2 record start (same checks as libmseed's MS_ISVALIDHEADER, plus the year test
 * libmseed uses to detect byte order).
 */
export function headerByteOrder(bytes: Uint8Array, offset: number): 'be' | 'le' | null {
  if (offset + FIXED_HEADER_BYTES > bytes.length) return null;
  for (let i = 0; i < 6; i++) if (!isDigitOrBlank(bytes[offset + i]!)) return null;
  if (!isQualityCode(bytes[offset + 6]!)) return null;
  const reserved = bytes[offset + 7]!;
  if (reserved !== 0x20 && reserved !== 0) return null;
  if (bytes[offset + 24]! > 23 || bytes[offset + 25]! > 59 || bytes[offset + 26]! > 60) return null;
  const y = offset + 20;
  if (validYearDay((bytes[y]! << 8) | bytes[y + 1]!, (bytes[y + 2]! << 8) | bytes[y + 3]!)) return 'be';
  if (validYearDay(bytes[y]! | (bytes[y + 1]! << 8), bytes[y + 2]! | (bytes[y + 3]! << 8))) return 'le';
  return null;
}

/**
 * A fixed-width code field. Spaces and NULs are padding (SEED pads with spaces, some writers
 * with NULs); any other byte outside printable ASCII means a damaged header, and dropping it
 * silently would rename the station.
 */
const code = (bytes: Uint8Array, start: number, length: number, field: string, corrupt: (p: string) => InputError): string => {
  let s = '';
  for (let i = start; i < start + length; i++) {
    const c = bytes[i]!;
    if (c > 32 && c < 127) s += String.fromCharCode(c);
    else if (c !== 32 && c !== 0) {
      const raw = String.fromCharCode(...bytes.subarray(start, start + length));
      throw corrupt(`${field} = ${show(raw)} holds a non-printable byte 0x${c.toString(16).padStart(2, '0')}`);
    }
  }
  return s;
};

/** Nominal sampling rate from the SEED factor/multiplier pair (libmseed ms_nomsamprate). */
export function nominalRate(factor: number, multiplier: number): number {
  if (factor > 0 && multiplier > 0) return factor * multiplier;
  if (factor > 0 && multiplier < 0) return -factor / multiplier;
  if (factor < 0 && multiplier > 0) return -multiplier / factor;
  if (factor < 0 && multiplier < 0) return 1 / (factor * multiplier);
  return 0;
}

/**
 * Parses the record starting at `offset`. Throws InputError naming the byte offset when the
 * header is corrupt, the record is truncated, or its length/encoding cannot be known.
 */
export function parseRecordHeader(bytes: Uint8Array, view: DataView, offset: number, fileName: string): RecordHeader {
  const corrupt = (problem: string): InputError =>
    new InputError(fileName, `corrupt record header at byte ${offset}: ${problem}`);
  const order = headerByteOrder(bytes, offset);
  if (order === null) {
    if (offset + FIXED_HEADER_BYTES > bytes.length) {
      throw new InputError(
        fileName,
        `truncated at byte ${bytes.length} of ${offset + FIXED_HEADER_BYTES}: the record at byte ${offset} has ${bytes.length - offset} bytes, less than a 48-byte header`,
      );
    }
    throw corrupt('not a valid miniSEED 2 fixed header (sequence number, quality code or start time out of range)');
  }
  const le = order === 'le';
  const year = view.getUint16(offset + 20, le);
  const day = view.getUint16(offset + 22, le);
  const fract = view.getUint16(offset + 28, le);
  if (fract > 9999) throw corrupt(`fraction of second ${fract} exceeds 9999 (units of 0.1 ms)`);
  const numSamples = view.getUint16(offset + 30, le);
  const factor = view.getInt16(offset + 32, le);
  const multiplier = view.getInt16(offset + 34, le);
  let samplingRate = nominalRate(factor, multiplier);
  let rateSource = `sample rate factor ${factor}, multiplier ${multiplier}`;
  const activityFlags = bytes[offset + 36]!;
  const numBlockettes = bytes[offset + 39]!;
  const timeCorrection = view.getInt32(offset + 40, le);
  const dataOffset = view.getUint16(offset + 44, le);
  let blocketteOffset = view.getUint16(offset + 46, le);

  let recordExp = -1;
  let encoding = -1;
  let dataLittleEndian = le;
  let microseconds = 0;
  const available = bytes.length - offset;
  for (let i = 0; i < numBlockettes && blocketteOffset !== 0; i++) {
    if (blocketteOffset < FIXED_HEADER_BYTES || blocketteOffset + 4 > available) {
      throw corrupt(`blockette ${i + 1} offset ${blocketteOffset} is outside the record`);
    }
    const b = offset + blocketteOffset;
    const type = view.getUint16(b, le);
    const next = view.getUint16(b + 2, le);
    if (type === 1000 && blocketteOffset + 8 <= available) {
      encoding = bytes[b + 4]!;
      dataLittleEndian = bytes[b + 5]! === 0;
      recordExp = bytes[b + 6]!;
    } else if (type === 1001 && blocketteOffset + 8 <= available) {
      microseconds = view.getInt8(b + 5);
    } else if (type === 100 && blocketteOffset + 12 <= available) {
      const rate = view.getFloat32(b + 4, le);
      if (Number.isFinite(rate) && rate > 0) {
        samplingRate = rate;
        rateSource = `blockette 100 rate ${show(rate)}`;
      }
    }
    // Blockettes must move forward, otherwise a corrupt chain could loop.
    if (next !== 0 && next <= blocketteOffset) throw corrupt(`blockette chain goes backwards (${blocketteOffset} -> ${next})`);
    blocketteOffset = next;
  }
  if (recordExp < 0) {
    // Without blockette 1000 neither record length nor encoding is stated in the record
    // (SEED < 2.3 data needs the dataless volume); guessing would produce garbage samples.
    throw new InputError(
      fileName,
      `record at byte ${offset} has no blockette 1000, so its length and data encoding are unknown (old SEED data is not supported)`,
    );
  }
  if (recordExp < MIN_RECORD_EXP || recordExp > MAX_RECORD_EXP) {
    throw corrupt(`record length 2^${recordExp} in blockette 1000 is not between 128 bytes and 1 MiB`);
  }
  const length = 2 ** recordExp;
  if (available < length) {
    throw new InputError(fileName, `truncated at byte ${bytes.length} of ${offset + length}: the record at byte ${offset} has ${available} of its ${length} bytes`);
  }
  if (numSamples > 0 && (dataOffset < FIXED_HEADER_BYTES || dataOffset >= length)) {
    throw corrupt(`data offset ${dataOffset} is outside the ${length}-byte record`);
  }

  // Seconds may be 60 (leap second): Date.UTC rolls it into the next minute like libmseed.
  let startTime =
    Date.UTC(year, 0, 1, bytes[offset + 24]!, bytes[offset + 25]!, bytes[offset + 26]!) +
    (day - 1) * 86_400_000 +
    fract / 10 +
    microseconds / 1000;
  // Activity flag bit 1 says the correction is already in the start time (SEED 2.4, field 12).
  if (timeCorrection !== 0 && (activityFlags & 0x02) === 0) startTime += timeCorrection / 10;

  return {
    offset,
    length,
    network: code(bytes, offset + 18, 2, 'network code', corrupt),
    station: code(bytes, offset + 8, 5, 'station code', corrupt),
    location: code(bytes, offset + 13, 2, 'location code', corrupt),
    channel: code(bytes, offset + 15, 3, 'channel code', corrupt),
    startTime,
    samplingRate,
    rateSource,
    numSamples,
    encoding,
    dataOffset,
    dataLittleEndian,
  };
}
