// The browser's transport when the host drops the connection: it comes back on its own, a
// label given meanwhile or lost in flight is stored exactly once (its idempotency key), a
// call that cannot be repeated safely fails with a message instead of being done twice, and a
// session the host ended on purpose (revoked) is not reopened.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { connectWebSocket } from '../../core/common/api/wsTransport.js';
import { Core } from '../../core/node/core.js';
import { startServer, type RunningServer } from '../../core/server/server.js';
import { tempDir } from '../helpers/tmp.js';

describe('the WebSocket transport after a lost connection', () => {
  const dir = tempDir();
  let core: Core;
  let s: RunningServer;
  let windows: number[];
  let classId: number;
  beforeAll(async () => {
    core = new Core({ homeDir: join(dir, 'home') });
    core.createProject(join(dir, 'p.seislabel'), [{ name: 'earthquake' }, { name: 'noise' }]);
    const p = core.requireProject();
    const base = { sourceId: null, origin: 'manual' as const, network: 'XX', station: 'S', location: '', channels: ['Z'], samplingRate: 100 };
    windows = [0, 1, 2, 3].map((k) => p.insertWindow({ ...base, startTime: k * 10_000, data: [new Float32Array(100)] }));
    classId = p.listClasses()[0]!.id;
    s = await startServer({ core });
  });
  afterAll(async () => {
    await s.close();
    await core.close();
  });

  const dropAll = () => {
    for (const c of s.connections()) c.ws.terminate();
  };
  const history = (windowId: number) => core.requireProject().labelHistory(windowId).filter((e) => e.kind !== 'undo');

  it('reconnects, sends what waited, and stores a label lost in flight exactly once', async () => {
    const statuses: string[] = [];
    const t = await connectWebSocket(`${s.wsUrl}?token=${s.ownerToken}`, WebSocket as never, { firstPauseMs: 20, maxPauseMs: 100, onStatus: (x) => statuses.push(x) });
    const ann = await t.invoke('annotators.ensure', { name: 'ana' });
    const annotatorId = (ann as { ok: true; value: { id: number } }).value.id;

    // Sent, then the connection drops before (or after) the host answered: resent with its key.
    const inFlight = t.invoke('labels.add', { windowId: windows[0], annotatorId, kind: 'class', classId, idempotencyKey: 'ana-key-0001' });
    dropAll();
    expect(await inFlight).toMatchObject({ ok: true });
    expect(history(windows[0]!)).toHaveLength(1);

    // Given while the connection is down: waits, then goes out once.
    dropAll();
    const meanwhile = await t.invoke('labels.add', { windowId: windows[1], annotatorId, kind: 'class', classId, idempotencyKey: 'ana-key-0002' });
    expect(meanwhile).toMatchObject({ ok: true });
    expect(history(windows[1]!)).toHaveLength(1);
    expect(statuses).toContain('reconnecting');
    expect(statuses.at(-1)).toBe('connected');

    // A call without a key is not repeated behind the user's back.
    const plain = t.invoke('labels.add', { windowId: windows[2], annotatorId, kind: 'class', classId });
    dropAll();
    const r = await plain;
    if (!r.ok) expect(r.error.message).toMatch(/may or may not have been done/);
    expect(history(windows[2]!).length).toBeLessThanOrEqual(1);
    // And the transport works again afterwards.
    expect(await t.invoke('projects.current', {})).toMatchObject({ ok: true });
    t.close();
    expect(await t.invoke('projects.current', {})).toMatchObject({ ok: false });
  });

  it('does not reopen a session the host ended on purpose', async () => {
    const owner = await connectWebSocket(`${s.wsUrl}?token=${s.ownerToken}`, WebSocket as never);
    const inv = (await owner.invoke('people.invite', { name: 'vic', role: 'volunteer' })) as { ok: true; value: { id: number; token: string } };
    const statuses: string[] = [];
    const vic = await connectWebSocket(`${s.wsUrl}?token=${inv.value.token}`, WebSocket as never, { firstPauseMs: 20, onStatus: (x) => statuses.push(x) });
    expect(await vic.invoke('session.whoami', {})).toMatchObject({ ok: true });
    expect(await owner.invoke('people.revoke', { id: inv.value.id })).toMatchObject({ ok: true });
    // The host answers the next call "signed out" and closes with 4401: final.
    expect(await vic.invoke('session.whoami', {})).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
    await expect.poll(() => statuses).toEqual(['closed']);
    expect(await vic.invoke('session.whoami', {})).toMatchObject({ ok: false, error: { message: /closed/ } });
    owner.close();
  });
});
