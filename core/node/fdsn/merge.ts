// Joins the cached chunks of one channel into one miniSEED file before import. Servers return
// whole records, so the record spanning a chunk boundary comes back in both chunks; imported
// chunk by chunk it would be stored twice and windows could not span the boundary. The same
// holds between the chunks of this import and those an earlier run imported.
import { randomBytes } from 'node:crypto';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { isMiniSeed3 } from '../../common/formats/mseed.js';
import { parseRecordHeader } from '../../common/formats/mseedRecord.js';

/**
 * Writes the records of `files` (in order, each record once, none that is in `exclude`) to
 * `out`. 'unmergeable', writing nothing, when a file is not plain miniSEED 2 with stated record
 * lengths (miniSEED 3, or a header this check cannot walk): the chunks are then imported one by
 * one. 'empty', writing nothing, when every record was excluded (chunks shorter than a record).
 */
export function mergeChunks(files: string[], out: string, exclude: string[] = []): 'written' | 'empty' | 'unmergeable' {
  const seen = new Set<string>();
  const parts: Uint8Array[] = [];
  for (const f of [...exclude, ...files]) {
    const keep = !exclude.includes(f);
    const bytes = new Uint8Array(readFileSync(f));
    if (isMiniSeed3(bytes)) return 'unmergeable';
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    try {
      for (let off = 0; off < bytes.length; ) {
        const h = parseRecordHeader(bytes, view, off, f);
        if (!(h.length > 0)) return 'unmergeable';
        const key = `${h.network}.${h.station}.${h.location}.${h.channel}@${h.startTime}/${h.numSamples}`;
        if (!seen.has(key)) {
          seen.add(key);
          if (keep) parts.push(bytes.subarray(off, off + h.length));
        }
        off += h.length;
      }
    } catch {
      return 'unmergeable';
    }
  }
  if (!parts.length) return 'empty';
  const part = `${out}.${process.pid}-${randomBytes(4).toString('hex')}.part`;
  writeFileSync(part, Buffer.concat(parts));
  renameSync(part, out);
  return 'written';
}
