// Models out and in: a model trained in one project on real labeled windows is exported,
// imported into a second project holding other windows (and its classes in another order),
// and scores the windows both projects hold exactly as it did in the first. The CNN's
// export is checked with TensorFlow.js itself. Damaged or mismatched model files are refused
// with a message naming the file and the field.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CoreClient } from '../../core/common/api/client.js';
import { prepareWindow } from '../../core/common/ml/cnnArch.js';
import { mulberry32 } from '../../core/common/ml/rng.js';
import type { Core } from '../../core/node/core.js';
import { untar } from '../../core/node/exporters/tar.js';
import { trainCnn } from '../../core/node/ml/projectCnn.js';
import { cnnInput } from '../../core/node/ml/projectCnn.js';
import { exportModelFiles, readModelFiles } from '../../core/node/ml/modelTransfer.js';
import { dataPath, hasSharedData, missingDataReason } from '../helpers/data.js';
import { newProject } from '../helpers/project.js';
import { tempDir } from '../helpers/tmp.js';

if (!hasSharedData) console.warn(`SKIPPED modelTransfer: ${missingDataReason}`);

/** Probabilities of the windows of the unlabeled_whar set, keyed by station and start time. */
async function wharProbs(c: CoreClient): Promise<{ classIds: number[]; byKey: Map<string, number[]> }> {
  const { windows } = await c.call('windows.list', { limit: 1000 });
  const whar = windows.filter((w) => w.station === 'WHAR');
  expect(whar).toHaveLength(10);
  const p = await c.call('predictions.forWindows', { windowIds: whar.map((w) => w.id) });
  return { classIds: p.classIds, byKey: new Map(whar.map((w, i) => [`${w.station}@${w.startTime}`, p.probs[i]!])) };
}

/** Rows of probabilities re-ordered by class name. */
async function byClassName(c: CoreClient, classIds: number[], byKey: Map<string, number[]>): Promise<Map<string, Record<string, number>>> {
  const names = new Map((await c.call('classes.list')).map((k) => [k.id, k.name]));
  return new Map([...byKey].map(([k, row]) => [k, Object.fromEntries(row.map((v, i) => [names.get(classIds[i]!)!, v]))]));
}

// The parts of an exported document the tests read or damage.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a JSON document edited freely by the tests
type Doc = Record<string, any>;

const BAD_VALUES = [null, -1, 1e9, 'x', [], {}, 0.5, 300, true];

/** A damaged copy of a model document: even seeds flip bytes of its text, odd seeds set a few fields anywhere to wrong values. */
function damage(doc: unknown, seed: number): string {
  const rnd = mulberry32(seed);
  const int = (n: number) => Math.floor(rnd() * n);
  if (seed % 2 === 0) {
    const bytes = Buffer.from(JSON.stringify(doc));
    for (let k = 0; k < 1 + int(6); k++) bytes[int(bytes.length)]! ^= 1 << int(8);
    return bytes.toString('latin1');
  }
  const copy = structuredClone(doc) as Record<string, unknown>;
  for (let k = 0; k < 1 + int(3); k++) {
    let node = copy as Record<string, unknown>;
    for (;;) {
      const keys = Object.keys(node);
      const key = keys[int(keys.length)]!;
      const child = node[key];
      if (child !== null && typeof child === 'object' && Object.keys(child).length && rnd() < 0.8) node = child as Record<string, unknown>;
      else {
        node[key] = BAD_VALUES[int(BAD_VALUES.length)];
        break;
      }
    }
  }
  return JSON.stringify(copy);
}

