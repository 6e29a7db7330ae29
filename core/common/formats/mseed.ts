// miniSEED 2 reader: records -> contiguous traces per stream, gaps/overlaps reported.
//
// Why not seisplotjs (the issue suggested it)? Evaluated 3.2.2 at development time against
// libmseed 2.19.8 on the files in shared/data/raw_formats:
//  * it loads in Node only after stubbing the globals HTMLElement, HTMLDivElement and
//    customElements (its node entry still defines custom elements), which core/common must
//    not do - the stubs would leak into the renderer's process;
//  * BW.BGLD..EHE starts 150 ms late (2008-01-01T00:00:00.065 instead of libmseed's
//    2007-12-31T23:59:59.915): it ignores the header's time correction field;
//  * start times are rounded to whole ms (IQ.OBS1 .9909 s -> .991 s) and records without
//    blockette 1000 are silently assumed to be 4096 bytes;
//  * speed (parseDataRecords + seismogramSegmentPerChannel + .y, node 20, shared 2-core box,
//    tests/bench/formats.ts): Steim-1 BW.BGLD 16 vs 61 M samples/s here, Steim-2 CH.BALST
//    8.5 vs 53 M samples/s here; it also yields Int32Array needing another copy to Float32Array.
// Sample values and counts were right on all files. This reader matches libmseed's times and
// values (tests/node/formats.mseed.test.ts) and decodes straight into preallocated
// Float32Arrays; `npm run bench` prints both decoders' throughput side by side.
import { InputError, streamId, type Discontinuity, type ParsedRecording, type Trace } from '../types.js';
import { createScratch, decodeRecord } from './mseedDecode.js';
import { parseMiniSeed3 } from './mseed3.js';
import { ENCODING, headerByteOrder, parseRecordHeader, type RecordHeader } from './mseedRecord.js';
import { checkRate } from './plausible.js';

/** Records of one stream that join without a break. */
interface Segment {
  network: string;
  station: string;
  location: string;
  channel: string;
  samplingRate: number;
  records: RecordHeader[];
  numSamples: number;
}

/** libmseed's default sample-rate tolerance: rates agree when within 0.01 %. */
const ratesMatch = (a: number, b: number): boolean => Math.abs(1 - a / b) < 0.0001;

/** True when bytes start with a miniSEED 3 record ("MS" + format version 3). */
export const isMiniSeed3 = (bytes: Uint8Array): boolean => bytes.length >= 3 && bytes[0] === 0x4d && bytes[1] === 0x53 && bytes[2] === 3;

/**
 * Parses a miniSEED 2 file (a miniSEED 3 file goes to parseMiniSeed3). Consecutive records of a stream join into one Trace when the next
 * record starts within half a sample of where the previous one ended (libmseed's default
 * tolerance); otherwise a new Trace starts and a Discontinuity records the gap or overlap.
 */
export function parseMiniSeed(bytes: Uint8Array, fileName: string): ParsedRecording {
  if (bytes.length === 0) throw new InputError(fileName, 'empty file (0 bytes)');
  if (isMiniSeed3(bytes)) return parseMiniSeed3(bytes, fileName);
  if (headerByteOrder(bytes, 0) === null) {
    throw new InputError(fileName, 'not miniSEED, or its first record header is damaged: no valid miniSEED 2 record header at byte 0');
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const warnings: string[] = [];
  const discontinuities: Discontinuity[] = [];
  const segments: Segment[] = [];
  const open = new Map<string, Segment>();
  const skippedText = new Set<string>();

  // Pass 1: headers only, so every trace's length is known before any sample is decoded.
  for (let offset = 0; offset < bytes.length; ) {
    const rec = parseRecordHeader(bytes, view, offset, fileName);
    offset += rec.length;
    const key = streamId(rec);
    if (rec.numSamples === 0) continue; // e.g. detection or timing records
    if (rec.encoding === ENCODING.ascii) {
      if (!skippedText.has(key)) warnings.push(`${key}: text records (e.g. logs) skipped`);
      skippedText.add(key);
      continue;
    }
    checkRate(fileName, `sampling rate of the record at byte ${rec.offset}`, rec.samplingRate, ` (${rec.rateSource}, ${rec.numSamples} samples)`);
    const seg = open.get(key);
    if (seg !== undefined && ratesMatch(seg.samplingRate, rec.samplingRate)) {
      const prev = seg.records[seg.records.length - 1]!;
      const periodMs = 1000 / seg.samplingRate;
      // Where the next sample was expected: the end of the earlier trace.
      const expected = prev.startTime + prev.numSamples * periodMs;
      const offBy = rec.startTime - expected;
      if (Math.abs(offBy) <= periodMs / 2) {
        seg.records.push(rec);
        seg.numSamples += rec.numSamples;
        continue;
      }
      // seconds is the size of the gap or overlap, always >= 0; kind says which.
      discontinuities.push({ streamId: key, kind: offBy > 0 ? 'gap' : 'overlap', at: expected, seconds: Math.abs(offBy) / 1000 });
    } else if (seg !== undefined) {
      warnings.push(`${key}: sampling rate changes from ${seg.samplingRate} to ${rec.samplingRate} Hz at byte ${rec.offset}; new trace started`);
    }
    const next: Segment = {
      network: rec.network,
      station: rec.station,
      location: rec.location,
      channel: rec.channel,
      samplingRate: rec.samplingRate,
      records: [rec],
      numSamples: rec.numSamples,
    };
    segments.push(next);
    open.set(key, next);
  }

  // Pass 2: decode each record into its place in the trace's single buffer.
  const scratch = createScratch(warnings);
  const traces: Trace[] = segments.map((seg) => {
    const samples = new Float32Array(seg.numSamples);
    let pos = 0;
    for (const rec of seg.records) {
      decodeRecord(view, rec, samples, pos, scratch, fileName);
      pos += rec.numSamples;
    }
    return {
      network: seg.network,
      station: seg.station,
      location: seg.location,
      channel: seg.channel,
      samplingRate: seg.samplingRate,
      startTime: seg.records[0]!.startTime,
      samples,
      picks: [],
    };
  });
  if (traces.length === 0) warnings.push('no data samples in any record');
  return { format: 'mseed', traces, discontinuities, warnings };
}

