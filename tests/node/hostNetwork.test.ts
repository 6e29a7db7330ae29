// The browser-mode host as a hostile network client meets it: malformed URLs, foreign Host
// and Origin headers, paths that try to leave the renderer folder, oversized messages.
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { Core } from '../../core/node/core.js';
import { startServer, type RunningServer } from '../../core/server/server.js';
import { closed, openWs, rawGet, rpc } from '../helpers/hostClient.js';
import { tempDir } from '../helpers/tmp.js';

describe('browser-mode host against hostile requests', () => {
  const dir = tempDir();
  const root = join(dir, 'renderer');
  let core: Core;
  let s: RunningServer;
  let port: number;
  // Every refusal below is made with the owner's valid token, so the check under test is the reason.
  const bearer = (headers: Record<string, string> = {}) => ({ authorization: `Bearer ${s.ownerToken}`, ...headers });
  beforeAll(async () => {
    mkdirSync(join(root, 'assets'), { recursive: true });
    writeFileSync(join(root, 'index.html'), '<!doctype html><title>app</title>');
    writeFileSync(join(root, 'assets', 'app.js'), 'console.log(1)');
    // A sibling whose name starts with the root's: the old startsWith check let it through.
    mkdirSync(join(dir, 'renderer-secret'));
    writeFileSync(join(dir, 'renderer-secret', 'key.txt'), 'SECRET');
    writeFileSync(join(dir, 'outside.txt'), 'OUTSIDE');
    symlinkSync(join(dir, 'outside.txt'), join(root, 'link.txt'));
    core = new Core({ homeDir: join(dir, 'home') });
    s = await startServer({ core, staticDir: root });
    port = Number(new URL(s.url).port);
  });
  afterAll(async () => {
    await s.close();
    await core.close();
  });

  it('answers malformed percent-escapes with 400 and keeps serving', async () => {
    for (const path of ['/x%ff', '/%', '/%E0%A4%A', '/assets/%c0%af']) expect((await rawGet(port, path)).status).toBe(400);
    expect((await rawGet(port, '/api/health')).body).toBe('{"ok":true}');
    expect((await rawGet(port, '/assets/app.js')).body).toBe('console.log(1)');
  });

  it('serves only files inside the renderer folder', async () => {
    for (const path of ['/../renderer-secret/key.txt', '/..%2frenderer-secret%2fkey.txt', '/%2e%2e/outside.txt', '/..%5coutside.txt', '/link.txt', '/x%00.js']) {
      const r = await rawGet(port, path);
      expect(r.body).not.toMatch(/SECRET|OUTSIDE/);
    }
    // Unknown app routes fall back to the page, which routes itself.
    expect((await rawGet(port, '/label/42')).body).toContain('<title>app</title>');
  });

  it('refuses a Host header naming another site (DNS rebinding) on HTTP and WebSocket', async () => {
    expect((await rawGet(port, '/', { host: `evil.example:${port}` })).status).toBe(403);
    expect((await rawGet(port, '/', { host: '127.0.0.1' })).status).toBe(403);
    expect(await openWs(s.wsUrl, { headers: bearer({ host: `evil.example:${port}` }) })).toBe(403);
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`]) expect((await rawGet(port, '/api/health', { host })).status).toBe(200);
  });

  it('refuses a WebSocket whose Origin is another site, even when Host matches it', async () => {
    expect(await openWs(s.wsUrl, { origin: 'http://evil.example', headers: bearer() })).toBe(403);
    // The old check compared Origin with Host, both chosen by the attacker.
    expect(await openWs(s.wsUrl, { origin: `http://evil.example:${port}`, headers: bearer({ host: `evil.example:${port}` }) })).toBe(403);
    expect(await openWs(s.wsUrl, { origin: 'null', headers: bearer() })).toBe(403);
    const ok = await openWs(s.wsUrl, { origin: `http://localhost:${port}`, headers: bearer() });
    expect(ok).toBeInstanceOf(WebSocket);
    (ok as WebSocket).close();
  });

  it('closes a connection that sends an oversized message, and serves the others', async () => {
    const big = (await openWs(s.wsUrl, { headers: bearer() })) as WebSocket;
    const other = (await openWs(s.wsUrl, { headers: bearer() })) as WebSocket;
    big.send(JSON.stringify({ id: 1, method: 'imports.upload', input: { name: 'a.sac', base64: 'A'.repeat(9 * 1024 * 1024) } }));
    expect(await closed(big)).toBe(1009);
    expect(await rpc(other).call('projects.current')).toEqual({ ok: true, value: null });
    other.close();
  });

  it('answers garbage frames with an error instead of dying', async () => {
    const ws = (await openWs(s.wsUrl, { headers: bearer() })) as WebSocket;
    const c = rpc(ws);
    const got = new Promise<string>((r) => ws.once('message', (d) => r(String(d))));
    ws.send('{not json');
    expect(JSON.parse(await got)).toMatchObject({ id: -1, result: { ok: false, error: { code: 'invalid_input' } } });
    expect(await c.call('no.such', {})).toMatchObject({ ok: false, error: { code: 'unknown_method' } });
    ws.close();
  });
});
