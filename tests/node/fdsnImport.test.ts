// fetch.start through the API against the local FDSN server: the fetched miniSEED goes
// through the normal import, so windows hold exactly the samples of the served records; a
// cancel stops the task, a re-run asks nothing again, and remote callers cannot aim the
// host at a URL of their choosing.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, type CoreClient } from '../../core/common/api/client.js';
import type { Caller } from '../../core/common/api/roles.js';
import { base64ToF32 } from '../../core/common/base64.js';
import { parseMiniSeed } from '../../core/common/formats/mseed.js';
import { parseRecordHeader } from '../../core/common/formats/mseedRecord.js';
import { inProcessTransport } from '../../core/node/api/inProcess.js';
import { Core } from '../../core/node/core.js';
import type { FetchImportResult } from '../../core/node/fdsn/fetchTask.js';
import { dataPath, hasSharedData, missingDataReason } from '../helpers/data.js';
import { type FdsnTestServer, startFdsnServer } from '../helpers/fdsnServer.js';
import { tempDir } from '../helpers/tmp.js';

if (!hasSharedData) console.warn(`SKIPPED FDSN import tests: ${missingDataReason}`);

const DAY_FILE = 'raw_formats/obspy/CH.BALST..LH_two_channels';

describe.skipIf(!hasSharedData)('fetching from an FDSN service into a project', () => {
  const dir = tempDir('seislabel-fdsn-import-');
  let server: FdsnTestServer;
  let core: Core;
  let c: CoreClient;
  let n = 0;
  beforeAll(async () => {
    server = await startFdsnServer([dataPath(DAY_FILE)]);
    core = new Core({ homeDir: join(dir, 'home') });
    c = createClient(inProcessTransport(core, { checkOutput: true }));
  });
  afterAll(async () => {
    await core?.close();
    await server?.close();
  });
  const fresh = () => c.call('projects.create', { path: join(dir, `p${n++}.seislabel`), classes: [{ name: 'earthquake' }, { name: 'noise' }] });
  const lhz = { network: 'CH', station: 'BALST', location: '', channel: 'LHZ', start: '2025-11-10T00:00:00', end: '2025-11-10T03:00:00' };
  const dataRequests = () => server.requests.filter((r) => r.startsWith('/fdsnws/dataselect/')).length;
  const fetchAndWait = async (extra: object = {}) => {
    const { taskId } = await c.call('fetch.start', { service: server.url, ...lhz, windowing: { mode: 'fixed', lengthSeconds: 30, stepSeconds: 15 }, ...extra });
    return core.tasks.wait(taskId);
  };

  it('lists the served channels through fetch.stations', async () => {
    const chans = await c.call('fetch.stations', { service: server.url, ...lhz, channel: 'LH?' });
    expect(chans.map((x) => x.channel).sort()).toEqual(['LHE', 'LHZ']);
    expect(chans.every((x) => x.sampleRate === 1 && x.location === '')).toBe(true);
  });

  it('imports fetched hours as one stream whose windows hold the served samples, across chunk boundaries', async () => {
    await fresh();
    const task = await fetchAndWait();
    expect(task.status).toBe('done');
    expect(task.errors).toEqual([]);
    const r = task.result as FetchImportResult;
    expect([r.requests, r.downloaded, r.fromCache]).toEqual([3, 3, 0]);
    expect(r.import!.failed).toEqual([]);
    const info = await c.call('projects.info');
    // The three hourly chunks were joined: one source, one stream, the boundary records once.
    expect(info.sources).toHaveLength(1);
    expect(info.streams.map((s) => s.streamId)).toEqual(['CH.BALST..LHZ']);

    const truth = parseMiniSeed(new Uint8Array(readFileSync(dataPath(DAY_FILE))), 'day').traces.filter((t) => t.channel === 'LHZ');
    const { windows, total } = await c.call('windows.list', { limit: 2000 });
    expect(total).toBeGreaterThan(600);
    const hour1 = Date.parse('2025-11-10T01:00:00Z');
    const spanning = windows.filter((w) => w.startTime! < hour1 && w.startTime! + 30_000 > hour1);
    expect(spanning.length).toBeGreaterThan(0);
    for (const w of [windows[0]!, spanning[0]!, windows.at(-1)!]) {
      const got = base64ToF32((await c.call('windows.get', { id: w.id })).samples[0]!);
      const t = truth.find((x) => x.startTime <= w.startTime! && x.startTime + (x.samples.length / x.samplingRate) * 1000 >= w.startTime! + 30_000)!;
      const i = Math.round(((w.startTime! - t.startTime) / 1000) * t.samplingRate);
      expect(got.length).toBe(30);
      expect(Array.from(got)).toEqual(Array.from(t.samples.subarray(i, i + 30)));
    }
    // Services answer in whole records (here about 5 minutes each at 1 Hz), so the data run
    // from the channel's first sample to at most one record past the asked end, and no further.
    const starts = windows.map((w) => w.startTime!);
    expect(Math.min(...starts)).toBe(truth[0]!.startTime);
    expect(Math.max(...starts) + 30_000).toBeGreaterThan(Date.parse('2025-11-10T03:00:00Z'));
    expect(Math.max(...starts) + 30_000).toBeLessThan(Date.parse('2025-11-10T03:10:00Z'));
  });

  it('asks nothing again on a re-run, and a longer re-run fetches and stores only the new hour', async () => {
    const before = dataRequests();
    const windowsBefore = (await c.call('projects.info')).windows;
    const same = await fetchAndWait();
    expect(dataRequests()).toBe(before);
    expect(same.errors).toEqual([]);
    expect((same.result as FetchImportResult).alreadyImported).toBe(3);
    expect((await c.call('projects.info')).windows).toBe(windowsBefore);

    const longer = await fetchAndWait({ end: '2025-11-10T04:00:00' });
    expect(dataRequests()).toBe(before + 1);
    expect(longer.errors).toEqual([]);
    const r = longer.result as FetchImportResult;
    expect([r.fromCache, r.downloaded, r.alreadyImported]).toEqual([3, 1, 3]);
    const info = await c.call('projects.info');
    expect(info.windows).toBeGreaterThan(windowsBefore);
    // Each served sample is stored once: the record spanning 03:00, which both the third and
    // the fourth hour returned, was not stored again.
    const bytes = new Uint8Array(readFileSync(dataPath(DAY_FILE)));
    const view = new DataView(bytes.buffer);
    let expected = 0;
    for (let off = 0; off < bytes.length; ) {
      const h = parseRecordHeader(bytes, view, off, 'day');
      if (h.channel === 'LHZ' && h.startTime < Date.parse('2025-11-10T04:00:00Z')) expected += h.numSamples;
      off += h.length;
    }
    expect(info.streams.filter((s) => s.streamId === 'CH.BALST..LHZ').reduce((a, s) => a + s.nSamples, 0)).toBe(expected);
  });

  it('finishes with a clear error per request when the service has no data', async () => {
    await fresh();
    server.misbehave((u) => (u.pathname.includes('dataselect') ? { status: 204 } : undefined));
    try {
      const task = await fetchAndWait({ start: '2025-11-10T05:00:00', end: '2025-11-10T07:00:00' });
      expect(task.status).toBe('done');
      expect(task.errors.map((e) => e.message)).toEqual([
        'no data for CH.BALST..LHZ from 2025-11-10T05:00:00.000Z to 2025-11-10T06:00:00.000Z (HTTP 204)',
        'no data for CH.BALST..LHZ from 2025-11-10T06:00:00.000Z to 2025-11-10T07:00:00.000Z (HTTP 204)',
      ]);
      expect((await c.call('projects.info')).windows).toBe(0);
    } finally {
      server.misbehave(null);
    }
  });

  it('cancels a task whose request hangs, importing nothing', async () => {
    await fresh();
    let taskId = '';
    server.misbehave((_u, k) => {
      if (k === 2) setTimeout(() => void c.call('tasks.cancel', { id: taskId }), 50);
      return k === 2 ? { hang: true } : undefined;
    });
    try {
      ({ taskId } = await c.call('fetch.start', { service: server.url, ...lhz, start: '2025-11-10T10:00:00', end: '2025-11-10T13:00:00', timeoutSeconds: 600 }));
      const task = await core.tasks.wait(taskId);
      expect(task.status).toBe('cancelled');
      expect((await c.call('projects.info')).windows).toBe(0);
    } finally {
      server.misbehave(null);
    }
  });

  it('lets only the local owner fetch from a URL or name a cache folder', async () => {
    const analyst: Caller = { role: 'analyst', personId: 1, annotatorId: 1, name: 'ana', local: false };
    const volunteer: Caller = { ...analyst, role: 'volunteer' };
    const as = (caller: Caller) => createClient(inProcessTransport(core, { caller }));
    await expect(as(analyst).call('fetch.start', { service: server.url, ...lhz })).rejects.toThrow(/only the owner at the host may fetch from a URL/);
    await expect(as(analyst).call('fetch.stations', { service: server.url, ...lhz })).rejects.toThrow(/only the owner at the host may fetch from a URL/);
    await expect(as(analyst).call('fetch.start', { service: 'GFZ', ...lhz, cacheDir: '/tmp' })).rejects.toThrow(/is a path on the host/);
    await expect(as(volunteer).call('fetch.start', { service: 'GFZ', ...lhz })).rejects.toThrow(/not allowed for the volunteer role/);
  });
});
