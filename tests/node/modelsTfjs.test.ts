// The CNN as one message for the page (models.tfjs) and the host's stored predictions of a
// given model version: TensorFlow.js (CPU backend here, WebGPU in the page) fed with
// tfjsCnnBatch — the input preparation the page uses — reproduces the host's probabilities,
// and the same comparison sees weights put in the wrong place. Refusals name what is missing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CoreClient } from '../../core/common/api/client.js';
import { createClient } from '../../core/common/api/client.js';
import { base64ToBytes, base64ToF32 } from '../../core/common/base64.js';
import { tfjsCnnBatch } from '../../core/common/ml/cnnInput.js';
import { inProcessTransport } from '../../core/node/api/inProcess.js';
import type { Core } from '../../core/node/core.js';
import { exportModelFiles } from '../../core/node/ml/modelTransfer.js';
import { trainCnn } from '../../core/node/ml/projectCnn.js';
import { compareProbabilities } from '../../renderer/gpu/gpuReport.js';
import { dataPath, hasSharedData, missingDataReason } from '../helpers/data.js';
import { newProject } from '../helpers/project.js';
import { tempDir } from '../helpers/tmp.js';

if (!hasSharedData) console.warn(`SKIPPED modelsTfjs: ${missingDataReason}`);

type Doc = { modelTopology: object; weightsManifest: { weights: { name: string; shape: number[] }[] }[]; userDefinedMetadata: { seislabel: { input: { length: number } } } };

describe.skipIf(!hasSharedData)('the CNN for the page and its host predictions', () => {
  const dir = tempDir();
  let a: { core: Core; c: CoreClient };
  const wait = async (taskId: string) => {
    const t = await a.core.tasks.wait(taskId);
    expect(t.status, t.message).toBe('done');
  };

  beforeAll(async () => {
    a = await newProject(dir, 'a.seislabel');
    await wait((await a.c.call('imports.start', { paths: [dataPath('windows.f32'), dataPath('unlabeled_whar', 'windows.f32')] })).taskId);
  }, 120_000);
  afterAll(async () => {
    await a?.core.close();
  });

  it('refuses without a CNN, for a feature model, and for people who may not export models', async () => {
    await expect(a.c.call('models.tfjs', {})).rejects.toThrow('the project has no CNN yet');
    await wait((await a.c.call('models.train', { seed: 1 })).taskId);
    const [forest] = await a.c.call('models.list');
    await expect(a.c.call('models.tfjs', {})).rejects.toThrow('the project has no CNN yet');
    await expect(a.c.call('models.tfjs', { id: forest!.id })).rejects.toThrow(`model ${forest!.id} is a feature model; only a CNN runs in TensorFlow.js`);
    await expect(a.c.call('models.tfjs', { id: 999 })).rejects.toThrow('no model with id 999');
    const reviewer = createClient(inProcessTransport(a.core, { caller: { role: 'reviewer', personId: 1, annotatorId: 1, name: 'r', local: false } }));
    await expect(reviewer.call('models.tfjs', {})).rejects.toThrow(/reviewer/);
  }, 120_000);

  it('sends the exported files; TensorFlow.js on the prepared windows gives the host\'s stored probabilities', async () => {
    const store = a.core.requireProject();
    const task = a.core.tasks.start('train', 'cnn', (ctx) => trainCnn(store, ctx, 0, 3));
    await wait(task.id);
    // A newer forest: the CNN is no longer the newest model, its predictions are still asked by id.
    await wait((await a.c.call('models.train', { seed: 2 })).taskId);
    const models = await a.c.call('models.list');
    const cnn = models.find((m) => m.kind === 'cnn')!;
    expect(models[0]!.kind).toBe('forest');

    const doc = await a.c.call('models.tfjs', {});
    expect(doc.modelId).toBe(cnn.id);
    const files = exportModelFiles(store, cnn.id).files;
    // The export's own model.json, but for the time it was made.
    const undated = (text: string) => {
      const d = JSON.parse(text) as { userDefinedMetadata: { seislabel: { provenance: { exportedAt?: string } } } };
      delete d.userDefinedMetadata.seislabel.provenance.exportedAt;
      return d;
    };
    expect(undated(doc.modelJson)).toEqual(undated(new TextDecoder().decode(files[0]!.bytes)));
    const weights = base64ToBytes(doc.weightsBase64);
    expect(Buffer.from(weights).equals(Buffer.from(files[1]!.bytes))).toBe(true);

    const { windows } = await a.c.call('windows.list', { limit: 1000 });
    const ids = windows.map((w) => w.id);
    const host = await a.c.call('predictions.forWindows', { windowIds: ids, modelId: cnn.id });
    expect(host.modelId).toBe(cnn.id);
    expect(host.probs.every((p) => p !== null)).toBe(true);
    const newest = await a.c.call('predictions.forWindows', { windowIds: ids });
    expect(newest.modelId).toBe(models[0]!.id);
    expect(newest.probs).not.toEqual(host.probs);

    const json = JSON.parse(doc.modelJson) as Doc;
    const L = json.userDefinedMetadata.seislabel.input.length;
    const data = await Promise.all(ids.map(async (id) => {
      const w = await a.c.call('windows.get', { id });
      return { channels: w.channels, data: w.samples.map(base64ToF32) };
    }));
    const x = tfjsCnnBatch(data, L);
    const tf = await import('@tensorflow/tfjs');
    await tf.setBackend('cpu');
    const score = async (w: Uint8Array) => {
      const model = await tf.loadLayersModel(tf.io.fromMemory({ modelTopology: json.modelTopology, weightSpecs: json.weightsManifest[0]!.weights as never, weightData: w.slice().buffer }));
      const out = model.predict(tf.tensor3d(x, [ids.length, L, 3])) as import('@tensorflow/tfjs').Tensor;
      const p = (await out.data()) as Float32Array;
      model.dispose();
      return p;
    };
    const good = compareProbabilities(await score(weights), host.probs, cnn.classIds.length);
    expect(good.compared).toBe(ids.length);
    expect(good.maxDiff).toBeLessThan(1e-4);
    expect(good.sameClass).toBe(ids.length);

    // The first convolution's kernel read in the canonical [out, in, k] order instead of
    // Keras' [k, in, out]: the comparison must notice.
    const [k, cin, cout] = json.weightsManifest[0]!.weights[0]!.shape as [number, number, number];
    const kernel = new Float32Array(weights.slice(0, 4 * k * cin * cout).buffer);
    const wrong = new Float32Array(kernel.length);
    for (let o = 0; o < cout; o++) for (let i = 0; i < cin; i++) for (let t = 0; t < k; t++) wrong[(t * cin + i) * cout + o] = kernel[(o * cin + i) * k + t]!;
    const swapped = weights.slice();
    swapped.set(new Uint8Array(wrong.buffer), 0);
    const bad = compareProbabilities(await score(swapped), host.probs, cnn.classIds.length);
    expect(bad.maxDiff).toBeGreaterThan(1e-2);
  }, 300_000);
});