describe.skipIf(!hasSharedData)('models out and in', () => {
  const dir = tempDir();
  let a: { core: Core; c: CoreClient };
  let b: { core: Core; c: CoreClient };
  const wait = async (core: Core, taskId: string) => {
    const t = await core.tasks.wait(taskId);
    expect(t.status, t.message).toBe('done');
    return t;
  };

  beforeAll(async () => {
    a = await newProject(dir, 'a.seislabel');
    await wait(a.core, (await a.c.call('imports.start', { paths: [dataPath(), dataPath('unlabeled_whar')] })).taskId);
    // The second project: other windows, no labels, its classes in another order plus one more.
    b = await newProject(dir, 'b.seislabel', [{ name: 'noise' }, { name: 'tremor' }, { name: 'earthquake' }]);
    await wait(b.core, (await b.c.call('imports.start', { paths: [dataPath('unlabeled_whar'), dataPath('cx_pb01')], importLabels: false })).taskId);
  }, 120_000);
  afterAll(async () => {
    await a?.core.close();
    await b?.core.close();
  });

  it('exports the feature model as a versioned JSON document and scores the second project as in the first', async () => {
    await wait(a.core, (await a.c.call('models.train', { seed: 5 })).taskId);
    const files = exportModelFiles(a.core.requireProject());
    expect(files.kind).toBe('forest');
    const path = join(dir, files.files[0]!.name);
    writeFileSync(path, files.files[0]!.bytes);
    const doc = JSON.parse(readFileSync(path, 'utf8')) as Doc;
    expect(doc).toMatchObject({ format: 'seislabel-model', version: 1, kind: 'feature-forest', classes: ['earthquake', 'noise'], normalisation: { method: 'quantile-bins' } });
    expect(doc.features[0]).toMatchObject({ name: 'log_peak_amplitude', bins: expect.any(Array), importance: expect.any(Number) });
    expect(doc.trees.length).toBeGreaterThan(10);
    expect(doc.provenance).toMatchObject({ project: 'a', labelCount: 138, labelsPerClass: { earthquake: 94, noise: 44 }, seed: 5, trainedAt: expect.stringMatching(/^\d{4}-/) });

    const before = (await b.c.call('models.list')).length;
    const t = await b.c.call('models.import', { paths: [path] });
    await wait(b.core, t.taskId);
    const [m] = await b.c.call('models.list');
    expect((await b.c.call('models.list')).length).toBe(before + 1);
    expect(m!.kind).toBe('forest');
    expect(m!.backend).toMatch(/^imported/);
    const inA = await wharProbs(a.c);
    const inB = await wharProbs(b.c);
    // B's class ids differ from A's; by class name, every probability is the same float.
    expect(await byClassName(b.c, inB.classIds, inB.byKey)).toEqual(await byClassName(a.c, inA.classIds, inA.byKey));
    // The model is B's now: its 200 other windows got predictions too.
    const { windows } = await b.c.call('windows.list', { limit: 1000 });
    const all = await b.c.call('predictions.forWindows', { windowIds: windows.map((w) => w.id) });
    expect(all.probs.every((p) => p !== null && Math.abs(p.reduce((x, y) => x + y, 0) - 1) < 1e-5)).toBe(true);
    // The probabilities are not all alike (a model that says the same thing everywhere would pass the above).
    expect(new Set([...inB.byKey.values()].map((r) => r[0]!.toFixed(3))).size).toBeGreaterThan(1);
  }, 120_000);

  it('re-exports an imported model with the provenance of the project that trained it', async () => {
    const again = JSON.parse(new TextDecoder().decode(exportModelFiles(b.core.requireProject()).files[0]!.bytes)) as { provenance: { project: string; labelCount: number }; classes: string[] };
    expect(again.provenance).toMatchObject({ project: 'a', labelCount: 138 });
    expect(again.classes).toEqual(['earthquake', 'noise']);
  });

  it('refuses a model whose classes, features or version do not fit, and damaged files, naming file and field', async () => {
    const good = exportModelFiles(a.core.requireProject()).files[0]!;
    const doc = JSON.parse(new TextDecoder().decode(good.bytes)) as Doc;
    const attempt = async (name: string, content: string | Uint8Array) => {
      const p = join(dir, name);
      writeFileSync(p, content);
      const { taskId } = await b.c.call('models.import', { paths: [p] });
      const t = await b.core.tasks.wait(taskId);
      expect(t.status).toBe('failed');
      return t.message;
    };
    const n = (await b.c.call('models.list')).length;
    expect(await attempt('classes.json', JSON.stringify({ ...doc, classes: ['earthquake', 'volcano'] }))).toMatch(/classes\.json: the model's classes "volcano" are not classes of this project/);
    const renamed = structuredClone(doc);
    renamed.features[3].name = 'spikiness';
    expect(await attempt('features.json', JSON.stringify(renamed))).toMatch(/features\.json: the model was trained on other features .*feature 4 is "spikiness" in the model, "peak_to_rms" here/);
    expect(await attempt('newer.json', JSON.stringify({ ...doc, version: 2 }))).toMatch(/newer\.json: model format version 2 was written by a newer Seislabel/);
    expect(await attempt('other.json', JSON.stringify({ hello: 1 }))).toMatch(/other\.json: not a Seislabel model \(field format is missing/);
    expect(await attempt('cut.json', good.bytes.subarray(0, 5000))).toMatch(/cut\.json: not a JSON model file/);
    const loop = structuredClone(doc);
    const t0 = loop.trees[0];
    const inner = t0.feature.findIndex((f: number) => f >= 0);
    t0.right[inner] = 0;
    expect(await attempt('loop.json', JSON.stringify(loop))).toMatch(/loop\.json: field trees\[0\]\.right\[\d+\] is invalid \(value 0\)/);
    const nan = structuredClone(doc);
    nan.trees[1].value[0] = 'x';
    expect(await attempt('value.json', JSON.stringify(nan))).toMatch(/value\.json: field trees\[1\]\.value\[0\]/);
    // Seeded damage, byte flips and fields set to wrong values anywhere in the tree: refused
    // naming the file, or (where it hit something harmless) imported; never a crash or a hang.
    let refused = 0;
    const tries = 16;
    for (let seed = 1; seed <= tries; seed++) {
      const p = join(dir, `fuzz-${seed}.json`);
      writeFileSync(p, damage(doc, seed));
      const t = await b.core.tasks.wait((await b.c.call('models.import', { paths: [p] })).taskId);
      expect(['done', 'failed']).toContain(t.status);
      if (t.status === 'failed') {
        refused++;
        expect(t.message).toMatch(new RegExp(`fuzz-${seed}\\.json: `));
      }
    }
    expect(refused).toBeGreaterThan(tries / 2);
    // Nothing refused was stored.
    expect((await b.c.call('models.list')).length).toBe(n + tries - refused);
  }, 120_000);

  it('exports the CNN in TensorFlow.js layers format that tfjs loads and that scores the second project as in the first', async () => {
    const store = a.core.requireProject();
    const task = a.core.tasks.start('train', 'cnn', (ctx) => trainCnn(store, ctx, 0, 3));
    await wait(a.core, task.id);
    const files = exportModelFiles(store);
    expect(files.kind).toBe('cnn');
    expect(files.files.map((f) => f.name)).toEqual(['model.json', 'weights.bin']);
    const out = join(dir, 'cnn');
    mkdirSync(out);
    for (const f of files.files) writeFileSync(join(out, f.name), f.bytes);

    // Imported from the folder into B; the same windows get the same probabilities.
    await wait(b.core, (await b.c.call('models.import', { paths: [out] })).taskId);
    const [m] = await b.c.call('models.list');
    expect(m!.kind).toBe('cnn');
    const inA = await byClassName(a.c, ...Object.values(await wharProbs(a.c)) as [number[], Map<string, number[]>]);
    const inB = await byClassName(b.c, ...Object.values(await wharProbs(b.c)) as [number[], Map<string, number[]>]);
    for (const [k, row] of inA) for (const [cls, v] of Object.entries(row)) expect(inB.get(k)![cls]).toBeCloseTo(v, 5);

    // The app's download (a .tar) reads back the same model.
    const tarred = await a.c.call('exports.start', { kind: 'model' });
    const done = await wait(a.core, tarred.taskId);
    const r = done.result as { downloadId: string; fileName: string; bytes: number };
    expect(r.fileName).toMatch(/^a-cnn-\d+\.tar$/);
    const piece = await a.c.call('exports.read', { downloadId: r.downloadId, offset: 0, length: r.bytes });
    const entries = untar(Buffer.from(piece.base64, 'base64'));
    expect([...entries.keys()].map((k) => k.split('/').pop()).sort()).toEqual(['model.json', 'weights.bin']);
    const tarPath = join(dir, r.fileName);
    writeFileSync(tarPath, Buffer.from(piece.base64, 'base64'));
    const fromTar = readModelFiles([tarPath]);
    const fromDir = readModelFiles([join(out, 'model.json')]);
    if (fromTar.kind !== 'cnn' || fromDir.kind !== 'cnn') throw new Error('not a CNN');
    expect(fromTar.params.map((p) => Array.from(p))).toEqual(fromDir.params.map((p) => Array.from(p)));

    // TensorFlow.js itself loads model.json + weights.bin and gives the same probabilities.
    const tf = await import('@tensorflow/tfjs');
    await tf.setBackend('cpu');
    const modelJson = JSON.parse(readFileSync(join(out, 'model.json'), 'utf8')) as { modelTopology: object; weightsManifest: { weights: [] }[]; userDefinedMetadata: { seislabel: { classes: string[]; input: { length: number } } } };
    const wbytes = readFileSync(join(out, 'weights.bin'));
    const tfModel = await tf.loadLayersModel(tf.io.fromMemory({
      modelTopology: modelJson.modelTopology, weightSpecs: modelJson.weightsManifest[0]!.weights,
      weightData: wbytes.buffer.slice(wbytes.byteOffset, wbytes.byteOffset + wbytes.length),
    }));
    const { windows } = await a.c.call('windows.list', { limit: 1000 });
    const whar = windows.filter((w) => w.station === 'WHAR');
    const L = modelJson.userDefinedMetadata.seislabel.input.length;
    const batch = new Float32Array(whar.length * L * 3);
    whar.forEach((w, i) => {
      const win = store.loadWindow(w.id);
      const x = prepareWindow(cnnInput(win.channels, win.data), { channels: 3, length: L });
      for (let t = 0; t < L; t++) for (let ch = 0; ch < 3; ch++) batch[(i * L + t) * 3 + ch] = x[ch * L + t]!;
    });
    const probs = (await (tfModel.predict(tf.tensor3d(batch, [whar.length, L, 3])) as import('@tensorflow/tfjs').Tensor).data()) as Float32Array;
    const names = modelJson.userDefinedMetadata.seislabel.classes;
    whar.forEach((w, i) => names.forEach((cls, k) => expect(probs[i * names.length + k]!).toBeCloseTo(inA.get(`${w.station}@${w.startTime}`)![cls]!, 4)));
  }, 300_000);

  it('refuses a CNN whose weights do not fit its topology', async () => {
    const dirBad = join(dir, 'cnn-bad');
    mkdirSync(dirBad);
    const files = exportModelFiles(a.core.requireProject()).files;
    writeFileSync(join(dirBad, 'model.json'), files[0]!.bytes);
    writeFileSync(join(dirBad, 'weights.bin'), files[1]!.bytes.subarray(0, files[1]!.bytes.length - 8));
    expect(() => readModelFiles([dirBad])).toThrow(/weights\.bin: \d+ bytes, model\.json describes \d+ float32 values/);
    const doc = JSON.parse(new TextDecoder().decode(files[0]!.bytes)) as Doc;
    doc.modelTopology.config.layers[0].config.kernel_size = [6];
    writeFileSync(join(dirBad, 'model.json'), JSON.stringify(doc));
    writeFileSync(join(dirBad, 'weights.bin'), files[1]!.bytes);
    expect(() => readModelFiles([dirBad])).toThrow(/model\.json: field modelTopology\.config\.layers\[0\] kernel_size must be odd \(value \[6\]\)/);
    writeFileSync(join(dirBad, 'model.json'), files[0]!.bytes);
    writeFileSync(join(dirBad, 'weights.bin'), Buffer.alloc(0));
    expect(() => readModelFiles([join(dirBad, 'model.json')])).toThrow(/weights\.bin: 0 bytes/);
  });
});
