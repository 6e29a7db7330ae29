// Every view at a laptop, a small laptop and a phone size, saved as artifacts to be looked
// at (tests/artifacts/views/): the project screen, the labeling screen with a class's
// examples open, the trace browser, the model dashboard, the feature views, the map and the
// volunteer view. What must hold is checked: at 1440 and 1366 px the labeling screen does
// not scroll sideways and no class name is cut off; on a phone the volunteer view keeps
// every answer on the screen.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { apiClient, artifacts, e2eHome } from './helpers.js';

const SIZES = [
  { width: 1440, height: 900 },
  { width: 1366, height: 768 },
  { width: 390, height: 844 },
] as const;
const SCREENS = ['project', 'label', 'browse', 'model', 'features', 'map'] as const;
const dir = join(artifacts, 'views');
mkdirSync(dir, { recursive: true });

/** Elements whose text is wider than their box (cut off or overflowing). */
const clipped = (page: Page, selector: string) =>
  page.locator(selector).evaluateAll((els) => els.filter((e) => e.scrollWidth > e.clientWidth + 1).map((e) => e.textContent ?? ''));

test('each view at 1440×900, 1366×768 and 390×844', async ({ page }) => {
  test.setTimeout(180_000);
  const api = await apiClient();
  try {
    await api.call('projects.open', { path: join(e2eHome, 'demo.seislabel') });
  } finally {
    api.close();
  }
  for (const size of SIZES) {
    await page.setViewportSize(size);
    await page.goto('/');
    for (const screen of SCREENS) {
      await page.getByTestId(`tab-${screen}`).click();
      if (screen === 'label') {
        await expect(page.locator('.slot.slot-visible')).toHaveCount(1);
        if (size.width >= 1366) {
          expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
          expect(await clipped(page, '.verdict')).toEqual([]);
        }
        await page.screenshot({ path: join(dir, `label-${size.width}x${size.height}.png`) });
        await page.getByTestId('examples-earthquake').click();
        await page.screenshot({ path: join(dir, `label-examples-${size.width}x${size.height}.png`) });
        await page.getByTestId('examples-earthquake').click();
        continue;
      }
      await page.waitForTimeout(800);
      await page.screenshot({ path: join(dir, `${screen}-${size.width}x${size.height}.png`) });
    }
    await page.goto('/?view=volunteer');
    await expect(page.getByTestId('volunteer-canvas')).not.toHaveAttribute('data-window-id', '');
    for (const b of await page.locator('.vol-class, .vol-other button').all()) {
      const r = (await b.boundingBox())!;
      expect(r.x + r.width).toBeLessThanOrEqual(size.width + 0.5);
      expect(r.y + r.height).toBeLessThanOrEqual(size.height + 0.5);
    }
    await page.screenshot({ path: join(dir, `volunteer-${size.width}x${size.height}.png`) });
    // Back to the full view for the next size (the choice is remembered).
    await page.getByTestId('full-view').click();
  }
});
