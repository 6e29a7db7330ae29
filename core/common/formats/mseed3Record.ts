// miniSEED 3 record header (FDSN miniSEED 3, 2023): a 40-byte little-endian fixed header,
// the source identifier, extra headers as JSON, then the data payload. Every record carries
// a CRC-32C of itself, so corruption is found here rather than as odd samples later.
import { InputError } from '../types.js';

export const MS3_FIXED_HEADER_BYTES = 40;

/** One record's header, with the payload's place in the file. */
export interface Ms3Record {
  offset: number;
  length: number;
  sid: string;
  network: string;
  station: string;
  location: string;
  channel: string;
  /** First sample, epoch nanoseconds: exact, unlike `startTime`. */
  startNs: bigint;
  /** First sample, epoch ms (rounded to what a double holds: ~0.25 us today). */
  startTime: number;
  samplingRate: number;
  numSamples: number;
  encoding: number;
  flags: number;
  publicationVersion: number;
  /** The extra headers as stored (JSON text, '' when absent). */
  extraHeaders: string;
  dataOffset: number;
  dataLength: number;
}

// CRC-32C (Castagnoli), reflected polynomial 0x82F63B78, as the standard requires.
const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0x82f63b78 : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

/** Continues a CRC-32C over bytes[start, end); pass the previous result as `crc` (0 to begin). */
export function crc32c(bytes: Uint8Array, start = 0, end = bytes.length, crc = 0): number {
  let c = ~crc >>> 0;
  for (let i = start; i < end; i++) c = CRC_TABLE[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return ~c >>> 0;
}

/** CRC-32C of a record as the standard defines it: the CRC field (bytes 28-31) counted as zeros. */
export function recordCrc(bytes: Uint8Array, offset: number, length: number): number {
  let crc = crc32c(bytes, offset, offset + 28);
  crc = crc32c(new Uint8Array(4), 0, 4, crc);
  return crc32c(bytes, offset + 32, offset + length, crc);
}

const hex = (v: number): string => `0x${v.toString(16).toUpperCase().padStart(8, '0')}`;

/**
 * Network, station, location and channel of an FDSN source identifier
 * (`FDSN:NET_STA_LOC_BAND_SOURCE_SUBSOURCE`). One-letter band/source/subsource codes join
 * into the SEED channel ("B_H_Z" -> "BHZ"); longer ones keep their separators, as libmseed does.
 */
export function sidToNslc(sid: string): { network: string; station: string; location: string; channel: string } | null {
  if (!sid.startsWith('FDSN:')) return null;
  const parts = sid.slice(5).split('_');
  if (parts.length !== 6) return null;
  const [network, station, location, band, source, subsource] = parts as [string, string, string, string, string, string];
  const channel = band.length === 1 && source.length === 1 && subsource.length === 1 ? `${band}${source}${subsource}` : `${band}_${source}_${subsource}`;
  return { network, station, location, channel };
}

/** Sampling rate in Hz from the header's rate-or-period field (negative = period in seconds). */
export const rateFromField = (v: number): number => (v > 0 ? v : v < 0 ? -1 / v : 0);

const utf8 = new TextDecoder('utf-8', { fatal: false });

/**
 * Parses and checks the record at `offset`: signature, lengths inside the file, time fields
 * in range and the CRC. Throws InputError naming the file and the record's byte offset.
 */
export function parseMs3Header(bytes: Uint8Array, view: DataView, offset: number, fileName: string): Ms3Record {
  const corrupt = (problem: string): InputError => new InputError(fileName, `corrupt miniSEED 3 record at byte ${offset}: ${problem}`);
  const available = bytes.length - offset;
  if (available < MS3_FIXED_HEADER_BYTES) {
    throw new InputError(fileName, `truncated: record at byte ${offset} has ${available} bytes, less than a 40-byte miniSEED 3 header`);
  }
  if (bytes[offset] !== 0x4d || bytes[offset + 1] !== 0x53) throw corrupt('no "MS" signature');
  if (bytes[offset + 2] !== 3) throw corrupt(`format version ${bytes[offset + 2]}, expected 3`);
  const flags = bytes[offset + 3]!;
  const nanosecond = view.getUint32(offset + 4, true);
  const year = view.getUint16(offset + 8, true);
  const day = view.getUint16(offset + 10, true);
  const hour = bytes[offset + 12]!;
  const minute = bytes[offset + 13]!;
  const second = bytes[offset + 14]!;
  const encoding = bytes[offset + 15]!;
  const rateField = view.getFloat64(offset + 16, true);
  const numSamples = view.getUint32(offset + 24, true);
  const storedCrc = view.getUint32(offset + 28, true);
  const publicationVersion = bytes[offset + 32]!;
  const sidLength = bytes[offset + 33]!;
  const extraLength = view.getUint16(offset + 34, true);
  const dataLength = view.getUint32(offset + 36, true);
  const length = MS3_FIXED_HEADER_BYTES + sidLength + extraLength + dataLength;
  if (length > available) throw new InputError(fileName, `truncated: miniSEED 3 record at byte ${offset} needs ${length} bytes, ${available} left`);
  if (year < 1 || year > 9999 || day < 1 || day > 366 || hour > 23 || minute > 59 || second > 60 || nanosecond > 999_999_999) {
    throw corrupt(`start time fields out of range (year ${year}, day ${day}, ${hour}:${minute}:${second}, ${nanosecond} ns)`);
  }
  if (!Number.isFinite(rateField)) throw corrupt(`sample rate/period ${rateField} is not a number`);
  const computed = recordCrc(bytes, offset, length);
  if (computed !== storedCrc) {
    throw new InputError(fileName, `miniSEED 3 record at byte ${offset} fails its CRC check: stored ${hex(storedCrc)}, computed ${hex(computed)} (record corrupt)`);
  }
  const sidStart = offset + MS3_FIXED_HEADER_BYTES;
  const sid = utf8.decode(bytes.subarray(sidStart, sidStart + sidLength));
  const nslc = sidToNslc(sid);
  if (!nslc) throw corrupt(`source identifier "${sid}" is not FDSN:NET_STA_LOC_B_S_SS`);
  const extraHeaders = utf8.decode(bytes.subarray(sidStart + sidLength, sidStart + sidLength + extraLength));
  // Date.UTC rolls a leap second (60) into the next minute, as libmseed does.
  const wholeMs = Date.UTC(year, 0, 1, hour, minute, second) + (day - 1) * 86_400_000;
  return {
    offset, length, sid, ...nslc,
    startNs: BigInt(wholeMs) * 1_000_000n + BigInt(nanosecond),
    startTime: wholeMs + nanosecond / 1e6,
    samplingRate: rateFromField(rateField),
    numSamples, encoding, flags, publicationVersion, extraHeaders,
    dataOffset: MS3_FIXED_HEADER_BYTES + sidLength + extraLength,
    dataLength,
  };
}

/** ISO 8601 with all nine fraction digits (Date's own ISO keeps three). */
export function isoNs(ns: bigint): string {
  let s = ns / 1_000_000_000n;
  if (ns < s * 1_000_000_000n) s -= 1n; // BigInt division truncates; times before 1970 need the floor
  const frac = ns - s * 1_000_000_000n;
  return `${new Date(Number(s) * 1000).toISOString().slice(0, 19)}.${frac.toString().padStart(9, '0')}Z`;
}
