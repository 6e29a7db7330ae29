// What is drawn is the window named beside it. For runs of at least 50 consecutive windows
// (project order forwards and backwards, the active-learning queue, the volunteer view),
// on the demo project and on real recordings, after filter changes and resizes, every trace
// row is read back from a screenshot (the pixels a person sees, not the data handed to a
// renderer) and compared with the window's own samples fetched from the core and filtered
// here: the drawn envelope must correlate with the data, and no two windows may give the
// same picture. Screenshots of each view at laptop and phone sizes are kept as artifacts.
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { base64ToF32 } from '../../core/common/base64.js';
import type { CoreClient } from '../../core/common/api/client.js';
import { dataPath, hasSharedData } from '../helpers/data.js';
import { apiClient, artifacts, createProject, e2eHome, importPaths } from './helpers.js';
import { decodePng, drawnEdges, filtered, matchScore, PRESET_FILTERS } from './pixels.js';

test.describe.configure({ mode: 'serial' });

/** A match below this means the row does not show this window's (filtered) samples. */
const MIN_SCORE = 0.9;

type Api = CoreClient & { close(): void };

interface Seen {
  windowId: number;
  scores: number[];
  picture: string;
}

// Window ids are per project: the cache is emptied before each test.
const samplesCache = new Map<number, { data: Float32Array[]; fs: number; channels: string[]; station: string }>();
test.beforeEach(() => samplesCache.clear());
async function windowSamples(api: Api, id: number) {
  let w = samplesCache.get(id);
  if (!w) {
    const r = await api.call('windows.get', { id });
    w = { data: r.samples.map(base64ToF32), fs: r.samplingRate, channels: r.channels, station: r.station };
    samplesCache.set(id, w);
  }
  return w;
}

/** Waits until the labeling screen shows a window fully drawn, then checks its pixels against its samples. */
async function checkLabelingScreen(page: Page, api: Api, notId?: number): Promise<Seen> {
  const title = page.getByTestId('window-title');
  if (notId !== undefined) await expect(title).not.toHaveAttribute('data-window-id', String(notId));
  await expect(title).not.toHaveAttribute('data-window-id', '');
  const windowId = Number(await title.getAttribute('data-window-id'));
  const slot = page.locator('.slot.slot-visible');
  await expect(slot).toHaveAttribute('data-window-id', String(windowId));
  const filterId = await page.getByTestId('filter').inputValue();
  const f = PRESET_FILTERS[filterId]!;
  const w = await windowSamples(api, windowId);
  const rows = slot.getByTestId('trace-canvas');
  await expect(rows).toHaveCount(w.data.length);
  for (let i = 0; i < w.data.length; i++) await expect(rows.nth(i)).toHaveAttribute('data-window-id', String(windowId));
  await expect(title).toContainText(w.station);
  await expect(slot.locator('.row-label').first()).toContainText(w.station);
  const boxes = await rows.evaluateAll((els) => els.map((e) => e.getBoundingClientRect()).map((r) => ({ x: r.x, y: r.y, width: r.width, height: r.height })));
  const clip = { x: boxes[0]!.x, y: boxes[0]!.y, width: boxes[0]!.width, height: boxes[boxes.length - 1]!.y + boxes[boxes.length - 1]!.height - boxes[0]!.y };
  const img = decodePng(await page.screenshot({ clip }));
  const scores: number[] = [];
  const masks: string[] = [];
  boxes.forEach((b, i) => {
    const edges = drawnEdges(img, { x: b.x - clip.x, y: b.y - clip.y, width: b.width, height: b.height });
    masks.push(edges.mask);
    const x = filtered(w.data[i]!, w.fs, f);
    // An absent component is zero-filled: nothing to correlate, and it must draw as a flat line.
    if (x.every((v) => v === 0)) return;
    scores.push(matchScore(edges, x));
  });
  for (const s of scores) expect(s, `window ${windowId} (filter ${filterId}): drawn rows vs samples ${scores.map((v) => v.toFixed(3)).join(', ')}`).toBeGreaterThan(MIN_SCORE);
  return { windowId, scores, picture: masks.join('/') };
}

/** Distinct windows give distinct pictures (the stale-trace defect drew one picture for many). */
function expectDistinct(seen: Seen[], what: string): void {
  const byPicture = new Map<string, Set<number>>();
  for (const s of seen) byPicture.set(s.picture, (byPicture.get(s.picture) ?? new Set()).add(s.windowId));
  const shared = [...byPicture.values()].filter((ids) => ids.size > 1);
  expect(shared.map((ids) => [...ids]), `${what}: windows drawn with identical pictures`).toEqual([]);
  const all = seen.flatMap((s) => s.scores);
  console.log(`${what}: ${new Set(seen.map((s) => s.windowId)).size} windows, ${all.length} rows, match min ${Math.min(...all).toFixed(3)}, median ${all.sort((a, b) => a - b)[Math.floor(all.length / 2)]!.toFixed(3)}`);
}

