// Reads and parses one continuous-data file. Runs inside the parse worker (parseWorker.ts)
// so a large file never blocks the host's event loop.
import { readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { createHash } from 'node:crypto';
import { detectFormat } from '../../common/formats/detect.js';
import { headerByteOrder } from '../../common/formats/mseedRecord.js';
import { checkRecording } from '../../common/formats/plausible.js';
import { parseMiniSeed } from '../../common/formats/mseed.js';
import { parseSac } from '../../common/formats/sac.js';
import { parseWav } from '../../common/formats/wav.js';
import { InputError, type ParsedRecording } from '../../common/types.js';

/** A parsed file with what the store needs to record its source. */
export interface ParsedFile {
  path: string;
  name: string;
  bytes: number;
  sha256: string;
  recording: ParsedRecording;
}

/** Hash of a file's bytes, used to detect a file imported twice. */
export const sha256Of = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** Hash of a file's content; throws InputError naming the file when it cannot be read. */
export function hashFile(path: string): string {
  try {
    return sha256Of(readFileSync(path));
  } catch (e) {
    throw new InputError(basename(path), `cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
}

/**
 * The format of a file whose first header is damaged: by its extension, or miniSEED when a
 * valid record header follows at a record boundary (the first record alone is broken).
 */
const formatOfDamaged = (name: string, bytes: Uint8Array): 'mseed' | 'sac' | 'wav' | null => {
  if (/\.sac$/i.test(name)) return 'sac';
  if (/\.wav$/i.test(name)) return 'wav';
  if (/\.(mseed|miniseed|ms|mseed2|seed)$/i.test(name)) return 'mseed';
  for (let length = 128; length <= 8192; length *= 2) if (headerByteOrder(bytes, length) !== null) return 'mseed';
  return null;
};

/** Reads a file and parses it by its content; throws InputError naming the file and the problem. */
export function parseFile(path: string): ParsedFile {
  const name = basename(path);
  let bytes: Uint8Array;
  try {
    if (statSync(path).isDirectory()) throw new InputError(name, 'is a folder without windows.f32 (expected a miniSEED, SAC or WAV file, or a windowed-array folder)');
    bytes = readFileSync(path);
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new InputError(name, `cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  if (bytes.length === 0) throw new InputError(name, 'is empty');
  // A damaged header may no longer look like its format; the extension then picks the parser,
  // whose message ("truncated at byte N of M", the bad field) says more than "not recognised".
  const format = detectFormat(bytes, name) ?? formatOfDamaged(name, bytes);
  if (!format) throw new InputError(name, 'is not a miniSEED, SAC or WAV file (format not recognised)');
  const recording = format === 'mseed' ? parseMiniSeed(bytes, name) : format === 'sac' ? parseSac(bytes, name) : parseWav(bytes, name);
  recording.traces = recording.traces.filter((t) => t.samples.length > 0);
  if (!recording.traces.length) throw new InputError(name, 'contains no samples');
  checkRecording(name, recording);
  return { path, name, bytes: bytes.length, sha256: sha256Of(bytes), recording };
}
