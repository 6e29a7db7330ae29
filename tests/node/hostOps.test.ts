// What an operator needs from a host: GET /health for a load balancer (no token, says
// nothing but up or down) and GET /metrics in Prometheus' format for the owner or a scraper
// on the host machine, counting the labels written through the real WebSocket protocol.
import { afterAll, describe, expect, it } from 'vitest';
import { startServer } from '../../core/server/server.js';
import { openWs, rawGet, rpc } from '../helpers/hostClient.js';
import { newProject } from '../helpers/project.js';
import { tempDir } from '../helpers/tmp.js';

const dir = tempDir();

describe('host operations endpoints', () => {
  it('answers /health to anyone and /metrics to the owner or a local scraper, counting label writes', async () => {
    const { core, c } = await newProject(dir, 'ops.seislabel', [{ name: 'earthquake' }]);
    const p = core.requireProject();
    const windowId = p.insertWindow({ sourceId: null, origin: 'manual', network: 'XX', station: 'A', location: '', channels: ['HHZ'], startTime: 0, samplingRate: 10, data: [new Float32Array(10)] });
    const classId = p.listClasses()[0]!.id;
    const s = await startServer({ core, ownerToken: 'ops-owner-token-0123456789' });
    afterAll(() => s.close());
    const port = Number(new URL(s.url).port);

    const health = await rawGet(port, '/health');
    expect(health.status).toBe(200);
    expect(JSON.parse(health.body)).toEqual({ ok: true });

    const ws = await openWs(s.wsUrl, { headers: { authorization: 'Bearer ops-owner-token-0123456789' } });
    if (typeof ws === 'number') throw new Error(`refused ${ws}`);
    const owner = rpc(ws);
    const me = (await c.call('annotators.ensure', { name: 'owner' })).id;
    expect((await owner.call('labels.add', { windowId, annotatorId: me, kind: 'class', classId, idempotencyKey: 'key-00001' })).ok).toBe(true);
    expect((await owner.call('labels.add', { windowId: 999, annotatorId: me, kind: 'skip' })).ok).toBe(false);

    const local = await rawGet(port, '/metrics');
    expect(local.status).toBe(200);
    expect(local.body).toMatch(/^seislabel_ws_connections 1$/m);
    expect(local.body).toMatch(/^seislabel_label_write_seconds_count 1$/m);
    expect(local.body).toMatch(/^seislabel_call_errors_total 1$/m);
    expect(local.body).toMatch(/^seislabel_label_write_seconds_bucket\{le="\+Inf"\} 1$/m);
    expect(local.body).not.toMatch(/seislabel_team_db_up/);
    // Through a proxy, only the owner's token opens it.
    expect((await rawGet(port, '/metrics', { 'x-forwarded-for': '203.0.113.9' })).status).toBe(401);
    expect((await rawGet(port, '/metrics', { 'x-forwarded-for': '203.0.113.9', authorization: 'Bearer wrong-token-xxxxxxxxxxxx' })).status).toBe(401);
    expect((await rawGet(port, '/metrics', { 'x-forwarded-for': '203.0.113.9', authorization: 'Bearer ops-owner-token-0123456789' })).status).toBe(200);
    ws.terminate();
  });
});
