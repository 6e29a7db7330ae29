// The FDSN client against a local FDSN-compatible server on 127.0.0.1 serving the real
// miniSEED files: station query, chunked dataselect into the cache, each kind of failed
// request reported on its own, cancel mid-request, resume from the cache, rate limits.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CoreError } from '../../core/common/errors.js';
import { fetchWaveforms, queryStations, type FetchOptions } from '../../core/node/fdsn/fetchData.js';
import { DEFAULT_LIMITS } from '../../core/node/fdsn/request.js';
import { type ChannelQuery, resolveService } from '../../core/node/fdsn/services.js';
import { dataPath, hasSharedData, missingDataReason } from '../helpers/data.js';
import { type FdsnTestServer, startFdsnServer } from '../helpers/fdsnServer.js';
import { tempDir } from '../helpers/tmp.js';

if (!hasSharedData) console.warn(`SKIPPED FDSN tests: ${missingDataReason}`);

const H = 3600_000;
const DAY = Date.parse('2025-11-10T00:00:00Z');
const lhz = (hours = 3): ChannelQuery => ({ network: 'CH', station: 'BALST', location: '', channel: 'LHZ', start: DAY, end: DAY + hours * H });

describe.skipIf(!hasSharedData)('FDSN client against a local server', () => {
  const dir = tempDir('seislabel-fdsn-');
  let server: FdsnTestServer;
  let n = 0;
  beforeAll(async () => {
    server = await startFdsnServer([dataPath('raw_formats/obspy/CH.BALST..LH_two_channels'), dataPath('raw_formats/obspy/BW.BGLD.__.EHE.D.2008.001.first_10_records')]);
  });
  afterAll(() => server?.close());
  const service = () => resolveService(server.url);
  const dataRequests = () => server.requests.filter((r) => r.startsWith('/fdsnws/dataselect/'));
  const run = (q: ChannelQuery, extra: Partial<FetchOptions> = {}) =>
    fetchWaveforms(service(), q, { cacheDir: join(dir, `cache${n++}`), signal: new AbortController().signal, limits: { backoffMs: 50 }, ...extra });

  it('lists the channels of the served files with their rates and time spans', async () => {
    const chans = await queryStations(service(), { ...lhz(), channel: 'LH?', location: '*' }, DEFAULT_LIMITS, new AbortController().signal);
    const served = server.channels().filter((c) => c.nslc.startsWith('CH.BALST.'));
    expect(chans.map((c) => `${c.network}.${c.station}.${c.location}.${c.channel}`).sort()).toEqual(served.map((c) => c.nslc).sort());
    for (const c of chans) {
      const s = served.find((x) => x.nslc.endsWith(`.${c.channel}`))!;
      expect(c.sampleRate).toBe(1);
      expect(c.start).toBe(s.start);
      expect(c.end).toBe(s.end);
      // miniSEED has no coordinates, and the client does not invent any.
      expect(c.latitude).toBeNull();
    }
  });

  it('fetches a channel hour by hour into the cache, each file the records of its hour', async () => {
    const before = dataRequests().length;
    const res = await run(lhz(3));
    expect(res.failures).toEqual([]);
    expect(res.requests).toBe(3);
    expect(res.downloaded).toBe(3);
    expect(dataRequests().length - before).toBe(3);
    for (const f of res.files) {
      const bytes = readFileSync(f.file);
      // 512-byte records, starting with a valid fixed header naming the channel.
      expect(bytes.length % 512).toBe(0);
      expect(bytes.subarray(8, 20).toString('latin1')).toBe('BALST  LHZCH');
    }
    expect(res.bytes).toBe(res.files.reduce((a, f) => a + readFileSync(f.file).length, 0));
  });

  it('resumes from the cache without asking for the same data again', async () => {
    const cacheDir = join(dir, 'resume');
    const first = await run(lhz(2), { cacheDir });
    expect(first.downloaded).toBe(2);
    const before = dataRequests().length;
    const again = await run(lhz(3), { cacheDir });
    expect(again.fromCache).toBe(2);
    expect(again.downloaded).toBe(1);
    expect(dataRequests().length - before).toBe(1);
    expect(dataRequests().at(-1)).toContain('starttime=2025-11-10T02%3A00%3A00.000');
  });

  it('reports 204 and 404 as "no data" for that request and fetches the others', async () => {
    server.misbehave((_u, k) => (k === 2 ? { status: 204 } : k === 3 ? { status: 404 } : undefined));
    try {
      const res = await run(lhz(3));
      expect(res.downloaded).toBe(1);
      expect(res.failures.map((f) => f.kind)).toEqual(['nodata', 'nodata']);
      expect(res.failures[0]!.message).toBe('no data for CH.BALST..LHZ from 2025-11-10T01:00:00.000Z to 2025-11-10T02:00:00.000Z (HTTP 204)');
      expect(res.failures[1]!.message).toBe('no data for CH.BALST..LHZ from 2025-11-10T02:00:00.000Z to 2025-11-10T03:00:00.000Z (HTTP 404)');
    } finally {
      server.misbehave(null);
    }
  });

  it('says so when no channel matches at all, without sending a data request', async () => {
    const before = dataRequests().length;
    const res = await run({ ...lhz(), station: 'NOPE' });
    expect(res.requests).toBe(0);
    expect(res.failures[0]!.message).toBe('no channel matches CH.NOPE..LHZ from 2025-11-10T00:00:00.000Z to 2025-11-10T03:00:00.000Z at 127.0.0.1:' + new URL(server.url).port);
    expect(dataRequests().length).toBe(before);
  });

  it('requests the codes as given when the station service fails, and says so', async () => {
    server.misbehave((u) => (u.pathname.includes('/station/') ? { status: 500 } : undefined));
    try {
      const res = await run(lhz(2), { limits: { retries: 0 } });
      expect(res.planNote).toMatch(/^station service unusable \(HTTP 500 .*\); requesting CH\.BALST\.\.LHZ as given$/);
      expect(res.failures).toEqual([]);
      expect(res.downloaded).toBe(2);
      expect(dataRequests().at(-2)).toContain('starttime=2025-11-10T00%3A00%3A00.000');
    } finally {
      server.misbehave(null);
    }
  });

  it('times out one slow request, names it, and fetches the others', async () => {
    server.misbehave((_u, k) => (k === 1 ? { delayMs: 1500 } : undefined));
    try {
      const res = await run(lhz(2), { limits: { timeoutMs: 300 } });
      expect(res.downloaded).toBe(1);
      expect(res.failures).toHaveLength(1);
      expect(res.failures[0]!.kind).toBe('timeout');
      // The first chunk starts where the channel's epoch does, as the station service says.
      expect(res.failures[0]!.message).toBe('CH.BALST..LHZ from 2025-11-10T00:01:24.580Z to 2025-11-10T01:00:00.000Z: no complete answer within 0.3 s (timeout per request)');
    } finally {
      server.misbehave(null);
    }
  });

  it('cancels a hanging request at once, leaves no partial file, and a re-run resumes', async () => {
    const cacheDir = join(dir, 'cancel');
    const abort = new AbortController();
    let hung = false;
    server.misbehave((_u, k) => {
      if (k !== 2) return undefined;
      hung = true;
      setTimeout(() => abort.abort(), 100);
      return { hang: true };
    });
    const start = Date.now();
    const err = await run(lhz(3), { cacheDir, signal: abort.signal, limits: { timeoutMs: 60_000 } }).catch((e: unknown) => e);
    server.misbehave(null);
    expect(hung).toBe(true);
    expect(err).toBeInstanceOf(CoreError);
    expect((err as CoreError).code).toBe('cancelled');
    // Far less than the 60 s timeout: the cancel reached the request in flight.
    expect(Date.now() - start).toBeLessThan(10_000);
    const left = readdirSync(cacheDir);
    expect(left.filter((f) => f.endsWith('.part'))).toEqual([]);
    expect(left.filter((f) => f.endsWith('.mseed'))).toHaveLength(1);
    const before = dataRequests().length;
    const again = await run(lhz(3), { cacheDir });
    expect(again.fromCache).toBe(1);
    expect(again.downloaded).toBe(2);
    expect(dataRequests().length - before).toBe(2);
  });

  it('waits as Retry-After asks when rate limited, then succeeds', async () => {
    let limited = 0;
    server.misbehave((_u, k) => (k === 1 ? (limited++, { status: 429, retryAfter: '1' }) : undefined));
    const messages: string[] = [];
    try {
      const start = Date.now();
      const res = await run(lhz(1), { progress: (_d, _t, m) => messages.push(m) });
      expect(res.failures).toEqual([]);
      expect(res.downloaded).toBe(1);
      expect(limited).toBe(1);
      expect(Date.now() - start).toBeGreaterThanOrEqual(950);
      expect(messages.some((m) => m.includes('HTTP 429, rate limited by the server') && m.includes('retrying in 1.0 s'))).toBe(true);
    } finally {
      server.misbehave(null);
    }
  });

  it('gives up on a rate limit after the bounded retries, with backoff, and says so', async () => {
    server.misbehave((u) => (u.pathname.includes('dataselect') ? { status: 429, retryAfter: 'soon' } : undefined));
    try {
      const before = dataRequests().length;
      const res = await run(lhz(1), { limits: { retries: 2, backoffMs: 20 } });
      expect(dataRequests().length - before).toBe(3);
      expect(res.failures[0]!.kind).toBe('rate_limit');
      expect(res.failures[0]!.message).toContain('HTTP 429, rate limited by the server: Error 429: as the test asked; gave up after 3 attempts');
    } finally {
      server.misbehave(null);
    }
  });

  it('refuses a Retry-After longer than allowed instead of stalling the run', async () => {
    server.misbehave((u) => (u.pathname.includes('dataselect') ? { status: 429, retryAfter: '3600' } : undefined));
    try {
      const res = await run(lhz(1), { limits: { maxRetryWaitMs: 5_000 } });
      expect(res.failures[0]!.message).toContain('it asks to wait 3600 s, longer than the 5 s accepted');
    } finally {
      server.misbehave(null);
    }
  });

  it('reports a malformed answer, an oversized one and a server error, keeping nothing of them', async () => {
    server.misbehave((_u, k) => (k === 1 ? { body: '<html><body>Service maintenance</body></html>' } : k === 2 ? { status: 500 } : undefined));
    try {
      const cacheDir = join(dir, 'bad');
      const res = await run(lhz(2), { cacheDir, limits: { retries: 0 } });
      expect(res.failures.map((f) => f.kind)).toEqual(['malformed', 'http']);
      expect(res.failures[0]!.message).toContain('not miniSEED (starting "<html><body>Service maintenance');
      expect(res.failures[1]!.message).toContain('HTTP 500');
      expect(existsSync(cacheDir) && readdirSync(cacheDir).filter((f) => f.endsWith('.mseed'))).toEqual([]);
      const big = await run(lhz(1), { limits: { maxBytes: 1000 } });
      expect(big.failures[0]!.kind).toBe('too_large');
      expect(big.failures[0]!.message).toContain('exceeds the 1000-byte limit per request');
    } finally {
      server.misbehave(null);
    }
  });

  it('refuses a run that would send more requests than allowed, before sending any', async () => {
    const before = dataRequests().length;
    await expect(run(lhz(24), { chunkSeconds: 60, maxRequests: 100 })).rejects.toThrow(/would send 1439 requests, more than the 100 allowed/);
    expect(dataRequests().length).toBe(before);
  });
});

describe('FDSN data centres', () => {
  it('resolves names from the table and base URLs, refusing anything else', () => {
    expect(resolveService('gfz')).toEqual({ name: 'GFZ', base: 'https://geofon.gfz-potsdam.de', known: true });
    expect(resolveService('http://127.0.0.1:8080/fdsnws/dataselect/1/')).toEqual({ name: '127.0.0.1:8080', base: 'http://127.0.0.1:8080', known: false });
    expect(() => resolveService('NOWHERE')).toThrow(/unknown data centre "NOWHERE"/);
    expect(() => resolveService('file:///etc/passwd')).toThrow(/http or https/);
  });
});
