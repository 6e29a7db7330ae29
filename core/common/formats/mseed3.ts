// miniSEED 3 reader: records -> contiguous traces per source identifier, like the miniSEED 2
// reader, but with times kept to the nanosecond (as BigInt) for joining records and for the
// exact start written into the recording's metadata. Sample decoding is shared with
// miniSEED 2: integer and float payloads are little-endian in version 3, Steim frames stay
// big-endian in both versions, so the same decoder is told the word order per encoding.
import { InputError, streamId, type Discontinuity, type ParsedRecording, type Trace } from '../types.js';
import { createScratch, decodeRecord } from './mseedDecode.js';
import { ENCODING, type RecordHeader } from './mseedRecord.js';
import { isoNs, parseMs3Header, type Ms3Record } from './mseed3Record.js';

/** What the importer keeps of a stream besides its samples. */
export interface Ms3TraceMeta {
  sid: string;
  /** Exact first sample, ISO 8601 with nine fraction digits. */
  startTimeNs: string;
  publicationVersion: number;
  /** Distinct extra-header JSON objects of the trace's records, parsed. */
  extraHeaders: unknown[];
}

/** A parsed miniSEED 3 file: traces plus what miniSEED 3 adds (exact times, extra headers, text). */
export interface ParsedMiniSeed3 extends ParsedRecording {
  meta: { miniseed3: { traces: Ms3TraceMeta[]; texts: { sid: string; startTimeNs: string; text: string }[] } };
}

interface Segment {
  first: Ms3Record;
  records: Ms3Record[];
  numSamples: number;
  /** Where the next record should start, epoch ns. */
  endNs: bigint;
  extra: Set<string>;
}

const ratesMatch = (a: number, b: number): boolean => Math.abs(1 - a / b) < 0.0001;
const periodNs = (rate: number): bigint => BigInt(Math.round(1e9 / rate));
const utf8 = new TextDecoder('utf-8', { fatal: false });

/** The RecordHeader the shared sample decoder expects, for one miniSEED 3 record. */
function asDecodable(rec: Ms3Record): RecordHeader {
  const steim = rec.encoding === ENCODING.steim1 || rec.encoding === ENCODING.steim2;
  return {
    offset: rec.offset, length: rec.dataOffset + rec.dataLength, network: rec.network, station: rec.station, location: rec.location,
    channel: rec.channel, startTime: rec.startTime, samplingRate: rec.samplingRate, numSamples: rec.numSamples,
    encoding: rec.encoding, dataOffset: rec.dataOffset, dataLittleEndian: !steim, rateSource: `miniSEED 3 sample rate ${rec.samplingRate}`,
  };
}

function parseExtra(json: string, rec: Ms3Record, fileName: string): unknown {
  try {
    return JSON.parse(json) as unknown;
  } catch (e) {
    throw new InputError(fileName, `record at byte ${rec.offset} (${rec.sid}) has extra headers that are not JSON (${(e as Error).message})`);
  }
}

/**
 * Parses a miniSEED 3 file. Records of one source identifier join into a Trace when the next
 * starts within half a sample of where the previous ended; otherwise a Discontinuity is
 * recorded. Every record's CRC is checked before anything is decoded.
 */
export function parseMiniSeed3(bytes: Uint8Array, fileName: string): ParsedMiniSeed3 {
  if (bytes.length === 0) throw new InputError(fileName, 'empty file (0 bytes)');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const warnings: string[] = [];
  const discontinuities: Discontinuity[] = [];
  const segments: Segment[] = [];
  const open = new Map<string, Segment>();
  const texts: ParsedMiniSeed3['meta']['miniseed3']['texts'] = [];
  const checkedExtra = new Set<string>();

  for (let offset = 0; offset < bytes.length; ) {
    const rec = parseMs3Header(bytes, view, offset, fileName);
    offset += rec.length;
    // Records of a stream usually repeat the same extra headers: check each distinct text once.
    if (rec.extraHeaders !== '' && !checkedExtra.has(rec.extraHeaders)) {
      parseExtra(rec.extraHeaders, rec, fileName);
      checkedExtra.add(rec.extraHeaders);
    }
    if (rec.encoding === ENCODING.ascii) {
      const start = rec.offset + rec.dataOffset;
      texts.push({ sid: rec.sid, startTimeNs: isoNs(rec.startNs), text: utf8.decode(bytes.subarray(start, start + rec.dataLength)) });
      continue;
    }
    if (rec.numSamples === 0) continue;
    if (rec.dataLength === 0) {
      // libmseed writes such "header-only" records to describe data kept elsewhere.
      warnings.push(`${rec.sid}: record at byte ${rec.offset} states ${rec.numSamples} samples but carries no data; skipped`);
      continue;
    }
    if (!(rec.samplingRate > 0)) {
      throw new InputError(fileName, `corrupt miniSEED 3 record at byte ${rec.offset}: ${rec.numSamples} samples but sample rate ${rec.samplingRate}`);
    }
    const key = streamId(rec);
    const seg = open.get(key);
    if (seg !== undefined && ratesMatch(seg.first.samplingRate, rec.samplingRate)) {
      const offBy = rec.startNs - seg.endNs;
      const half = periodNs(seg.first.samplingRate) / 2n;
      if ((offBy < 0n ? -offBy : offBy) <= half) {
        seg.records.push(rec);
        seg.numSamples += rec.numSamples;
        seg.endNs = rec.startNs + BigInt(rec.numSamples) * periodNs(rec.samplingRate);
        if (rec.extraHeaders !== '') seg.extra.add(rec.extraHeaders);
        continue;
      }
      discontinuities.push({ streamId: key, kind: offBy > 0n ? 'gap' : 'overlap', at: Number(seg.endNs / 1000n) / 1000, seconds: Math.abs(Number(offBy)) / 1e9 });
    } else if (seg !== undefined) {
      warnings.push(`${key}: sampling rate changes from ${seg.first.samplingRate} to ${rec.samplingRate} Hz at byte ${rec.offset}; new trace started`);
    }
    const next: Segment = {
      first: rec, records: [rec], numSamples: rec.numSamples,
      endNs: rec.startNs + BigInt(rec.numSamples) * periodNs(rec.samplingRate),
      extra: new Set(rec.extraHeaders !== '' ? [rec.extraHeaders] : []),
    };
    segments.push(next);
    open.set(key, next);
  }

  const scratch = createScratch(warnings);
  const traceMeta: Ms3TraceMeta[] = [];
  const traces: Trace[] = segments.map((seg) => {
    const samples = new Float32Array(seg.numSamples);
    let pos = 0;
    for (const rec of seg.records) {
      decodeRecord(view, asDecodable(rec), samples, pos, scratch, fileName);
      pos += rec.numSamples;
    }
    const r = seg.first;
    traceMeta.push({
      sid: r.sid, startTimeNs: isoNs(r.startNs), publicationVersion: r.publicationVersion,
      extraHeaders: [...seg.extra].map((json) => parseExtra(json, r, fileName)),
    });
    return { network: r.network, station: r.station, location: r.location, channel: r.channel, samplingRate: r.samplingRate, startTime: r.startTime, samples, picks: [] };
  });
  if (texts.length) warnings.push(`${texts.length} text record(s) kept as metadata, not as samples`);
  if (traces.length === 0) warnings.push('no data samples in any record');
  return { format: 'mseed', traces, discontinuities, warnings, meta: { miniseed3: { traces: traceMeta, texts } } };
}
