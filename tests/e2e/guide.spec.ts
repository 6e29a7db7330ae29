// The volunteers' field guide on real files: a newly invited volunteer first sees each class
// with its example windows (drawn from the samples — checked in the pixels — and played sped
// up), then practises on gold windows and is told the expert's class after each answer, then
// labels. Before answering, nothing the volunteer may call tells a gold window's class. Gold
// windows met later give feedback only once the owner turns it on in the Team screen.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { base64ToF32 } from '../../core/common/base64.js';
import { dataPath, hasSharedData, missingDataReason } from '../helpers/data.js';
import { apiClient, artifacts, createProject, importPaths } from './helpers.js';
import { decodePng, drawnEdges, filtered, matchScore, PRESET_FILTERS } from './pixels.js';

test.skip(!hasSharedData, missingDataReason);

const roundtrip = () => readdirSync(dataPath('raw_formats', 'roundtrip')).filter((f) => f.endsWith('.SAC')).sort().map((f) => dataPath('raw_formats', 'roundtrip', f));
const signedOut = { storageState: { cookies: [], origins: [] } };

async function shots(page: Page, name: string, focus?: string): Promise<void> {
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.screenshot({ path: join(artifacts, `${name}-laptop.png`) });
  await page.setViewportSize({ width: 390, height: 844 });
  if (focus) await page.getByTestId(focus).first().scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(artifacts, `${name}-phone.png`) });
  await page.setViewportSize({ width: 1366, height: 768 });
}

