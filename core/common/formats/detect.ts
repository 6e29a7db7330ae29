// Format sniffing by content: extensions lie (".mseed", ".D", ".ms", none at all), headers don't.
import { headerByteOrder } from './mseedRecord.js';
import { isMiniSeed3 } from './mseed.js';
import { sacByteOrder } from './sac.js';
import { looksLikeWav } from './wav.js';

/**
 * A SAC header is plausible when its version word is 6 or 7 and delta and npts are positive.
 * The file size is not compared with npts: a truncated SAC file must still be read as SAC so
 * the parser can say where it was cut.
 */
function plausibleSac(bytes: Uint8Array): boolean {
  const order = sacByteOrder(bytes);
  if (order === null) return false;
  const view = new DataView(bytes.buffer, bytes.byteOffset, 632);
  const le = order === 'le';
  const delta = view.getFloat32(0, le);
  const npts = view.getInt32(79 * 4, le);
  return Number.isFinite(delta) && delta > 0 && npts >= 0;
}

/**
 * The format of a file from its first bytes, or null when none fits. The file name only
 * breaks ties (a file that passes several checks) and is otherwise ignored.
 */
export function detectFormat(bytes: Uint8Array, fileName: string): 'mseed' | 'sac' | 'wav' | null {
  if (looksLikeWav(bytes)) return 'wav';
  const mseed = isMiniSeed3(bytes) || headerByteOrder(bytes, 0) !== null;
  const sac = plausibleSac(bytes);
  if (mseed && sac) return /\.sac$/i.test(fileName) ? 'sac' : 'mseed';
  if (mseed) return 'mseed';
  if (sac) return 'sac';
  return null;
}
