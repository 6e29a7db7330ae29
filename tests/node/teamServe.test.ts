// Two `seislabel serve --db postgres://…` processes on one team database, each with its own
// copy of the project file, as two machines behind a load balancer: an invite made on one
// opens the other, a label given through one reaches a WebSocket client of the other at
// once, a retried label is never a duplicate, picks are shared, and a PostgreSQL restart is
// survived and said.
import { createServer, connect as tcpConnect, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import WebSocket from 'ws';
import { connectWebSocket } from '../../core/common/api/wsTransport.js';
import { afterAll, describe, expect, it } from 'vitest';
import { ProjectStore } from '../../core/node/store/project.js';
import { pgClusterForFile } from '../helpers/pgCluster.js';
import { type Host, OWNER, shareProject, teamHosts, until } from '../helpers/teamHosts.js';
import { tempDir } from '../helpers/tmp.js';

const dir = tempDir('seislabel-teamserve-');
const cluster = await pgClusterForFile();
const { startHost, connect, track } = teamHosts(dir, afterAll);

describe.skipIf(!cluster)('seislabel serve --db: several hosts on one team database', () => {
  let a: Host;
  let b: Host;
  let windows: number[];
  let classes: number[];

  it('shares people and labels between hosts, pushing each label to the other host\'s clients at once', async () => {
    const src = join(dir, 'team.seislabel');
    const p = ProjectStore.create(src, [{ name: 'earthquake' }, { name: 'noise' }]);
    windows = [0, 1, 2].map((i) => p.insertWindow({
      sourceId: null, origin: 'manual', network: 'XX', station: `S${i}`, location: '', channels: ['HHZ'], startTime: i, samplingRate: 50, data: [new Float32Array(50).fill(i)],
    }));
    classes = p.listClasses().map((c) => c.id);
    const url = await cluster!.createDatabase('serve_two');
    // Each host machine has its own copy of the project file.
    await shareProject(p, src, url, ['a', 'b']);
    [a, b] = await Promise.all([startHost(join(dir, 'a.seislabel'), url), startHost(join(dir, 'b.seislabel'), url)]);
    expect(a.output()).toContain('team database postgres://postgres@127.0.0.1');

    // The owner invites a volunteer through host A; the link opens host B.
    const ownerA = await connect(a.ws, OWNER);
    const inv = await ownerA.call('people.invite', { name: 'Vera', role: 'volunteer' });
    expect(inv.ok).toBe(true);
    const token = (inv as { value: { token: string } }).value.token;
    // Host B's owner sees the new person before she labels anything.
    const ownerB = await connect(b.ws, OWNER);
    await until('Vera in host B\'s annotators', async () => ((await ownerB.call('annotators.list')) as { value: { name: string }[] }).value.some((x) => x.name === 'Vera'));
    const vera = await connect(b.ws, token);
    const who = await vera.call('session.whoami');
    expect(who).toMatchObject({ ok: true, value: { role: 'volunteer', name: 'Vera' } });

    // Vera labels through B; the owner's dashboard on A hears of it without asking.
    const res = await vera.call('labels.add', { windowId: windows[1], kind: 'class', classId: classes[1], idempotencyKey: 'vera-key-1' });
    expect(res).toEqual({ ok: true, value: expect.anything() });
    const eventId = (res as { value: { event: { id: number } } }).value.event.id;
    await until('the label on host A', () => ownerA.events.some((e) => e.event === 'labels.changed' && (e.payload as { windowId: number }).windowId === windows[1]));
    const seen = ownerA.events.find((e) => e.event === 'labels.changed')!.payload as { current: { classId: number }; by: number };
    expect(seen.current.classId).toBe(classes[1]);
    expect(seen.by).toBe((who as { value: { annotator: { id: number } } }).value.annotator.id);
    const w = await ownerA.call('windows.get', { id: windows[1] });
    expect((w as { value: { label: { classId: number } } }).value.label.classId).toBe(classes[1]);

    // Vera's answer was lost; her client sends the label again through A: still one event.
    const vera2 = await connect(a.ws, token);
    const again = await vera2.call('labels.add', { windowId: windows[1], kind: 'class', classId: classes[1], idempotencyKey: 'vera-key-1' });
    expect((again as { value: { event: { id: number } } }).value.event.id).toBe(eventId);
    const hist = await ownerA.call('labels.history', { windowId: windows[1] });
    expect((hist as { value: unknown[] }).value).toHaveLength(1);

    // Revoking on A ends Vera's session on B at her next call.
    const list = await ownerA.call('people.list');
    await ownerA.call('people.revoke', { id: (list as { value: { id: number }[] }).value[0]!.id });
    const after = await vera.call('labels.add', { windowId: windows[2], kind: 'skip' });
    expect(after).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });

    // What every host must agree on but the database does not hold is refused, with why.
    const cut = await ownerA.call('classes.create', { name: 'tremor' });
    expect(cut).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect((cut as { error: { message: string } }).error.message).toContain('team database');
  });

  it('shares picks: a P onset set through one host is on the other host\'s window, with its history', async () => {
    const ownerA = await connect(a.ws, OWNER);
    const ownerB = await connect(b.ws, OWNER);
    const pia = ((await ownerA.call('annotators.ensure', { name: 'Pia' })) as { value: { id: number } }).value.id;
    const set = await ownerA.call('picks.set', { windowId: windows[2], annotatorId: pia, phase: 'P', offsetSeconds: 0.4, uncertaintySeconds: 0.05 });
    expect(set).toMatchObject({ ok: true, value: { picks: [{ phase: 'P', offsetSeconds: 0.4, uncertaintySeconds: 0.05 }] } });
    const picksOn = async (c: typeof ownerB) => ((await c.call('windows.get', { id: windows[2] })) as { value: { picks: { phase: string; offsetSeconds: number }[] } }).value.picks;
    await until('the pick on host B', async () => (await picksOn(ownerB)).some((x) => x.phase === 'P' && x.offsetSeconds === 0.4));
    // B's clients were told, with the window's picks now.
    await until('picks.changed on host B', () => ownerB.events.some((e) => e.event === 'picks.changed'));
    expect(ownerB.events.find((e) => e.event === 'picks.changed')!.payload).toMatchObject({ windowId: windows[2], picks: [{ phase: 'P', offsetSeconds: 0.4, annotatorId: pia }] });
    // Moved on B, then removed on A: both hosts agree, and the history holds all three events.
    await ownerB.call('picks.set', { windowId: windows[2], annotatorId: pia, phase: 'P', offsetSeconds: 0.5 });
    await until('the moved pick on host A', async () => (await picksOn(ownerA)).some((x) => x.offsetSeconds === 0.5));
    await ownerA.call('picks.set', { windowId: windows[2], annotatorId: pia, phase: 'P', offsetSeconds: null });
    await until('the pick gone on host B', async () => (await picksOn(ownerB)).length === 0);
    const history = (await ownerB.call('picks.history', { windowId: windows[2] })) as { value: { offsetSeconds: number | null }[] };
    expect(history.value.map((e) => e.offsetSeconds)).toEqual([0.4, 0.5, null]);
    // A window that does not exist is refused, naming it.
    const bad = await ownerA.call('picks.set', { windowId: 987_654, annotatorId: pia, phase: 'S', offsetSeconds: 0.1 });
    expect(bad).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('says when PostgreSQL restarts, refuses labels meanwhile, and catches up after', async () => {
    const ownerA = await connect(a.ws, OWNER);
    const ownerB = await connect(b.ws, OWNER);
    const me = await ownerB.call('annotators.ensure', { name: 'Olga' });
    const olga = (me as { value: { id: number } }).value.id;
    cluster!.stop();
    await until('host A to say the connection is lost', () => a.output().includes('connection lost'));
    // A load balancer sees it too, and sends volunteers elsewhere.
    expect((await fetch(`${a.url}/health`)).status).toBe(503);
    expect(await (await fetch(`${a.url}/metrics`)).text()).toMatch(/^seislabel_team_db_up 0$/m);
    const down = await ownerB.call('labels.add', { windowId: windows[0], annotatorId: olga, kind: 'class', classId: classes[0], idempotencyKey: 'olga-key-1' });
    expect(down).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    cluster!.start();
    await until('host A to say the connection is back', () => a.output().includes('connection restored'), 30_000);
    await until('host B to say the connection is back', () => b.output().includes('connection restored'), 30_000);
    expect(await (await fetch(`${a.url}/health`)).json()).toEqual({ ok: true, db: 'ok' });
    // The client retries with its key: written once, and host A's clients see it.
    let up: Awaited<ReturnType<typeof ownerB.call>> = { ok: false, error: { code: 'internal', message: '' } };
    await until('a label to be accepted again', async () => (up = await ownerB.call('labels.add', { windowId: windows[0], annotatorId: olga, kind: 'class', classId: classes[0], idempotencyKey: 'olga-key-1' })).ok);
    expect(up.ok).toBe(true);
    await until('the label on host A', () => ownerA.events.some((e) => e.event === 'labels.changed' && (e.payload as { windowId: number }).windowId === windows[0]));
    const w = await ownerA.call('windows.get', { id: windows[0] });
    expect((w as { value: { label: { classId: number } } }).value.label.classId).toBe(classes[0]);
  });
  it('moves the app\'s connection to the other host when one is killed, and loses no acknowledged label', async () => {
    // The load balancer: a TCP proxy that sends new connections to whichever host is alive.
    let target = 0;
    const proxy = createServer((c) => {
      const up = tcpConnect(target, '127.0.0.1');
      c.pipe(up).pipe(c);
      const end = () => { c.destroy(); up.destroy(); };
      c.on('error', end).on('close', end);
      up.on('error', end).on('close', end);
    });
    await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
    const front = `127.0.0.1:${(proxy.address() as AddressInfo).port}`;
    track({ terminate: () => proxy.close() });

    const src = join(dir, 'failover.seislabel');
    const p = ProjectStore.create(src, [{ name: 'earthquake' }, { name: 'noise' }]);
    const ids = [0, 1, 2].map((i) => p.insertWindow({
      sourceId: null, origin: 'manual', network: 'XX', station: `F${i}`, location: '', channels: ['HHZ'], startTime: i, samplingRate: 50, data: [new Float32Array(50).fill(i)],
    }));
    const cls = p.listClasses()[0]!.id;
    const url = await cluster!.createDatabase('serve_failover');
    await shareProject(p, src, url, ['c', 'd']);
    const [c, d] = await Promise.all([
      startHost(join(dir, 'c.seislabel'), url, ['--allow-host', front]),
      startHost(join(dir, 'd.seislabel'), url, ['--allow-host', front]),
    ]);
    const portOf = (h: Host) => Number(new URL(h.url).port);
    target = portOf(c);

    // The app's own transport, as the browser uses it, through the front door.
    const statuses: string[] = [];
    const app = await connectWebSocket(`ws://${front}/ws?token=${OWNER}`, WebSocket as never, { firstPauseMs: 50, maxPauseMs: 500, onStatus: (x) => statuses.push(x) });
    const lee = (await app.invoke('annotators.ensure', { name: 'Lee' })) as { ok: true; value: { id: number } };
    const label = (w: number, key: string) => app.invoke('labels.add', { windowId: w, annotatorId: lee.value.id, kind: 'class', classId: cls, idempotencyKey: key });
    expect(await label(ids[0]!, 'lee-key-0001')).toMatchObject({ ok: true });

    // Host C dies with a label in flight; the balancer now sends everyone to D.
    const inFlight = label(ids[1]!, 'lee-key-0002');
    c.child.kill('SIGKILL');
    target = portOf(d);
    expect(await inFlight).toMatchObject({ ok: true });
    expect(await label(ids[2]!, 'lee-key-0003')).toMatchObject({ ok: true });
    expect(statuses).toContain('reconnecting');

    // Every acknowledged label is in the team database, once.
    const check = await connect(d.ws, OWNER);
    for (const w of ids) {
      const h = (await check.call('labels.history', { windowId: w })) as { value: { kind: string }[] };
      expect(h.value.filter((e) => e.kind === 'class')).toHaveLength(1);
    }
    app.close();
  });
});