async function openLabelingInOrder(page: Page): Promise<void> {
  await page.goto('/');
  await page.getByTestId('tab-label').click();
  await page.getByTestId('mode-order').click();
  await page.keyboard.press('Home');
  await expect(page.getByTestId('progress')).toContainText('window 1 of');
}

test('demo project: 50 windows forwards and backwards, a filter change and a resize', async ({ page }) => {
  test.setTimeout(240_000);
  await page.setViewportSize({ width: 1440, height: 900 });
  const api = await apiClient();
  try {
    await api.call('projects.open', { path: join(e2eHome, 'demo.seislabel') });
    await openLabelingInOrder(page);
    const seen: Seen[] = [];
    let prev: number | undefined;
    for (let i = 0; i < 50; i++) {
      if (i === 20) await page.getByTestId('filter').selectOption('2-8');
      if (i === 30) await page.setViewportSize({ width: 1366, height: 768 });
      if (i === 40) await page.getByTestId('filter').selectOption('off');
      const s = await checkLabelingScreen(page, api, prev);
      seen.push(s);
      // The same window again after a filter change or resize: redrawn, not left as it was.
      if (i === 20 || i === 30 || i === 40) expect(s.picture).not.toBe(seen[i - 1]!.picture);
      if (i === 0) await page.screenshot({ path: join(artifacts, 'labeling-1440x900.png') });
      if (i === 30) await page.screenshot({ path: join(artifacts, 'labeling-1366x768.png') });
      prev = s.windowId;
      await page.keyboard.press('ArrowRight');
    }
    expectDistinct(seen, 'demo forwards (1–10 Hz, 2–8 Hz, unfiltered; two sizes)');
    // Backwards over the same windows, now unfiltered.
    const back: Seen[] = [];
    for (let i = 0; i <= 50; i++) {
      if (i > 0) await page.keyboard.press('ArrowLeft');
      const s = await checkLabelingScreen(page, api, prev);
      back.push(s);
      prev = s.windowId;
    }
    await expect(page.getByTestId('progress')).toContainText('window 1 of');
    expectDistinct(back, 'demo backwards, unfiltered');
    await page.getByTestId('log-frequency').check();
    await expect(page.locator('.slot.slot-visible [data-testid=spectrogram]')).toHaveAttribute('data-log', 'true');
    await page.screenshot({ path: join(artifacts, 'labeling-log-frequency.png') });
  } finally {
    api.close();
  }
});

test('demo project: 50 windows of the active-learning queue, labeled by key', async ({ page }) => {
  test.setTimeout(240_000);
  await page.setViewportSize({ width: 1440, height: 900 });
  const api = await apiClient();
  try {
    await page.goto('/');
    await page.getByTestId('tab-label').click();
    await page.getByTestId('mode-queue').click();
    const seen: Seen[] = [];
    let prev: number | undefined;
    // The model retrains every 10 labels in the background: the traces must not move meanwhile.
    const traceBox = async () => JSON.stringify(await page.getByTestId('trace-view').boundingBox());
    const box = await traceBox();
    let checkedWhileTraining = 0;
    for (let i = 0; i < 50; i++) {
      const s = await checkLabelingScreen(page, api, prev);
      seen.push(s);
      prev = s.windowId;
      expect(await traceBox(), `trace area moved at window ${i + 1}`).toBe(box);
      if (await page.getByTestId('model-training').count()) checkedWhileTraining++;
      await page.keyboard.press(String(1 + (i % 4)));
    }
    expectDistinct(seen, 'demo queue');
    await expect(page.getByTestId('model-version')).toContainText('v');
    expect(checkedWhileTraining, 'no window was checked while a model trained').toBeGreaterThan(0);
    console.log(`demo queue: ${checkedWhileTraining} of 50 windows checked while a model was training`);
  } finally {
    api.close();
  }
});

