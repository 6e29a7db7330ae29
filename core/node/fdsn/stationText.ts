// The fdsnws-station text format at level=channel: one header line starting with "#", then
// one "|"-separated line per channel epoch (FDSN Web Service Specifications 1.2, §3.2.2).
import { CoreError } from '../../common/errors.js';

/** One channel epoch as a station service lists it. */
export interface FdsnChannel {
  network: string;
  station: string;
  location: string;
  channel: string;
  latitude: number | null;
  longitude: number | null;
  elevation: number | null;
  depth: number | null;
  sampleRate: number | null;
  /** Epoch ms. */
  start: number;
  /** Epoch ms; null while the channel still records. */
  end: number | null;
}

const REQUIRED = ['network', 'station', 'location', 'channel', 'starttime'];

const num = (s: string | undefined): number | null => {
  if (s === undefined || s.trim() === '') return null;
  const v = Number(s);
  return Number.isFinite(v) ? v : null;
};

/** FDSN times carry no zone and mean UTC; Date would read them as local time without the Z. */
export function parseFdsnTime(s: string): number {
  const t = s.trim();
  const iso = /[zZ]|[+-]\d\d:?\d\d$/.test(t) ? t : `${t}Z`;
  const ms = Date.parse(iso);
  if (!Number.isFinite(ms)) throw new CoreError('invalid_input', `"${s}" is not an ISO time`);
  return ms;
}

/** Parses a level=channel text response; throws with the line number when it is not that format. */
export function parseStationText(text: string): FdsnChannel[] {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  const header = lines[0];
  if (!header?.startsWith('#')) throw new CoreError('bad_file', `malformed station response: expected a "#Network|Station|…" header line, got "${(header ?? '').slice(0, 60)}"`);
  const cols = header.slice(1).split('|').map((c) => c.trim().toLowerCase());
  const missing = REQUIRED.filter((c) => !cols.includes(c));
  if (missing.length) throw new CoreError('bad_file', `malformed station response: the header lacks ${missing.join(', ')} (was it asked with level=channel?)`);
  const at = (row: string[], name: string): string | undefined => {
    const i = cols.indexOf(name);
    return i < 0 ? undefined : row[i]?.trim();
  };
  return lines.slice(1).map((line, i) => {
    const row = line.split('|');
    if (row.length < cols.length) throw new CoreError('bad_file', `malformed station response line ${i + 2}: ${row.length} fields where the header has ${cols.length}`);
    let start: number;
    let end: number | null;
    try {
      start = parseFdsnTime(at(row, 'starttime')!);
      const e = at(row, 'endtime');
      end = e ? parseFdsnTime(e) : null;
    } catch (err) {
      throw new CoreError('bad_file', `malformed station response line ${i + 2}: ${(err as Error).message}`);
    }
    return {
      network: at(row, 'network')!, station: at(row, 'station')!, location: at(row, 'location')!, channel: at(row, 'channel')!,
      latitude: num(at(row, 'latitude')), longitude: num(at(row, 'longitude')), elevation: num(at(row, 'elevation')), depth: num(at(row, 'depth')),
      sampleRate: num(at(row, 'samplerate')), start, end,
    };
  });
}
