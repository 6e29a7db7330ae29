// Window settings weighed against the data before anything is cut: absurd cuts are refused at
// once with a length that fits, short files say so, and an import never ends at 0 windows
// without a word.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CoreClient } from '../../core/common/api/client.js';
import type { ImportResult } from '../../core/common/importResult.js';
import type { Trace } from '../../core/common/types.js';
import { groupComponents } from '../../core/common/windowing.js';
import { cutWindows, planCut } from '../../core/common/windowingModes.js';
import { MAX_WINDOWS, niceDown, niceUp } from '../../core/common/windowPlan.js';
import type { Core } from '../../core/node/core.js';
import { dataPath, hasSharedData } from '../helpers/data.js';
import { newProject } from '../helpers/project.js';
import { tempDir } from '../helpers/tmp.js';

const trace = (fs: number, n: number, channel = 'HHZ'): Trace => ({
  network: 'XX', station: 'AAA', location: '', channel, samplingRate: fs, startTime: Date.UTC(2020, 0, 1), samples: new Float32Array(n), picks: [],
});
const group = (fs: number, n: number) => groupComponents([trace(fs, n)])[0]!;
const fixed = (lengthSeconds: number, stepSeconds: number) => ({ mode: 'fixed' as const, lengthSeconds, stepSeconds });

describe('window plans', () => {
  it('round proposals to lengths a person would type', () => {
    expect([0.3, 1, 1.1, 3, 7, 101].map(niceUp)).toEqual([0.5, 1, 2, 5, 10, 200]);
    expect([0.3, 1, 1.9, 3, 7, 101].map(niceDown)).toEqual([0.2, 1, 1, 2, 5, 100]);
  });

  it('refuse windows of fewer than 2 samples (delta 1000 s: 30 s = 0 samples) at once, proposing a length that fits', () => {
    const g = group(1e-3, 2500); // 2,500 samples, one every 1000 s: 29 days; windows end at 1 h
    const started = performance.now();
    const { plan } = planCut(g, fixed(30, 15));
    expect(performance.now() - started).toBeLessThan(50);
    expect(plan.cut).toBe(false);
    expect(plan.notices[0]).toMatchObject({ kind: 'few-samples', group: 'XX.AAA..HHZ', proposal: { lengthSeconds: 2000, stepSeconds: 1000 } });
    expect(plan.notices[0]!.message).toMatch(/a 30 s window at 0\.001 Hz holds 0 sample\(s\), so no window was cut; a window of 2000 s would fit/);
    expect(cutWindows([g], fixed(30, 15))).toEqual([]);
  });

  it('refuse a cut of more than MAX_WINDOWS windows, computed without stepping, with a step that fits', () => {
    const g = group(100, 8_640_000); // a day at 100 Hz
    const { plan } = planCut(g, fixed(1, 0.01));
    expect(plan.cut).toBe(false);
    expect(plan.notices[0]!.kind).toBe('too-many');
    const step = plan.notices[0]!.proposal!.stepSeconds;
    expect(86_400 / step).toBeLessThanOrEqual(MAX_WINDOWS);
    expect(planCut(g, fixed(plan.notices[0]!.proposal!.lengthSeconds, step)).plan.cut).toBe(true);
  });

  it('say that a file is shorter than the window and propose a length that fits it', () => {
    const { plan } = planCut(group(100, 1000), fixed(30, 15));
    expect(plan.notices[0]).toMatchObject({ kind: 'too-short', proposal: { lengthSeconds: 10, stepSeconds: 5 } });
    expect(plan.notices[0]!.message).toMatch(/10 s of data is shorter than the 30 s window, so no window was cut; a window of 10 s would fit/);
  });

  it('cut a 1 Hz day into 30-sample windows but flag them, proposing 100 s', () => {
    const cut = planCut(group(1, 86_400), fixed(30, 15));
    expect(cut.plan.cut).toBe(true);
    expect(cut.plan.count).toBe(5759);
    expect(cut.plan.notices[0]).toMatchObject({ kind: 'few-samples', proposal: { lengthSeconds: 100 } });
    const windows = [...cut.windows()];
    expect(windows).toHaveLength(5759);
    expect(windows.every((w) => w.data[0]!.length === 30)).toBe(true);
  });
});

describe.skipIf(!hasSharedData)('an import that gives no window says why, and the proposal re-cuts it', () => {
  const dir = tempDir();
  let core: Core;
  let c: CoreClient;
  beforeAll(async () => {
    ({ core, c } = await newProject(dir, 'short.seislabel', [{ name: 'earthquake' }]));
  });
  afterAll(() => core.close());

  it('seism.sac (10 s) with 30 s windows: 0 windows and a notice; windows.cut with the proposal cuts, and again adds nothing', async () => {
    const { taskId } = await c.call('imports.start', { paths: [dataPath('raw_formats/obspy/seism.sac')], windowing: fixed(30, 15) });
    const task = await core.tasks.wait(taskId);
    const file = (task.result as ImportResult).imported[0]!;
    expect(file.windows).toBe(0);
    expect(file.notices).toHaveLength(1);
    expect(file.notices[0]).toMatchObject({ kind: 'too-short', group: '.CDV..Q', proposal: { lengthSeconds: 10, stepSeconds: 5 } });
    const { lengthSeconds, stepSeconds } = file.notices[0]!.proposal!;
    const cut = async () => (await core.tasks.wait((await c.call('windows.cut', { windowing: fixed(lengthSeconds, stepSeconds) })).taskId)).result;
    expect(await cut()).toEqual({ created: 1, skipped: 0, notices: [] });
    expect(await cut()).toEqual({ created: 0, skipped: 1, notices: [] });
    const { windows } = await c.call('windows.list', {});
    expect(windows.map((w) => w.nSamples)).toEqual([1000]);
  });
});
