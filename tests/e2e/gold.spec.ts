// Gold marking on the labeling screen: the owner marks the window on screen as gold with
// their own label — by key (g) and by button —, sees it marked, and unmarks it; the core's
// gold list follows every step. Two volunteers said "noise" and the owner "earthquake", so
// the consensus (noise) differs from the expert's label, which is the one gold must take.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { dataPath, hasSharedData, missingDataReason } from '../helpers/data.js';
import { apiClient, artifacts, createProject, importPaths } from './helpers.js';

test.skip(!hasSharedData, missingDataReason);

const roundtrip = () => readdirSync(dataPath('raw_formats', 'roundtrip')).filter((f) => f.endsWith('.SAC')).sort().map((f) => dataPath('raw_formats', 'roundtrip', f));

test('the owner marks and unmarks gold windows with g and the button', async ({ page }) => {
  await createProject(page, 'gold');
  await importPaths(page, roundtrip());
  const owner = await apiClient();
  try {
    const classes = await owner.call('classes.list');
    const cls = (name: string) => classes.find((c) => c.name === name)!.id;
    const { windows } = await owner.call('windows.list', { limit: 100 });
    const [first, second] = windows;
    // Two volunteers call the first window noise.
    for (const name of ['vic', 'val']) {
      const { token } = await owner.call('people.invite', { name, role: 'volunteer' });
      const v = await apiClient(token);
      await v.call('labels.add', { windowId: first!.id, kind: 'class', classId: cls('noise') });
      v.close();
    }

    await page.getByTestId('tab-label').click();
    await page.getByTestId('mode-order').click();
    await page.keyboard.press('Home');
    await expect(page.getByTestId('window-title')).toHaveAttribute('data-window-id', String(first!.id));
    await expect(page.getByTestId('vote-row')).toHaveCount(2);
    await expect(page.getByTestId('gold-status')).toContainText('not a gold window');
    // The expert says earthquake (1) and comes back to the window: the crowd still says noise.
    await page.keyboard.press('1');
    await expect(page.getByTestId('window-title')).toHaveAttribute('data-window-id', String(second!.id));
    // An unlabeled window cannot be marked gold: there is no class to give it.
    await expect(page.getByTestId('gold-toggle')).toBeDisabled();
    await page.keyboard.press('ArrowLeft');
    await expect(page.getByTestId('vote-row')).toHaveCount(3);
    await expect(page.getByTestId('consensus-line')).toContainText('noise');
    await expect(page.getByTestId('gold-toggle')).toContainText('mark gold: earthquake');

    await page.keyboard.press('g');
    await expect(page.getByTestId('gold-badge')).toHaveText('★ gold: earthquake');
    await expect(page.getByTestId('gold-status')).toHaveAttribute('data-gold', String(cls('earthquake')));
    expect(await owner.call('gold.list')).toEqual([{ windowId: first!.id, classId: cls('earthquake') }]);
    // Gold settles the consensus.
    await expect(page.getByTestId('consensus-line')).toContainText('earthquake (gold)');
    await expect(page.getByTestId('current-label')).toContainText('earthquake');

    await page.getByTestId('gold-toggle').click();
    await expect(page.getByTestId('gold-badge')).toHaveCount(0);
    await expect.poll(() => owner.call('gold.list')).toEqual([]);
    await expect(page.getByTestId('consensus-line')).toContainText('noise');

    await page.getByTestId('gold-toggle').click();
    await expect(page.getByTestId('gold-badge')).toBeVisible();
    await expect.poll(() => owner.call('gold.list')).toEqual([{ windowId: first!.id, classId: cls('earthquake') }]);
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.screenshot({ path: join(artifacts, 'gold-laptop.png') });
    await page.setViewportSize({ width: 390, height: 844 });
    // On a phone the side panel sits below the traces.
    await page.getByTestId('crowd-panel').scrollIntoViewIfNeeded();
    await expect(page.getByTestId('crowd-panel')).toBeInViewport();
    await page.screenshot({ path: join(artifacts, 'gold-phone.png') });

    // The gold mark survives a reload (it is the core's, not the page's).
    await page.reload();
    await page.getByTestId('tab-label').click();
    await expect(page.getByTestId('window-title')).toHaveAttribute('data-window-id', String(first!.id));
    await expect(page.getByTestId('gold-badge')).toHaveText('★ gold: earthquake');
  } finally {
    owner.close();
  }
});
