// The trace browser on a day of three-component 100 Hz data (3 × 8.64 M samples, synthetic,
// written as SAC files into a temporary folder): zoom from the whole day down to seconds
// on a known earthquake and back, pan, and check what is drawn: the three rows, the time
// range the canvas says it shows, full resolution once the tiles arrived, and the event
// at the x where its time falls.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { DAY_EVENTS, DAY_SECONDS, writeSyntheticDay } from '../helpers/syntheticDay.js';
import { apiClient, artifacts, createProject } from './helpers.js';

const ROWS = 3;
const big = DAY_EVENTS.reduce((a, b) => (b.peakOverNoise > a.peakOverNoise ? b : a));

let dir = '';
let paths: string[] = [];
test.beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'seislabel-day-'));
  paths = writeSyntheticDay(dir);
});
test.afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** What the canvas says it shows, and whether at full resolution. */
const drawn = async (page: Page) => {
  const c = page.getByTestId('browser-canvas');
  return {
    start: Number(await c.getAttribute('data-start')),
    end: Number(await c.getAttribute('data-end')),
    complete: (await c.getAttribute('data-complete')) === 'true',
  };
};

/** Height in pixels of the drawn trace in each column of a row (the same layout as drawTraces.ts). */
const columnHeights = (page: Page, row: number) =>
  page.evaluate(
    ([r, rows]) => {
      const c = document.querySelector<HTMLCanvasElement>('[data-testid="browser-canvas"]')!;
      const k = c.width / c.clientWidth;
      const rowH = (c.clientHeight - 22 - 6 * (rows - 1)) / rows;
      const top = Math.ceil(r * (rowH + 6) * k);
      const bottom = Math.floor((r * (rowH + 6) + rowH) * k);
      const img = c.getContext('2d')!.getImageData(0, top, c.width, bottom - top).data;
      const out: number[] = [];
      for (let x = 0; x < c.clientWidth; x++) {
        let n = 0;
        for (let y = 0; y < bottom - top; y++) if (img[(y * c.width + Math.floor(x * k)) * 4]! < 100) n++;
        out.push(n / k);
      }
      return out;
    },
    [row, ROWS] as const,
  );

/** Waits until the canvas shows the browser-view range at full resolution. */
async function settled(page: Page): Promise<{ start: number; end: number; width: number }> {
  const view = page.getByTestId('browser-view');
  await expect
    .poll(async () => {
      const d = await drawn(page);
      const s = Number(await view.getAttribute('data-start'));
      const e = Number(await view.getAttribute('data-end'));
      return d.complete && Math.abs(d.start - s) < 1e-6 && Math.abs(d.end - e) < 1e-6;
    })
    .toBe(true);
  const d = await drawn(page);
  const width = await page.getByTestId('browser-canvas').evaluate((c) => c.clientWidth);
  return { start: d.start, end: d.end, width };
}

test('a 100 Hz day of three components: zoom to seconds on an event and back, pan', async ({ page }) => {
  await createProject(page, 'day');
  const api = await apiClient();
  try {
    const { taskId } = await api.call('imports.start', { paths, windowing: { mode: 'none' } });
    await expect.poll(async () => (await api.call('tasks.get', { id: taskId })).status, { timeout: 30_000 }).toBe('done');
  } finally {
    api.close();
  }
  await page.reload();
  await page.getByTestId('tab-browse').click();
  const canvas = page.getByTestId('browser-canvas');

  // The whole day, three rows, the big event's column the tallest of the vertical row.
  let v = await settled(page);
  expect(v.start).toBe(0);
  expect(v.end).toBeCloseTo(DAY_SECONDS, 3);
  for (let r = 0; r < ROWS; r++) {
    const h = await columnHeights(page, r);
    expect(h.filter((x) => x > 0).length).toBeGreaterThan(v.width * 0.95);
  }
  const z = await columnHeights(page, 0);
  const tallest = z.indexOf(Math.max(...z));
  const eventX = (big.pSeconds / DAY_SECONDS) * v.width;
  // One column is 67 s here; the S and coda follow P by seconds, so within 2 columns.
  expect(Math.abs(tallest - eventX)).toBeLessThanOrEqual(2);
  await page.screenshot({ path: join(artifacts, 'browser-day-100hz.png') });

  // Zoom in step by step, keeping the event's P in the middle by dragging it there before
  // each step (from its known time, so pixel rounding does not add up).
  const box = (await canvas.boundingBox())!;
  const y = box.y + box.height / 2;
  await canvas.focus();
  for (let step = 0; step < 14; step++) {
    v = await settled(page);
    if (v.end - v.start < DAY_SECONDS - 1) {
      const x = ((big.pSeconds - v.start) / (v.end - v.start)) * v.width;
      await page.mouse.move(box.x + x, y);
      await page.mouse.down();
      await page.mouse.move(box.x + v.width / 2, y, { steps: 4 });
      await page.mouse.up();
    }
    await page.keyboard.press('+');
  }
  v = await settled(page);
  expect(v.end - v.start).toBeCloseTo(DAY_SECONDS / 2 ** 14, 3);
  expect(v.start).toBeLessThan(big.pSeconds);
  expect(v.end).toBeGreaterThan(big.pSeconds);
  await page.screenshot({ path: join(artifacts, 'browser-day-100hz-p.png') });

  // At ~5 s across, P is a step in the envelope at its x: quiet before, large after.
  const px = ((big.pSeconds - v.start) / (v.end - v.start)) * v.width;
  for (let r = 0; r < ROWS; r++) {
    const h = await columnHeights(page, r);
    const before = Math.max(...h.slice(Math.max(0, Math.round(px) - 120), Math.round(px) - 3));
    const after = Math.max(...h.slice(Math.round(px) + 3, Math.round(px) + 120));
    expect(after).toBeGreaterThan(2 * before);
  }

  // Pan: the view moves right by a tenth and is drawn there at full resolution.
  await page.keyboard.press('ArrowRight');
  const panned = await settled(page);
  expect(panned.start).toBeCloseTo(v.start + (v.end - v.start) / 10, 3);

  // And back out to the whole day.
  for (let step = 0; step < 15; step++) await page.keyboard.press('-');
  v = await settled(page);
  expect(v.start).toBe(0);
  expect(v.end).toBeCloseTo(DAY_SECONDS, 3);
});
