// Clients that misbehave by volume: one floods the host with requests while another labels
// at a human pace; one asks for large windows and never reads the answers. The host must
// keep serving the quiet client in turn and cut the slow reader off before it hoards memory.
// Fairness is asserted by order (how much of the flood was served before the quiet client
// finished), not by time; `npm run bench` reports the latencies.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type WebSocket from 'ws';
import { Core } from '../../core/node/core.js';
import { startServer, type RunningServer } from '../../core/server/server.js';
import { openWs, rpc } from '../helpers/hostClient.js';
import { tempDir } from '../helpers/tmp.js';

const FLOOD = 3000;
const SAMPLES = 300_000; // 1.2 MB of float32, 1.6 MB as base64 in each windows.get answer

describe('browser-mode host under load', () => {
  const dir = tempDir();
  let core: Core;
  let s: RunningServer;
  let smallWindow: number;
  let bigWindow: number;
  const limits = { pauseBuffered: 256 * 1024, maxBuffered: 4 * 1024 * 1024, stallMs: 500 };
  const connect = async () => (await openWs(s.wsUrl, { headers: { authorization: `Bearer ${s.ownerToken}` } })) as WebSocket;

  beforeAll(async () => {
    core = new Core({ homeDir: join(dir, 'home') });
    core.createProject(join(dir, 'p.seislabel'), [{ name: 'earthquake' }, { name: 'noise' }]);
    const p = core.requireProject();
    const base = { sourceId: null, origin: 'manual' as const, network: 'XX', station: 'S', location: '', channels: ['Z'], samplingRate: 100 };
    smallWindow = p.insertWindow({ ...base, startTime: 0, data: [new Float32Array(100)] });
    bigWindow = p.insertWindow({ ...base, startTime: 10_000, data: [Float32Array.from({ length: SAMPLES }, (_, i) => Math.sin(i))] });
    s = await startServer({ core, limits });
  });
  afterAll(async () => {
    await s.close();
    await core.close();
  });

  it('serves a quiet client in turn while another floods the host', async () => {
    const floodWs = await connect();
    const quietWs = await connect();
    const flood = rpc(floodWs);
    const quiet = rpc(quietWs);
    const annotator = core.requireProject().ensureAnnotator('quiet');
    const classId = core.requireProject().listClasses()[0]!.id;

    let floodDone = 0;
    // Answers only: the flood client also hears the quiet client's labels.changed events.
    floodWs.on('message', (d) => 'id' in JSON.parse(String(d)) && floodDone++);
    for (let i = 0; i < FLOOD; i++) flood.send('classes.list');

    const servedBefore: number[] = [];
    for (let i = 0; i < 20; i++) {
      const r = await quiet.call('labels.add', { windowId: smallWindow, annotatorId: annotator.id, kind: 'class', classId });
      expect(r.ok).toBe(true);
      servedBefore.push(floodDone);
    }
    // Round-robin: each quiet call waits for a few flood calls, not for the whole flood.
    expect(servedBefore.at(-1)!).toBeLessThan(FLOOD / 2);
    // And nothing of the flood was lost: it is all answered afterwards.
    await expect.poll(() => floodDone, { timeout: 30_000 }).toBe(FLOOD);
    floodWs.close();
    quietWs.close();
  });

  it('refuses clients beyond the connection limit', async () => {
    const small = await startServer({ core, ownerToken: 'a-fixed-token-for-this-test', limits: { maxConnections: 2 } });
    const url = `${small.wsUrl}?token=a-fixed-token-for-this-test`;
    const a = await openWs(url);
    const b = await openWs(url);
    expect(await openWs(url)).toBe(503);
    (a as WebSocket).close();
    (b as WebSocket).close();
    await small.close();
  });

  it('caps the connections one invited person holds, not the owner or other people', async () => {
    const small = await startServer({ core, ownerToken: 'a-fixed-token-for-this-test', limits: { maxPerPerson: 2 } });
    const owner = rpc((await openWs(`${small.wsUrl}?token=a-fixed-token-for-this-test`)) as WebSocket);
    const invite = async (name: string) => {
      const r = await owner.call('people.invite', { name, role: 'volunteer' });
      if (!r.ok) throw new Error(r.error.message);
      return `${small.wsUrl}?token=${(r.value as { token: string }).token}`;
    };
    const vera = await invite('vera');
    const held = [await openWs(vera), await openWs(vera)] as WebSocket[];
    expect(await openWs(vera)).toBe(429);
    // Someone else and the owner still get in.
    const paul = (await openWs(await invite('paul'))) as WebSocket;
    expect(typeof paul).toBe('object');
    const extraOwner = (await openWs(`${small.wsUrl}?token=a-fixed-token-for-this-test`)) as WebSocket;
    expect(typeof extraOwner).toBe('object');
    // A closed tab gives its slot back.
    held[0]!.close();
    await expect.poll(async () => {
      const w = await openWs(vera);
      if (typeof w === 'object') w.close();
      return typeof w;
    }).toBe('object');
    for (const w of [held[1]!, paul, extraOwner]) w.close();
    await small.close();
  });

  it('cuts off a client that does not read its answers, with its unsent data bounded', async () => {
    const slowWs = await connect();
    const other = rpc(await connect());
    const slow = rpc(slowWs);
    // Stop reading at the TCP level: answers pile up in the host's send buffer.
    (slowWs as unknown as { _socket: { pause(): void } })._socket.pause();
    for (let i = 0; i < 200; i++) slow.send('windows.get', { id: bigWindow });

    await expect.poll(() => s.stats().cutOff, { timeout: 20_000 }).toBe(1);
    // 200 answers of 1.6 MB were asked for; the host held at most a few of them at a time.
    expect(s.stats().peakBuffered).toBeGreaterThan(limits.pauseBuffered);
    expect(s.stats().peakBuffered).toBeLessThan(limits.maxBuffered + 2 * 1.7 * 1024 * 1024);
    expect(await other.call('projects.current')).toMatchObject({ ok: true });
  });
});
