// A small FDSN-compatible server for tests, on 127.0.0.1 only. It serves the real miniSEED
// files of ../shared/data: fdsnws-station (text, level=channel) built from the records'
// headers, fdsnws-dataselect returning the whole records that overlap the asked time range.
// A test can make it misbehave per request (no data, rate limit, slow, hang, garbage).
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseRecordHeader } from '../../core/common/formats/mseedRecord.js';

/** One record of a served file, with its channel and time span (epoch ms). */
interface Rec {
  nslc: [string, string, string, string];
  start: number;
  end: number;
  rate: number;
  bytes: Uint8Array;
}

/** What the server does with one request instead of answering it properly. */
export type Misbehaviour =
  | { status: 204 | 404 | 500 | 503 }
  | { status: 429; retryAfter: string }
  | { delayMs: number }
  | { hang: true }
  | { body: string };

export interface FdsnTestServer {
  url: string;
  /** Every request received, path and query, in order. */
  requests: string[];
  /**
   * Sets what decides per request (n counts dataselect requests from 1 after this call, 0 for
   * others; undefined answers properly); null answers every request properly.
   */
  misbehave(decide: ((url: URL, n: number) => Misbehaviour | undefined) | null): void;
  /** Channels served, with their records' first and last times. */
  channels(): { nslc: string; start: number; end: number; rate: number; records: number }[];
  close(): Promise<void>;
}

/** Indexes every record of the files (miniSEED 2 with blockette 1000). */
function indexRecords(files: string[]): Rec[] {
  const recs = new Map<string, Rec>();
  for (const f of files) {
    const bytes = new Uint8Array(readFileSync(f));
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    for (let off = 0; off < bytes.length; ) {
      const h = parseRecordHeader(bytes, view, off, f);
      const end = h.startTime + (h.numSamples / h.samplingRate) * 1000;
      const rec: Rec = { nslc: [h.network, h.station, h.location, h.channel], start: h.startTime, end, rate: h.samplingRate, bytes: bytes.subarray(off, off + h.length) };
      // The same record can sit in two files (a day file and a two-channel extract).
      recs.set(`${rec.nslc.join('.')}@${h.startTime}`, rec);
      off += h.length;
    }
  }
  return [...recs.values()].sort((a, b) => a.start - b.start);
}

/** FDSN code pattern: comma-separated, * and ? wildcards, "--" for the empty location. */
function matcher(pattern: string | null): (code: string) => boolean {
  if (pattern === null || pattern === '') return () => true;
  const res = pattern.split(',').map((p) => (p === '--' ? /^$/ : new RegExp(`^${p.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`)));
  return (code) => res.some((r) => r.test(code));
}

const time = (s: string | null, fallback: number): number => (s ? Date.parse(/[zZ]$/.test(s) ? s : `${s}Z`) : fallback);
const iso = (ms: number): string => new Date(ms).toISOString().replace(/Z$/, '');

function select(recs: Rec[], u: URL): Rec[] {
  const q = u.searchParams;
  const m = ['net', 'sta', 'loc', 'cha'].map((k) => matcher(q.get(k)));
  const start = time(q.get('starttime'), -Infinity);
  const end = time(q.get('endtime'), Infinity);
  return recs.filter((r) => r.nslc.every((c, i) => m[i]!(c)) && r.start < end && r.end > start);
}

function stationText(recs: Rec[]): string {
  const byChannel = new Map<string, { r: Rec; start: number; end: number }>();
  for (const r of recs) {
    const key = r.nslc.join('.');
    const c = byChannel.get(key);
    if (!c) byChannel.set(key, { r, start: r.start, end: r.end });
    else c.end = Math.max(c.end, r.end);
  }
  const lines = ['#Network | Station | Location | Channel | Latitude | Longitude | Elevation | Depth | Azimuth | Dip | SensorDescription | Scale | ScaleFreq | ScaleUnits | SampleRate | StartTime | EndTime'];
  // miniSEED carries no coordinates; the fields stay empty rather than invent a place.
  for (const c of byChannel.values()) lines.push([...c.r.nslc, '', '', '', '', '', '', '', '', '', '', c.r.rate, iso(c.start), iso(c.end)].join('|'));
  return `${lines.join('\n')}\n`;
}

/** Starts the server on 127.0.0.1 with an ephemeral port. */
export async function startFdsnServer(files: string[]): Promise<FdsnTestServer> {
  const recs = indexRecords(files);
  const open = new Set<ServerResponse>();
  let dataselects = 0;
  let decide: Parameters<FdsnTestServer['misbehave']>[0] = null;
  const state: FdsnTestServer = {
    url: '',
    requests: [],
    misbehave: (d) => {
      decide = d;
      dataselects = 0;
    },
    channels: () => {
      const m = new Map<string, { nslc: string; start: number; end: number; rate: number; records: number }>();
      for (const r of recs) {
        const k = r.nslc.join('.');
        const c = m.get(k) ?? { nslc: k, start: r.start, end: r.end, rate: r.rate, records: 0 };
        c.end = Math.max(c.end, r.end);
        c.records++;
        m.set(k, c);
      }
      return [...m.values()];
    },
    close: () => new Promise((resolve) => {
      for (const res of open) res.destroy();
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    open.add(res);
    res.on('close', () => open.delete(res));
    const u = new URL(req.url ?? '/', 'http://127.0.0.1');
    state.requests.push(`${u.pathname}${u.search}`);
    const isData = u.pathname === '/fdsnws/dataselect/1/query';
    const bad = decide?.(u, isData ? ++dataselects : 0);
    if (bad && 'hang' in bad) return;
    if (bad && 'delayMs' in bad) await new Promise((r) => setTimeout(r, bad.delayMs));
    if (bad && 'status' in bad) {
      if (bad.status === 429) res.setHeader('Retry-After', bad.retryAfter);
      res.writeHead(bad.status).end(bad.status === 204 ? undefined : `Error ${bad.status}: as the test asked\n`);
      return;
    }
    if (bad && 'body' in bad) {
      res.writeHead(200, { 'content-type': 'application/vnd.fdsn.mseed' }).end(bad.body);
      return;
    }
    const found = u.pathname.startsWith('/fdsnws/') ? select(recs, u) : null;
    const nodata = u.searchParams.get('nodata') === '404' ? 404 : 204;
    if (found === null) res.writeHead(404).end('Error 404: no such service\n');
    else if (!found.length) res.writeHead(nodata).end(nodata === 204 ? undefined : 'Error 404: No data matches the selection\n');
    else if (u.pathname === '/fdsnws/station/1/query') {
      // A channel epoch spans all its records, not only those inside the asked range.
      const keys = new Set(found.map((r) => r.nslc.join('.')));
      res.writeHead(200, { 'content-type': 'text/plain' }).end(stationText(recs.filter((r) => keys.has(r.nslc.join('.')))));
    }
    else if (isData) res.writeHead(200, { 'content-type': 'application/vnd.fdsn.mseed' }).end(Buffer.concat(found.map((r) => r.bytes)));
    else res.writeHead(404).end('Error 404: no such service\n');
  };
  const server = createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return state;
}
