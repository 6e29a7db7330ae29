// models.tfjs over the browser-mode host: a CNN whose weights are under the handler's cap
// must reach the client (or be refused with a message), never get the connection cut off
// because its base64 answer is larger than the host's send buffer bound (DEFAULT_LIMITS.maxBuffered).
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { paramShapes, type CnnArch } from '../../core/common/ml/cnnArch.js';
import { Core } from '../../core/node/core.js';
import { insertModel } from '../../core/node/store/models.js';
import { startServer, type RunningServer } from '../../core/server/server.js';
import { createClient } from '../../core/common/api/client.js';
import { inProcessTransport } from '../../core/node/api/inProcess.js';
import { openWs } from '../helpers/hostClient.js';
import { tempDir } from '../helpers/tmp.js';

/** Stores a CNN record of architecture `arch` (weights all 0.001) as projectCnn stores one. */
function storeCnn(core: Core, arch: CnnArch): number {
  const p = core.requireProject();
  const classIds = p.listClasses().map((c) => c.id);
  const json = new TextEncoder().encode(JSON.stringify({ options: { channels: arch.channels, length: arch.length, blocks: arch.blocks, dropout: arch.dropout }, classes: arch.classes }));
  const n = paramShapes(arch).reduce((s, sh) => s + sh.reduce((a, b) => a * b, 1), 0);
  const params = new Uint8Array(4 + json.length + 4 * n);
  new DataView(params.buffer).setUint32(0, json.length, true);
  params.set(json, 4);
  params.set(new Uint8Array(new Float32Array(n).fill(0.001).buffer), 4 + json.length);
  return insertModel(p.db, {
    kind: 'cnn', backend: 'test', seed: 0, classIds, featureSet: '', trainingSet: { train: [], validation: [], test: [] },
    metrics: { inputLength: arch.length }, trainMs: 0, params,
  } as never, { windowIds: [], probs: new Float32Array(0) });
}

describe('models.tfjs over the host', () => {
  const dir = tempDir();
  let core: Core;
  let s: RunningServer;
  beforeAll(async () => {
    core = new Core({ homeDir: join(dir, 'home') });
    core.createProject(join(dir, 'p.seislabel'), [{ name: 'earthquake' }, { name: 'noise' }]);
    s = await startServer({ core });
  });
  afterAll(async () => {
    await s?.close();
    await core?.close();
  });

  /** What the host does with one models.tfjs call for model `id` over a WebSocket. */
  async function callOverWs(id: number): Promise<string> {
    const ws = (await openWs(s.wsUrl, { headers: { authorization: `Bearer ${s.ownerToken}` } })) as WebSocket;
    const outcome = await new Promise<string>((resolve) => {
      ws.on('message', (d) => {
        const m = JSON.parse(String(d)) as { id?: number; result?: { ok: boolean; value?: { weightsBase64: string }; error?: { message: string } } };
        if (m.id === 1) resolve(m.result!.ok ? `answered ${Buffer.from(m.result!.value!.weightsBase64, 'base64').length}` : `refused: ${m.result!.error!.message}`);
      });
      ws.on('close', (code) => resolve(`connection closed (${code})`));
      ws.send(JSON.stringify({ id: 1, method: 'models.tfjs', input: { id } }));
    });
    ws.close();
    return outcome;
  }
  const wide = (filters: number): CnnArch => ({ channels: 3, length: 16, classes: 2, dropout: 0, blocks: [{ filters, kernel: 1, pool: 1 }, { filters, kernel: 1, pool: 1 }] });

  it('refuses a CNN of 13 MB of weights with a message naming the model, rather than cutting the client off', async () => {
    // 3.3 M parameters: 13.3 MB of float32, 17.8 MB as base64 (above the host's 16 MiB send bound).
    const id = storeCnn(core, wide(1824));
    expect(await callOverWs(id)).toMatch(new RegExp(`^refused: model ${id}: its 13\\d{6} bytes of weights are too many for one message`));
  }, 60_000);

  it('sends a CNN of just under 8 MiB of weights whole', async () => {
    // 1.97 M parameters: 7.9 MB of float32, 10.5 MB as base64.
    const id = storeCnn(core, wide(1400));
    expect(await callOverWs(id)).toBe(`answered ${4 * (3 * 1400 + 1400 + 1400 * 1400 + 1400 + 2 * 1400 + 2)}`);
  }, 60_000);
});

describe('model ids that do not exist', () => {
  const dir = tempDir();
  let core: Core;
  beforeAll(() => {
    core = new Core({ homeDir: join(dir, 'home') });
    core.createProject(join(dir, 'p.seislabel'), [{ name: 'earthquake' }, { name: 'noise' }]);
  });
  afterAll(async () => {
    await core?.close();
  });

  it('are refused naming the request, the field and the value', async () => {
    const c = createClient(inProcessTransport(core));
    await expect(c.call('models.tfjs', { id: 999 })).rejects.toThrow('models.tfjs: id 999: no model with id 999');
    await expect(c.call('models.tfjs', { id: 1e300 })).rejects.toThrow(/models\.tfjs: id: Too big/);
    await expect(c.call('models.tfjs', { id: -1 })).rejects.toThrow(/models\.tfjs: id: /);
    await expect(c.call('predictions.forWindows', { windowIds: [1], modelId: 999 })).rejects.toThrow('predictions.forWindows: modelId 999: no model with id 999');
    await expect(c.call('predictions.forWindows', { windowIds: Array.from({ length: 10_001 }, (_, i) => i + 1) })).rejects.toThrow(/predictions\.forWindows: windowIds: /);
  });
});
