// The `seislabel` command as a user runs it: a real child process through the bin shim.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dataPath, hasSharedData, missingDataReason, repoRoot } from '../helpers/data.js';
import { tempDir } from '../helpers/tmp.js';

const dir = tempDir();
const run = (...args: string[]) => {
  const r = spawnSync(process.execPath, [join(repoRoot, 'core/node/cli/bin.js'), ...args], { encoding: 'utf8', env: { ...process.env, SEISLABEL_HOME: join(dir, 'home') } });
  return { code: r.status, out: r.stdout, err: r.stderr };
};

describe('seislabel CLI', () => {
  it('fails with a non-zero exit and one line saying what is wrong', () => {
    const r = run('info', join(dir, 'nope.seislabel'));
    expect(r.code).toBe(1);
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.err).toMatch(/nope\.seislabel: no such project file/);
    const u = run('frobnicate');
    expect(u.code).toBe(2);
    expect(u.err).toMatch(/unknown command "frobnicate"/);
    const bad = run('import', join(dir, 'x.seislabel'), 'a.mseed', '--window', 'abc');
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/--window must be a positive number/);
  });

  it.skipIf(!hasSharedData)('creates a project, imports real files, reports info and exports labels', () => {
    const p = join(dir, 'cli.seislabel');
    expect(run('new', p, '--classes', 'earthquake,tremor,noise,other').code).toBe(0);
    const imp = run('import', p, dataPath('raw_formats/obspy/test.mseed'), dataPath(), '--window', '30', '--step', '15');
    expect(imp.err).toBe('');
    expect(imp.code).toBe(0);
    expect(imp.out).toMatch(/test\.mseed: 1 stream\(s\), \d+ window\(s\)/);
    const info = JSON.parse(run('info', p, '--json').out) as { windows: number; streams: { streamId: string; nSamples: number }[]; perClass: { name: string; count: number }[] };
    expect(info.streams.find((s) => s.streamId === 'NL.HGN.00.BHZ')!.nSamples).toBe(11947);
    // 11,947 samples at 40 Hz = 298.7 s → windows of 30 s every 15 s start at 0…255 s: 18; plus 138 imported windows.
    expect(info.windows).toBe(18 + 138);
    expect(info.perClass.find((c) => c.name === 'earthquake')!.count).toBe(94);
    const text = run('info', p).out;
    expect(text).toMatch(/NL\.HGN\.00\.BHZ 40 Hz 11947 samples from 2003-05-29T/);
    const out = join(dir, 'labels.csv');
    expect(run('export-labels', p, out).code).toBe(0);
    const rows = readFileSync(out, 'utf8').trim().split('\n');
    expect(rows[0]).toMatch(/^window_id,label,annotator,/);
    expect(rows).toHaveLength(1 + 138);
    expect(rows.filter((r) => r.split(',')[1] === 'noise')).toHaveLength(44);
  });

  it.skipIf(!hasSharedData)('says why a short file got no window, and `windows cut` with the proposal cuts it once', () => {
    const p = join(dir, 'short.seislabel');
    run('new', p);
    const imp = run('import', p, dataPath('raw_formats/obspy/seism.sac'));
    expect(imp.code).toBe(0);
    expect(imp.out).toMatch(/seism\.sac: 1 stream\(s\), 0 window\(s\)/);
    expect(imp.out).toMatch(/note: \.CDV\.\.Q: 10 s of data is shorter than the 30 s window, so no window was cut; a window of 10 s would fit/);
    const command = /to re-cut: seislabel windows cut (.*)$/m.exec(imp.out)![1]!.split(' ');
    expect(command).toEqual([p, '--window', '10', '--step', '5', '--source', '1']);
    expect(run('windows', 'cut', ...command).out).toMatch(/^cut 1 new window\(s\)$/m);
    expect(run('windows', 'cut', ...command).out).toMatch(/^cut 0 new window\(s\); 1 were already there$/m);
  });

  it.skipIf(!hasSharedData)('cuts windows around STA/LTA triggers', () => {
    const p = join(dir, 'trig.seislabel');
    run('new', p);
    const r = run('import', p, dataPath('raw_formats/obspy/CRLZ.HHZ.10.NZ.SAC'), '--trigger', '--length', '20', '--pre', '5');
    expect(r.code).toBe(0);
    const info = JSON.parse(run('info', p, '--json').out) as { windows: number };
    expect(info.windows).toBeGreaterThan(0);
  });
});
if (!hasSharedData) console.warn(`SKIPPED CLI import tests: ${missingDataReason}`);