test('a filter whose corner is at or above Nyquist is refused in plain words', async ({ page }) => {
  await page.goto('/');
  await page.getByTestId('tab-label').click();
  await expect(page.getByTestId('window-title')).not.toHaveAttribute('data-window-id', '');
  await page.getByTestId('filter').selectOption('custom');
  await page.getByTestId('custom-kind').selectOption('lowpass');
  await page.getByLabel('high corner (Hz)').fill('80');
  await expect(page.getByTestId('filter-problem')).toContainText('Nyquist');
  await expect(page.locator('.slot.slot-visible .slot-notice')).toContainText('Shown unfiltered');
  await page.getByLabel('high corner (Hz)').fill('abc');
  await expect(page.getByTestId('filter-error')).toContainText('positive');
  await page.getByTestId('filter').selectOption('1-10');
  await expect(page.getByTestId('filter-problem')).toHaveCount(0);
});

test.describe('real recordings', () => {
  test.skip(!hasSharedData, 'needs ../shared/data (the real windowed set); see ../shared/data/README.md');

  test('138 real windows: 50 in order, then the volunteer view at laptop and phone size', async ({ page }) => {
    test.setTimeout(300_000);
    await page.setViewportSize({ width: 1440, height: 900 });
    await createProject(page, 'truth');
    await importPaths(page, [dataPath('windows.f32')]);
    await expect(page.getByTestId('project-summary')).toContainText('138 window(s)');
    const api = await apiClient();
    try {
      await openLabelingInOrder(page);
      const seen: Seen[] = [];
      let prev: number | undefined;
      for (let i = 0; i < 50; i++) {
        if (i === 25) await page.setViewportSize({ width: 1366, height: 768 });
        const s = await checkLabelingScreen(page, api, prev);
        seen.push(s);
        prev = s.windowId;
        await page.keyboard.press('ArrowRight');
      }
      // After a reload the window the screen resumes on is drawn as itself too.
      await page.reload();
      seen.push(await checkLabelingScreen(page, api));
      expectDistinct(seen, 'real windows in order, then a reload');

      // The volunteer view: one large trace (the vertical), checked the same way.
      const volunteer: Seen[] = [];
      for (const [size, count] of [[{ width: 1440, height: 900 }, 30], [{ width: 390, height: 844 }, 25]] as const) {
        await page.setViewportSize(size);
        await page.goto('/?view=volunteer');
        for (let i = 0; i < count; i++) {
          const s = await checkVolunteer(page, api, volunteer.at(-1)?.windowId);
          volunteer.push(s);
          if (i === 1) {
            await page.getByTestId('volunteer-count').scrollIntoViewIfNeeded();
            await page.screenshot({ path: join(artifacts, `volunteer-${size.width}x${size.height}.png`) });
            // Every answer button is on the screen, inside its width, without scrolling.
            for (const b of await page.locator('.vol-class, .vol-other button').all()) {
              const r = (await b.boundingBox())!;
              expect(r.x).toBeGreaterThanOrEqual(0);
              expect(r.x + r.width).toBeLessThanOrEqual(size.width + 0.5);
              expect(r.y + r.height).toBeLessThanOrEqual(size.height + 0.5);
            }
          }
          await page.getByTestId('volunteer-unsure').click();
        }
      }
      expect(volunteer.length).toBeGreaterThanOrEqual(50);
      expectDistinct(volunteer, 'volunteer view');
    } finally {
      api.close();
    }
  });
});

async function checkVolunteer(page: Page, api: Api, notId?: number): Promise<Seen> {
  const plot = page.getByTestId('volunteer-plot');
  if (notId !== undefined) await expect(plot).not.toHaveAttribute('data-window-id', String(notId));
  await expect(plot).not.toHaveAttribute('data-window-id', '');
  const windowId = Number(await plot.getAttribute('data-window-id'));
  const canvas = page.getByTestId('volunteer-canvas');
  await expect(canvas).toHaveAttribute('data-window-id', String(windowId));
  const w = await windowSamples(api, windowId);
  const k = Math.max(0, w.channels.findIndex((c) => c.endsWith('Z')));
  const box = (await canvas.boundingBox())!;
  // The button row or header must not cover the plot on a phone: the whole canvas is in view.
  expect(box.x).toBeGreaterThanOrEqual(0);
  expect(box.x + box.width).toBeLessThanOrEqual(page.viewportSize()!.width + 0.5);
  await canvas.scrollIntoViewIfNeeded();
  const b = (await canvas.boundingBox())!;
  const img = decodePng(await page.screenshot({ clip: b }));
  const edges = drawnEdges(img, { x: 0, y: 0, width: img.width, height: img.height });
  const score = matchScore(edges, filtered(w.data[k]!, w.fs, PRESET_FILTERS['1-10']!));
  expect(score, `volunteer window ${windowId}: drawn vs samples`).toBeGreaterThan(MIN_SCORE);
  return { windowId, scores: [score], picture: edges.mask };
}
