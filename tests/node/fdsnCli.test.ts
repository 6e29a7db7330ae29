// `seislabel fetch` as a user runs it, a real child process against the local FDSN server:
// progress and each failed request printed, then a re-run fetching only what was missing.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataPath, hasSharedData, missingDataReason, repoRoot } from '../helpers/data.js';
import { type FdsnTestServer, startFdsnServer } from '../helpers/fdsnServer.js';
import { tempDir } from '../helpers/tmp.js';

if (!hasSharedData) console.warn(`SKIPPED FDSN CLI tests: ${missingDataReason}`);

const dir = tempDir('seislabel-fdsn-cli-');
// Asynchronous: the server answering the child runs in this process's event loop.
const run = (...args: string[]): Promise<{ code: number | null; out: string; err: string }> =>
  new Promise((resolve) => {
    const p = spawn(process.execPath, [join(repoRoot, 'core/node/cli/bin.js'), ...args], { env: { ...process.env, SEISLABEL_HOME: join(dir, 'home') } });
    let out = '';
    let err = '';
    p.stdout.on('data', (d: Buffer) => (out += d.toString()));
    p.stderr.on('data', (d: Buffer) => (err += d.toString()));
    p.on('close', (code) => resolve({ code, out, err }));
  });

describe.skipIf(!hasSharedData)('seislabel fetch', () => {
  let server: FdsnTestServer;
  beforeAll(async () => {
    server = await startFdsnServer([dataPath('raw_formats/obspy/CH.BALST..LH_two_channels')]);
  });
  afterAll(() => server?.close());

  it('prints progress and the failed request, and a re-run fetches only what is missing', async () => {
    const p = join(dir, 'f.seislabel');
    const cache = join(dir, 'cache');
    expect((await run('new', p)).code).toBe(0);
    const args = ['fetch', p, '--service', server.url, '--network', 'CH', '--station', 'BALST', '--location', '--', '--channel', 'LHZ', '--start', '2025-11-10T04:00:00', '--end', '2025-11-10T06:00:00', '--cache', cache, '--window', '60', '--step', '30'];
    server.misbehave((_u, k) => (k === 2 ? { status: 204 } : undefined));
    const first = await run(...args);
    server.misbehave(null);
    expect(first.code).toBe(1);
    expect(first.out).toContain('[0/2] fetching CH.BALST..LHZ from 2025-11-10T04:00:00.000Z to 2025-11-10T05:00:00.000Z');
    expect(first.err).toContain('failed: no data for CH.BALST..LHZ from 2025-11-10T05:00:00.000Z to 2025-11-10T06:00:00.000Z (HTTP 204)');
    expect(first.out).toMatch(/2 request\(s\), 1 downloaded \(\d+ bytes\), 0 from the cache, 1 failed/);
    expect(first.out).toMatch(/imported .*cache.*\.mseed: 1 stream\(s\), \d+ window\(s\)/);

    const before = server.requests.filter((r) => r.includes('dataselect')).length;
    const again = await run(...args);
    expect(server.requests.filter((r) => r.includes('dataselect')).length - before).toBe(1);
    expect(again.out).toMatch(/2 request\(s\), 1 downloaded \(\d+ bytes\), 1 from the cache, 0 failed/);
    // The per-chunk "in the cache" line is a progress report, which is throttled and may be
    // folded into the next one; the summary above is the record of what came from the cache.
  });

  it('says which options are missing', async () => {
    const r = await run('fetch', join(dir, 'f.seislabel'), '--service', 'GFZ', '--network', 'CH');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/missing --station, --channel, --start, --end/);
  });
});
