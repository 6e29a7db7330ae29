// Analyst picks on the labeling screen: Shift+P at the pointer places a P onset (stored as a
// pick event of the annotator and drawn in the pick colour where it was placed), dragging
// moves it, Delete removes it; with snapping on, a pick placed half a second late on a demo
// earthquake lands on its onset. Every change is an event in the window's pick history.
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { apiClient, artifacts, e2eHome } from './helpers.js';
import { decodePng } from './pixels.js';

test.describe.configure({ mode: 'serial' });

/** Client x of `seconds` in the visible window's first trace row. */
async function xOf(page: Page, seconds: number, duration: number): Promise<{ x: number; y: number }> {
  const box = (await page.locator('.slot.slot-visible [data-testid=trace-canvas]').first().boundingBox())!;
  return { x: box.x + (seconds / duration) * box.width, y: box.y + box.height / 2 };
}

/** Columns of the first row that show the P pick colour (#0072B2), in CSS px from its left edge. */
async function pColumns(page: Page): Promise<number[]> {
  const canvas = page.locator('.slot.slot-visible [data-testid=trace-canvas]').first();
  const img = decodePng(await canvas.screenshot());
  const cols: number[] = [];
  for (let x = 0; x < img.width; x++) {
    let n = 0;
    for (let y = 0; y < img.height; y++) {
      const i = (y * img.width + x) * 4;
      if (Math.abs(img.data[i]! - 0x00) < 40 && Math.abs(img.data[i + 1]! - 0x72) < 40 && Math.abs(img.data[i + 2]! - 0xb2) < 40) n++;
    }
    if (n > img.height / 3) cols.push(x);
  }
  return cols;
}

test('place, drag, snap and delete a P pick', async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  const api = await apiClient();
  try {
    await api.call('projects.open', { path: join(e2eHome, 'demo.seislabel') });
    await page.goto('/');
    await page.getByTestId('tab-label').click();
    await page.getByTestId('mode-order').click();
    await page.keyboard.press('Home');
    // A demo earthquake: its file picks say where the P onset is.
    const { windows } = await api.call('windows.list', { limit: 100 });
    const quake = windows.find((w) => w.picks.some((p) => p.phase === 'P'))!;
    const index = windows.findIndex((w) => w.id === quake.id);
    for (let i = 0; i < index; i++) await page.keyboard.press('ArrowRight');
    await expect(page.getByTestId('window-title')).toHaveAttribute('data-window-id', String(quake.id));
    const duration = quake.nSamples / quake.samplingRate;
    const truth = quake.picks.find((p) => p.phase === 'P')!.offsetSeconds;
    const pickP = async () => (await api.call('windows.get', { id: quake.id })).picks.find((p) => p.phase === 'P')?.offsetSeconds ?? null;

    // Without snapping: exactly where the pointer is (to a pixel).
    await page.getByTestId('snap-picks').uncheck();
    const at = await xOf(page, 4, duration);
    await page.mouse.move(at.x, at.y);
    await page.keyboard.press('Shift+P');
    const perPx = duration / (await page.locator('.slot.slot-visible [data-testid=trace-canvas]').first().boundingBox())!.width;
    await expect.poll(pickP).not.toBe(truth);
    expect(Math.abs((await pickP())! - 4)).toBeLessThan(2 * perPx);
    // Drawn there, in the pick colour.
    await expect.poll(async () => (await pColumns(page)).some((c) => Math.abs(c * perPx - 4) < 3 * perPx)).toBe(true);

    // Drag it to 6 s.
    const to = await xOf(page, 6, duration);
    await page.mouse.move(at.x, at.y);
    await page.mouse.down();
    await page.mouse.move(to.x, to.y, { steps: 5 });
    await page.mouse.up();
    await expect.poll(async () => Math.abs((await pickP())! - 6) < 2 * perPx).toBe(true);

    // Snapping: placed half a second after the true onset, it lands on the onset.
    await page.getByTestId('snap-picks').check();
    const late = await xOf(page, truth + 0.5, duration);
    await page.mouse.move(late.x, late.y);
    await page.keyboard.press('Shift+P');
    await expect.poll(async () => Math.abs((await pickP())! - truth)).toBeLessThan(0.15);
    await page.screenshot({ path: join(artifacts, 'labeling-picks.png') });

    // Delete removes it (the file's P too: the analyst's removal is the latest word).
    const onP = await xOf(page, (await pickP())!, duration);
    await page.mouse.move(onP.x, onP.y);
    await page.keyboard.press('Delete');
    await expect.poll(pickP).toBeNull();
    const history = await api.call('picks.history', { windowId: quake.id });
    expect(history.map((e) => e.offsetSeconds === null)).toEqual([false, false, false, true]);
    expect(new Set(history.map((e) => e.phase))).toEqual(new Set(['P']));
  } finally {
    api.close();
  }
});

