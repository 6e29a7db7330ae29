// Identities and roles on the real host over HTTP and WebSocket: who gets in with which
// token, what each role may call, and that labels belong to the signed-in person.
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { Core } from '../../core/node/core.js';
import { startServer, type RunningServer } from '../../core/server/server.js';
import { closed, openWs, rawGet, rpc } from '../helpers/hostClient.js';
import { tempDir } from '../helpers/tmp.js';

type Rpc = ReturnType<typeof rpc>;

describe('browser-mode host: tokens and roles', () => {
  const dir = tempDir();
  const projectPath = join(dir, 'p.seislabel');
  let core: Core;
  let s: RunningServer;
  let port: number;
  let owner: Rpc;
  let windowIds: number[];
  const open = async (token: string, headers: Record<string, string> = {}) => {
    const ws = await openWs(s.wsUrl, { headers: { authorization: `Bearer ${token}`, ...headers } });
    if (!(ws instanceof WebSocket)) throw new Error(`refused with ${ws}`);
    return { ws, c: rpc(ws) };
  };
  const invite = async (name: string, role: string, extra: object = {}) => {
    const r = await owner.call('people.invite', { name, role, ...extra });
    if (!r.ok) throw new Error(r.error.message);
    return r.value as { id: number; token: string };
  };

  beforeAll(async () => {
    core = new Core({ homeDir: join(dir, 'home') });
    s = await startServer({ core });
    port = Number(new URL(s.url).port);
    owner = (await open(s.ownerToken!)).c;
    expect(await owner.call('projects.create', { path: projectPath, classes: [{ name: 'earthquake' }, { name: 'noise' }] })).toMatchObject({ ok: true });
    const p = core.requireProject();
    for (let i = 0; i < 4; i++) p.insertWindow({ sourceId: null, origin: 'manual', network: 'XX', station: 'S', location: '', channels: ['Z'], startTime: i * 1000, samplingRate: 100, data: [new Float32Array(100)] });
    windowIds = p.listWindows().windows.map((w) => w.id);
  });
  afterAll(async () => {
    await s.close();
    await core.close();
  });

  it('refuses connections without a token or with a wrong one', async () => {
    expect(await openWs(s.wsUrl)).toBe(401);
    expect(await openWs(s.wsUrl, { headers: { authorization: 'Bearer nope' } })).toBe(401);
    expect(await openWs(`${s.wsUrl}?token=${'x'.repeat(43)}`)).toBe(401);
    expect(await openWs(s.wsUrl, { headers: { cookie: `seislabel-token-${port}=wrong` } })).toBe(401);
    expect(await openWs(s.wsUrl, { headers: { cookie: `seislabel-token-${port}=%ff` } })).toBe(401);
    expect((await rawGet(port, '/api/session')).status).toBe(401);
  });

  it('trades the token in a link for an HttpOnly cookie and strips it from the address', async () => {
    const r = await rawGet(port, `/?token=${s.ownerToken}&view=volunteer`);
    expect(r.status).toBe(303);
    expect(r.headers.location).toBe('/?view=volunteer');
    const cookie = String(r.headers['set-cookie']);
    expect(cookie).toMatch(new RegExp(`^seislabel-token-${port}=`));
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const jar = cookie.split(';')[0]!;
    expect((await rawGet(port, '/api/session', { cookie: jar })).body).toContain('"role":"owner"');
    expect(await openWs(s.wsUrl, { headers: { cookie: jar } })).toBeInstanceOf(WebSocket);
    expect((await rawGet(port, '/?token=forged')).status).toBe(401);
    // The redirect stays on this host whatever the path looks like.
    for (const path of ['//evil.example/', '/%5Cevil.example/', '/\\evil.example/', '///evil.example/x', '/x/..//evil.example/', '/.//evil.example/']) {
      expect((await rawGet(port, `${path}?token=${s.ownerToken}`)).headers.location, path).toMatch(/^\/(?![/\\])/);
    }
  });

  it('keeps only the hash of an invite token in the project', async () => {
    const { token } = await invite('hash-check', 'reviewer');
    const db = new Database(projectPath, { readonly: true });
    const rows = db.prepare('SELECT token_sha256 FROM access_tokens').all() as { token_sha256: string }[];
    db.close();
    expect(rows.map((r) => r.token_sha256)).toContain(createHash('sha256').update(token).digest('hex'));
    expect(JSON.stringify(rows)).not.toContain(token);
  });

  it('lets a volunteer fetch windows, label as themselves and undo — nothing else', async () => {
    const ann = await owner.call('annotators.ensure', { name: 'lead' });
    const leadId = (ann as { value: { id: number } }).value.id;
    await owner.call('labels.add', { windowId: windowIds[0], annotatorId: leadId, kind: 'skip' });
    const { token } = await invite('vera', 'volunteer');
    const { c, ws } = await open(token);
    const me = await c.call('session.whoami');
    expect(me).toMatchObject({ ok: true, value: { role: 'volunteer', name: 'vera', annotator: { name: 'vera' } } });
    const veraId = (me as { value: { annotator: { id: number } } }).value.annotator.id;

    // Others' labels are hidden from a volunteer.
    const list = (await c.call('windows.list')) as { ok: true; value: { windows: { id: number; label: unknown }[] } };
    expect(list.value.windows.find((w) => w.id === windowIds[0])!.label).toBeNull();
    expect(await c.call('windows.get', { id: windowIds[0] })).toMatchObject({ ok: true, value: { label: null } });
    expect(await c.call('classes.list')).toMatchObject({ ok: true });
    // Where the project file lives on the host is not a volunteer's business: its name only.
    const cur = (await c.call('projects.current')) as { ok: true; value: { path: string; name: string } };
    expect(cur.ok).toBe(true);
    expect(cur.value.path).not.toContain('/');
    expect(cur.value.path).toMatch(/\.seislabel$/);

    const classes = (await owner.call('classes.list')) as { value: { id: number }[] };
    const added = await c.call('labels.add', { windowId: windowIds[1], kind: 'class', classId: classes.value[0]!.id });
    expect(added).toMatchObject({ ok: true, value: { event: { annotatorId: veraId } } });
    // Naming another annotator is refused, not silently rewritten.
    expect(await c.call('labels.add', { windowId: windowIds[2], annotatorId: leadId, kind: 'skip' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await c.call('labels.undo', {})).toMatchObject({ ok: true, value: { undone: { annotatorId: veraId } } });
    expect(await c.call('labels.undo', { annotatorId: leadId })).toMatchObject({ ok: false, error: { code: 'forbidden' } });

    const denied: [string, unknown][] = [
      ['classes.create', { name: 'sneaky' }],
      ['classes.update', { id: classes.value[0]!.id, name: 'renamed' }],
      ['classes.archive', { id: classes.value[0]!.id }],
      ['labels.history', { windowId: windowIds[0] }],
      ['maps.labelWindows', { windowIds, kind: 'skip' }],
      ['projects.info', {}],
      ['projects.open', { path: '/etc/passwd' }],
      ['projects.create', { path: join(dir, 'v.seislabel') }],
      ['imports.start', { paths: ['/etc/passwd'] }],
      ['imports.upload', { name: 'a.sac', base64: '' }],
      ['insights.simulation', { path: '/etc/passwd' }],
      ['people.invite', { name: 'friend', role: 'analyst' }],
      ['people.list', {}],
      ['annotators.ensure', { name: 'lead' }],
      ['models.train', {}],
      ['models.import', { paths: ['/etc/passwd'] }],
    ];
    for (const [m, input] of denied) expect([m, await c.call(m, input)]).toMatchObject([m, { ok: false, error: { code: 'forbidden' } }]);
    ws.close();
  });

  it('keeps a reviewer read-only', async () => {
    const { token } = await invite('rita', 'reviewer');
    const { c, ws } = await open(token);
    expect(await c.call('projects.info')).toMatchObject({ ok: true });
    expect(await c.call('labels.history', { windowId: windowIds[0] })).toMatchObject({ ok: true });
    for (const m of ['labels.add', 'labels.undo', 'classes.create', 'windows.cut', 'al.nextBatch']) {
      expect([m, await c.call(m, { windowId: windowIds[0], kind: 'skip', name: 'x' })]).toMatchObject([m, { ok: false, error: { code: 'forbidden' } }]);
    }
    ws.close();
  });

  it('never lets a path on the host be named except by the owner at the machine', async () => {
    const { token } = await invite('ana', 'analyst');
    const { c, ws } = await open(token);
    for (const [m, input] of [
      ['insights.simulation', { path: '/etc/passwd' }],
      ['imports.start', { paths: ['/etc/passwd'] }],
      ['imports.start', { paths: [join(core.uploadsDir(), '..', '..', 'etc', 'passwd')] }],
      ['imports.start', { paths: ['../../../../etc/passwd'] }],
      ['models.import', { paths: ['/etc/passwd'] }],
      ['models.import', { paths: [join(core.uploadsDir(), '..', '..', 'etc', 'passwd')] }],
      ['projects.open', { path: '/etc/passwd' }],
    ] as const) {
      const r = await c.call(m, input);
      expect([m, r]).toMatchObject([m, { ok: false, error: { code: 'forbidden' } }]);
      expect(JSON.stringify(r)).not.toContain('root:');
    }
    // An uploaded file is theirs to import.
    const up = (await c.call('imports.upload', { name: 'tiny.csv', base64: Buffer.from('a,b\n').toString('base64') })) as { ok: true; value: { path: string } };
    expect(up.ok).toBe(true);
    const started = await c.call('imports.start', { paths: [up.value.path] });
    expect(started).toMatchObject({ ok: true });
    ws.close();

    // The owner behind a proxy is not at the machine: the same token loses the paths.
    const proxied = await open(s.ownerToken!, { 'x-forwarded-for': '203.0.113.9' });
    expect(await proxied.c.call('projects.open', { path: projectPath })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await proxied.c.call('insights.simulation', { path: '/etc/passwd' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await proxied.c.call('people.list')).toMatchObject({ ok: true });
    proxied.ws.close();
  });

  it('ends a session at its next call once its link is revoked, and refuses the link after', async () => {
    const inv = await invite('rob', 'volunteer');
    const { c, ws } = await open(inv.token);
    expect(await c.call('classes.list')).toMatchObject({ ok: true });
    expect(await owner.call('people.revoke', { id: inv.id })).toMatchObject({ ok: true });
    const gone = closed(ws);
    expect(await c.call('classes.list')).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
    expect(await gone).toBe(4401);
    expect(await openWs(s.wsUrl, { headers: { authorization: `Bearer ${inv.token}` } })).toBe(401);
    const list = (await owner.call('people.list')) as { value: { id: number; active: boolean; revokedAt: number | null }[] };
    expect(list.value.find((i) => i.id === inv.id)).toMatchObject({ active: false });
  });

  it('refuses an expired link', async () => {
    const inv = await invite('eve', 'volunteer', { expiresInHours: 0.5 / 3_600_000 });
    await new Promise((r) => setTimeout(r, 5));
    expect(await openWs(s.wsUrl, { headers: { authorization: `Bearer ${inv.token}` } })).toBe(401);
  });

  it("ends invited sessions when the owner opens another project, whose people they are not", async () => {
    const inv = await invite('paul', 'volunteer');
    const { c, ws } = await open(inv.token);
    expect(await c.call('classes.list')).toMatchObject({ ok: true });
    const gone = closed(ws);
    expect(await owner.call('projects.create', { path: join(dir, 'other.seislabel') })).toMatchObject({ ok: true });
    expect(await c.call('classes.list')).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
    expect(await gone).toBe(4401);
    expect(await openWs(s.wsUrl, { headers: { authorization: `Bearer ${inv.token}` } })).toBe(401);
    expect(await owner.call('projects.open', { path: projectPath })).toMatchObject({ ok: true });
  });

  it('will not listen beyond loopback without authentication', async () => {
    await expect(startServer({ core, host: '0.0.0.0', ownerToken: null })).rejects.toThrow(/authentication/);
  });
});