test('a new volunteer goes through the tutorial and practice, then hears about gold windows when the owner allows it', async ({ page, browser }) => {
  test.setTimeout(180_000);
  await createProject(page, 'guide');
  await importPaths(page, roundtrip());
  const owner = await apiClient();
  try {
    const classes = await owner.call('classes.list');
    const cls = (name: string) => classes.find((c) => c.name === name)!;
    const info = await owner.call('projects.info');
    const sourceName = new Map(info.sources.map((s) => [s.id, s.name]));
    const { windows } = await owner.call('windows.list', { limit: 100 });
    // The roundtrip files name what they hold: 00002_earthquake…, 00003_noise…
    const truth = new Map(windows.map((w) => [w.id, sourceName.get(w.sourceId!)!.includes('earthquake') ? cls('earthquake').id : cls('noise').id]));
    const of = (c: string) => windows.filter((w) => truth.get(w.id) === cls(c).id).map((w) => w.id);
    const [eqExample, ...eqRest] = of('earthquake');
    const [noiseExample, ...noiseRest] = of('noise');
    await owner.call('classes.update', { id: cls('earthquake').id, exampleWindowIds: [eqExample!] });
    await owner.call('classes.update', { id: cls('noise').id, exampleWindowIds: [noiseExample!] });
    const gold = [...eqRest.slice(0, 2), ...noiseRest.slice(0, 2)];
    for (const w of gold) await owner.call('gold.set', { windowId: w, classId: truth.get(w)! });

    const { token } = await owner.call('people.invite', { name: 'nia', role: 'volunteer' });
    const ctx = await browser.newContext({ ...signedOut, viewport: { width: 1366, height: 768 } });
    const vol = await ctx.newPage();
    await vol.goto(`/?token=${token}`);

    // 1. The tutorial: every class, the examples drawn from their samples and played.
    await expect(vol.getByTestId('guide-tutorial')).toBeVisible();
    await expect(vol.getByTestId('guide-class-earthquake').getByTestId('guide-example')).toHaveCount(1);
    await expect(vol.getByTestId('guide-class-noise').getByTestId('guide-example')).toHaveCount(1);
    await expect(vol.getByTestId('guide-class-tremor')).toContainText('No example windows yet.');
    const canvas = vol.getByTestId('guide-class-earthquake').getByTestId('guide-example-canvas');
    await expect(canvas).toHaveAttribute('data-window-id', String(eqExample));
    const ex = await owner.call('windows.get', { id: eqExample! });
    const k = Math.max(0, ex.channels.findIndex((c) => c.endsWith('Z')));
    // The clip must cover exactly the canvas's pixel columns, or every column maps to the wrong samples.
    const box = (await canvas.boundingBox())!;
    const cssWidth = await canvas.evaluate((c: HTMLCanvasElement) => c.clientWidth);
    const png = await vol.screenshot({ clip: { x: Math.round(box.x), y: Math.round(box.y), width: cssWidth, height: Math.floor(box.height) } });
    const img = decodePng(png);
    const score = matchScore(drawnEdges(img, { x: 0, y: 0, width: img.width, height: img.height }), filtered(base64ToF32(ex.samples[k]!), ex.samplingRate, PRESET_FILTERS['1-10']!));
    expect(score, 'the example plot is the example window').toBeGreaterThan(0.9);
    const playhead = vol.getByTestId('guide-class-earthquake').getByTestId('guide-example-playhead');
    await vol.getByTestId('guide-class-earthquake').getByTestId('guide-example-play').click();
    await expect.poll(async () => Number(await playhead.getAttribute('data-position')), { timeout: 5000 }).toBeGreaterThan(0.5);
    await vol.getByTestId('guide-class-earthquake').getByTestId('guide-example-play').click();
    await shots(vol, 'guide-tutorial', 'guide-class-earthquake');

    // 2. Practice: the four gold windows (no example among them), the expert's class after each answer.
    await vol.getByTestId('guide-start-practice').click();
    await expect(vol.getByTestId('practice-position')).toContainText('practice 1 of 4');
    const asNia = await apiClient(token);
    try {
      const status = await asNia.call('guide.status', {});
      expect(status.practice.map((p) => p.windowId).sort()).toEqual([...gold].sort());
      // Not before they answered: no method a volunteer may call tells a gold window's class.
      for (const w of gold) {
        expect(await asNia.call('guide.feedback', { windowId: w })).toBeNull();
        expect((await asNia.call('windows.get', { id: w })).label).toBeNull();
        await expect(asNia.call('consensus.get', { windowId: w })).rejects.toThrow();
        await expect(asNia.call('labels.history', { windowId: w })).rejects.toThrow();
      }
      await expect(asNia.call('gold.list')).rejects.toThrow();
      expect((await asNia.call('windows.list', { limit: 100 })).windows.every((w) => w.label === null)).toBe(true);

      const practice = vol.getByTestId('guide-practice');
      for (let i = 0; i < 4; i++) {
        await expect(vol.getByTestId('practice-position')).toContainText(`practice ${i + 1} of 4`);
        await expect(practice).not.toHaveAttribute('data-drawn-id', '');
        const w = Number(await practice.getAttribute('data-window-id'));
        await expect(practice).toHaveAttribute('data-drawn-id', String(w));
        const expert = classes.find((c) => c.id === truth.get(w))!;
        // The first answer is wrong on purpose; the others right.
        const given = i === 0 ? (expert.name === 'earthquake' ? 'noise' : 'earthquake') : expert.name;
        await vol.getByTestId(`practice-class-${given}`).click();
        await expect(vol.getByTestId('practice-expert')).toHaveText(expert.name);
        await expect(vol.getByTestId('practice-feedback')).toHaveAttribute('data-right', String(i !== 0));
        if (i === 0) await shots(vol, 'guide-practice-wrong', 'practice-feedback');
        // Told only now, and the core agrees.
        expect(await asNia.call('guide.feedback', { windowId: w })).toEqual({ windowId: w, expertClassId: expert.id, practice: true });
        await vol.getByTestId('practice-next').click();
      }

      // 3. Labeling: the volunteer view. A gold window met now says nothing while feedback is off…
      const plot = vol.getByTestId('volunteer-plot');
      const answerCurrent = async (count: number): Promise<number> => {
        await expect(plot).not.toHaveAttribute('data-drawn-id', '');
        const id = Number(await plot.getAttribute('data-window-id'));
        await expect(plot).toHaveAttribute('data-drawn-id', String(id));
        await owner.call('gold.set', { windowId: id, classId: truth.get(id)! });
        await vol.getByTestId('volunteer-class-earthquake').click();
        await expect(vol.getByTestId('volunteer-count')).toHaveAttribute('data-count', String(count));
        return id;
      };
      await expect(vol.getByTestId('volunteer-count')).toHaveAttribute('data-count', '4');
      const quiet = await answerCurrent(5);
      await expect.poll(async () => (await asNia.call('guide.feedback', { windowId: quiet })) === null).toBe(true);
      await expect(vol.getByTestId('gold-feedback')).toHaveCount(0);

      // …and tells the expert's class once the owner turns it on in the Team screen.
      await page.reload();
      await page.getByTestId('tab-team').click();
      await expect(page.getByTestId('gold-feedback-setting')).not.toBeChecked();
      await page.getByTestId('gold-feedback-setting').click();
      await expect(page.getByTestId('gold-feedback-setting')).toBeChecked();
      await expect.poll(async () => (await owner.call('guide.settings', {})).goldFeedback).toBe(true);
      await shots(page, 'guide-team-settings', 'guide-settings');
      const told = await answerCurrent(6);
      await expect(vol.getByTestId('gold-feedback')).toHaveAttribute('data-window-id', String(told));
      await expect(vol.getByTestId('gold-feedback-expert')).toHaveText(classes.find((c) => c.id === truth.get(told))!.name);
      await shots(vol, 'guide-gold-feedback', 'gold-feedback');
      // The field guide opens again from the labeling view and returns to it.
      await vol.getByTestId('volunteer-guide').click();
      await expect(vol.getByTestId('guide-tutorial')).toBeVisible();
      await vol.getByTestId('guide-back').click();
      await expect(vol.getByTestId('volunteer-count')).toHaveAttribute('data-count', '6');
    } finally {
      asNia.close();
    }

    // A reload resumes labeling (the guide is done); the field guide opens again on request.
    await vol.reload();
    await expect(vol.getByTestId('volunteer-plot')).toBeVisible();
    await expect(vol.getByTestId('guide-tutorial')).toHaveCount(0);
    await vol.getByTestId('volunteer-guide').click();
    await expect(vol.getByTestId('guide-tutorial')).toBeVisible();
    await vol.getByTestId('guide-back').click();
    await expect(vol.getByTestId('volunteer-plot')).toBeVisible();
    await ctx.close();
  } finally {
    owner.close();
  }
});
