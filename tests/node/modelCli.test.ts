// `seislabel export model`, `import-model` and `predict` as a user runs them (child processes
// through the bin shim): a feature model trained on real labels in one project scores the
// windows of another, and predict's CSV holds exactly the probabilities the model stores.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createClient } from '../../core/common/api/client.js';
import { parseCsv } from '../../core/common/formats/csv.js';
import { inProcessTransport } from '../../core/node/api/inProcess.js';
import { Core } from '../../core/node/core.js';
import { dataPath, hasSharedData, missingDataReason, repoRoot } from '../helpers/data.js';
import { newProject } from '../helpers/project.js';
import { tempDir } from '../helpers/tmp.js';

if (!hasSharedData) console.warn(`SKIPPED modelCli: ${missingDataReason}`);

const dir = tempDir();
const run = (...args: string[]) => {
  const r = spawnSync(process.execPath, [join(repoRoot, 'core/node/cli/bin.js'), ...args], { encoding: 'utf8', env: { ...process.env, SEISLABEL_HOME: join(dir, 'home') } });
  return { code: r.status, out: r.stdout, err: r.stderr };
};

describe.skipIf(!hasSharedData)('seislabel export model / import-model / predict', () => {
  it('takes a trained model out of one project, into another, and predicts with it', async () => {
    const a = join(dir, 'a.seislabel');
    const { core, c } = await newProject(dir, 'a.seislabel');
    await core.tasks.wait((await c.call('imports.start', { paths: [dataPath()] })).taskId);
    expect((await core.tasks.wait((await c.call('models.train', { seed: 1 })).taskId)).status).toBe('done');
    await core.close();

    const model = join(dir, 'earthquake-noise.json');
    const ex = run('export', 'model', a, model);
    expect(ex.err).toBe('');
    expect(ex.out).toMatch(/wrote model \d+ \(feature model, JSON\) to .*earthquake-noise\.json/);

    const b = join(dir, 'b.seislabel');
    expect(run('new', b, '--classes', 'noise,earthquake').code).toBe(0);
    expect(run('import', b, dataPath('cx_pb01'), '--no-labels').code).toBe(0);
    // predict leaves the project as it was (read-only) and needs no import.
    const pre = run('predict', b, '--model', model, '--out', join(dir, 'before.csv'));
    expect(pre.err).toBe('');
    expect(pre.out).toMatch(/wrote predictions of 200 window\(s\) by earthquake-noise\.json \(forest; trained in "a" on 138 labels\)/);
    const before = parseCsv(readFileSync(join(dir, 'before.csv'), 'utf8'), 'before.csv');
    expect(before.rows).toHaveLength(200);
    expect(before.columns).toEqual(expect.arrayContaining(['window', 'source_file', 'index', 'network', 'station', 'start_time', 'predicted', 'confidence', 'p_earthquake', 'p_noise']));
    expect(before.rows[0]).toMatchObject({ network: 'CX', station: 'PB01', index: '0' });
    for (const r of before.rows) expect(Number(r.p_earthquake) + Number(r.p_noise)).toBeCloseTo(1, 5);
    expect(JSON.parse(run('info', b, '--json').out)).toMatchObject({ windows: 200 });

    const im = run('import-model', b, model);
    expect(im.err).toBe('');
    expect(im.out).toMatch(/imported model \d+ \(forest, imported/);
    // The stored predictions of the imported model are the ones predict printed.
    const check = new Core({ homeDir: join(dir, 'home') });
    const cc = createClient(inProcessTransport(check));
    await cc.call('projects.open', { path: b, readonly: true });
    const stored = await cc.call('predictions.forWindows', { windowIds: before.rows.map((r) => Number(r.window)) });
    const names = new Map((await cc.call('classes.list')).map((k) => [k.id, k.name]));
    await check.close();
    before.rows.forEach((r, i) => stored.classIds.forEach((id, k) => expect(stored.probs[i]![k]!.toFixed(6)).toBe(r[`p_${names.get(id)}`])));
    const again = run('predict', b, '--model', model, '--out', join(dir, 'after.csv'));
    expect(again.code).toBe(0);
    expect(readFileSync(join(dir, 'after.csv'), 'utf8')).toBe(readFileSync(join(dir, 'before.csv'), 'utf8'));

    const wrong = run('new', join(dir, 'c.seislabel'), '--classes', 'tremor,noise');
    expect(wrong.code).toBe(0);
    const refused = run('import-model', join(dir, 'c.seislabel'), model);
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/earthquake-noise\.json: the model's classes "earthquake" are not classes of this project/);
    const none = run('predict', b, '--model', join(dir, 'nope.json'), '--out', join(dir, 'x.csv'));
    expect(none.code).toBe(1);
    expect(none.err).toMatch(/nope\.json: no such file/);
  }, 180_000);
});