test('a pick with an uncertainty is drawn with a band of ± that width and listed with it, and follows a move made elsewhere', async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  const api = await apiClient();
  try {
    await api.call('projects.open', { path: join(e2eHome, 'demo.seislabel') });
    const { windows } = await api.call('windows.list', { limit: 5 });
    const w = windows[0]!;
    const duration = w.nSamples / w.samplingRate;
    const ann = await api.call('annotators.ensure', { name: 'analyst' });
    await api.call('picks.set', { windowId: w.id, annotatorId: ann.id, phase: 'P', offsetSeconds: duration / 2, uncertaintySeconds: duration / 20 });
    await page.goto('/');
    await page.getByTestId('tab-label').click();
    await page.getByTestId('mode-order').click();
    await page.keyboard.press('Home');
    await expect(page.getByTestId('window-title')).toHaveAttribute('data-window-id', String(w.id));
    // The second row (no label text): columns whose background is the P colour at low opacity over white.
    const canvas = page.locator('.slot.slot-visible [data-testid=trace-canvas]').nth(1);
    await expect.poll(async () => (await canvas.getAttribute('data-window-id')) === String(w.id)).toBe(true);
    await expect(page.getByTestId('picks')).toContainText(`P ${(duration / 2).toFixed(2)} ± ${(duration / 20).toFixed(2)} s`);
    const band = async () => {
      const img = decodePng(await canvas.screenshot());
      const tinted: number[] = [];
      for (let x = 0; x < img.width; x++) {
        let n = 0;
        for (let y = 0; y < img.height; y++) {
          const i = (y * img.width + x) * 4;
          if (Math.abs(img.data[i]! - 209) < 12 && Math.abs(img.data[i + 1]! - 230) < 12 && Math.abs(img.data[i + 2]! - 241) < 12) n++;
        }
        if (n > img.height / 4) tinted.push(x);
      }
      const span = tinted.length ? tinted[tinted.length - 1]! - tinted[0]! : 0;
      return { width: img.width, span, centre: tinted.length ? (tinted[0]! + tinted[tinted.length - 1]!) / 2 : -1 };
    };
    // ± duration/20 around the middle: a tenth of the width, centred.
    const b = await band();
    expect(Math.abs(b.span - b.width / 10)).toBeLessThan(4);
    expect(Math.abs(b.centre - b.width / 2)).toBeLessThan(4);
    await page.screenshot({ path: join(artifacts, 'labeling-pick-uncertainty.png') });

    // Moved by someone else (another connection; on a team database, another host): the open
    // page lists and draws it where it is now, without being reloaded.
    await api.call('picks.set', { windowId: w.id, annotatorId: ann.id, phase: 'P', offsetSeconds: duration / 4, uncertaintySeconds: duration / 20 });
    await expect(page.getByTestId('picks')).toContainText(`P ${(duration / 4).toFixed(2)} ± ${(duration / 20).toFixed(2)} s`);
    await expect.poll(async () => Math.abs((await band()).centre - b.width / 4) < 4).toBe(true);
    expect(Math.abs((await band()).span - b.width / 10)).toBeLessThan(4);
  } finally {
    api.close();
  }
});
