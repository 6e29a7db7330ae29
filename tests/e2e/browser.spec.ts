// The trace browser on a whole day of real data (CH.BALST..LHE, 1 Hz, 86,343 samples):
// zoom in and out, pan, and cut a selected range into a window that opens for labeling.
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { dataPath, hasSharedData, missingDataReason } from '../helpers/data.js';
import { apiClient, artifacts, createProject, importPaths } from './helpers.js';

test.skip(!hasSharedData, missingDataReason);

const span = async (page: Page) => {
  const v = page.getByTestId('browser-view');
  return Number(await v.getAttribute('data-end')) - Number(await v.getAttribute('data-start'));
};

test('browse a one-day miniSEED stream: zoom, pan and label a selection', async ({ page }) => {
  await createProject(page, 'browse');
  await importPaths(page, [dataPath('raw_formats', 'obspy', 'CH.BALST..LHE.D.2025.314')], 0);
  await page.getByTestId('tab-browse').click();
  const canvas = page.getByTestId('browser-canvas');
  await expect.poll(() => span(page)).toBeCloseTo(86_343, 0);
  await page.waitForTimeout(300);
  const whole = await canvas.screenshot();
  await page.screenshot({ path: join(artifacts, 'browser-day.png') });

  await canvas.focus();
  for (let i = 0; i < 6; i++) await page.keyboard.press('+');
  await expect.poll(() => span(page)).toBeCloseTo(86_343 / 64, 0);
  await page.waitForTimeout(300);
  const zoomed = await canvas.screenshot();
  expect(zoomed.equals(whole)).toBe(false);
  const startBefore = Number(await page.getByTestId('browser-view').getAttribute('data-start'));
  await page.keyboard.press('ArrowRight');
  await expect.poll(async () => Number(await page.getByTestId('browser-view').getAttribute('data-start'))).toBeGreaterThan(startBefore);
  await page.screenshot({ path: join(artifacts, 'browser-zoomed.png') });
  await page.getByTestId('zoom-out').click();
  await expect.poll(() => span(page)).toBeCloseTo(86_343 / 32, 0);

  // Shift+drag across the middle third selects about a third of the visible span.
  const box = (await canvas.boundingBox())!;
  await page.keyboard.down('Shift');
  await page.mouse.move(box.x + box.width / 3, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + (2 * box.width) / 3, box.y + box.height / 2, { steps: 5 });
  await page.mouse.up();
  await page.keyboard.up('Shift');
  await page.getByTestId('create-window').click();
  await expect(page.getByTestId('progress')).toContainText('window 1 of 1');
  const api = await apiClient();
  try {
    const { windows } = await api.call('windows.list', {});
    expect(windows).toHaveLength(1);
    const seconds = windows[0]!.nSamples / windows[0]!.samplingRate;
    expect(seconds).toBeGreaterThan((86_343 / 32 / 3) * 0.9);
    expect(seconds).toBeLessThan((86_343 / 32 / 3) * 1.1);
    expect(windows[0]!.origin).toBe('manual');
  } finally {
    api.close();
  }
  await page.keyboard.press('1');
  await expect(page.getByTestId('labeled-count')).toHaveText('1');
});
