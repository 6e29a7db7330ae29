// FDSN data centres by name, and the URLs of their station and dataselect services. The table
// only spares the user from typing a base URL; any FDSN-compatible server can be named by URL.
import { CoreError } from '../../common/errors.js';
import { DATA_CENTRES } from '../../common/fdsnCentres.js';

export { DATA_CENTRES };

/** A data centre the user named: its display name and base URL (no trailing slash). */
export interface FdsnService {
  name: string;
  base: string;
  /** Whether it came from the table (a known public data centre) rather than a URL. */
  known: boolean;
}

/** Resolves a data-centre name (case-insensitive) or an http(s) base URL. */
export function resolveService(nameOrUrl: string): FdsnService {
  const key = nameOrUrl.trim().toUpperCase();
  const known = DATA_CENTRES[key];
  if (known) return { name: key, base: known, known: true };
  let url: URL;
  try {
    url = new URL(nameOrUrl.trim());
  } catch {
    throw new CoreError('invalid_input', `unknown data centre "${nameOrUrl}": use one of ${Object.keys(DATA_CENTRES).join(', ')} or an http(s) URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new CoreError('invalid_input', `data centre URL must be http or https, got "${nameOrUrl}"`);
  if (url.search || url.hash) throw new CoreError('invalid_input', `data centre URL must be a base URL without query or fragment, got "${nameOrUrl}"`);
  // A user may paste the service URL itself; the base is what precedes /fdsnws.
  const path = url.pathname.replace(/\/fdsnws(\/.*)?$/, '').replace(/\/+$/, '');
  return { name: url.host, base: `${url.origin}${path}`, known: false };
}

/** What to ask for: FDSN codes (wildcards * and ? allowed) and a time range (epoch ms). */
export interface ChannelQuery {
  network: string;
  station: string;
  /** "--" or "" asks for the empty location code. */
  location: string;
  channel: string;
  start: number;
  end: number;
}

/** FDSN time parameters: ISO without the Z, which some servers refuse. */
export const fdsnTime = (ms: number): string => new Date(ms).toISOString().replace(/Z$/, '');

const codes = (q: ChannelQuery): [string, string][] => [
  ['net', q.network],
  ['sta', q.station],
  // The empty location code travels as "--", the FDSN convention for blank.
  ['loc', q.location === '' ? '--' : q.location],
  ['cha', q.channel],
  ['starttime', fdsnTime(q.start)],
  ['endtime', fdsnTime(q.end)],
];

/** fdsnws-station query for the channels matching a query, as text. */
export function stationUrl(service: FdsnService, q: ChannelQuery): string {
  const params = new URLSearchParams([...codes(q), ['level', 'channel'], ['format', 'text'], ['nodata', '404']]);
  return `${service.base}/fdsnws/station/1/query?${params.toString()}`;
}

/** fdsnws-dataselect query for miniSEED of one channel (or pattern) over a time range. */
export function dataselectUrl(service: FdsnService, q: ChannelQuery): string {
  const params = new URLSearchParams([...codes(q), ['nodata', '404']]);
  return `${service.base}/fdsnws/dataselect/1/query?${params.toString()}`;
}

/** NET.STA.LOC.CHA as shown in messages. */
export const nslc = (q: Pick<ChannelQuery, 'network' | 'station' | 'location' | 'channel'>): string =>
  `${q.network}.${q.station}.${q.location === '--' ? '' : q.location}.${q.channel}`;
