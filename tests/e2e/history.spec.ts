// The history of a window on the labeling screen: the owner sees every label event (who,
// when, what, undo) and pick event of the window; a volunteer, in their view, only their own
// label events — never the owner's label or anyone else's.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { dataPath, hasSharedData, missingDataReason } from '../helpers/data.js';
import { apiClient, artifacts, createProject, importPaths } from './helpers.js';

test.skip(!hasSharedData, missingDataReason);

const roundtrip = () => readdirSync(dataPath('raw_formats', 'roundtrip')).filter((f) => f.endsWith('.SAC')).sort().map((f) => dataPath('raw_formats', 'roundtrip', f));
const signedOut = { storageState: { cookies: [], origins: [] } };

async function shots(page: Page, name: string): Promise<void> {
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.getByTestId('history').scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(artifacts, `${name}-laptop.png`) });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.getByTestId('history').scrollIntoViewIfNeeded();
  await expect(page.getByTestId('history')).toBeInViewport();
  await page.screenshot({ path: join(artifacts, `${name}-phone.png`) });
  await page.setViewportSize({ width: 1366, height: 768 });
}

test('the owner sees every event of a window; a volunteer only their own', async ({ page, browser }) => {
  test.setTimeout(120_000);
  await createProject(page, 'history');
  await importPaths(page, roundtrip());
  const owner = await apiClient();
  try {
    const classes = await owner.call('classes.list');
    const id = (name: string) => classes.find((c) => c.name === name)!.id;
    const { windows } = await owner.call('windows.list', { limit: 100 });
    const w = windows[0]!.id;
    // Hal says noise, takes it back, says earthquake.
    const { token } = await owner.call('people.invite', { name: 'hal', role: 'volunteer' });
    const hal = await apiClient(token);
    await hal.call('labels.add', { windowId: w, kind: 'class', classId: id('noise') });
    await hal.call('labels.undo', {});
    await hal.call('labels.add', { windowId: w, kind: 'class', classId: id('earthquake') });

    // The owner labels it tremor by key and places a P pick.
    await page.getByTestId('tab-label').click();
    await page.getByTestId('mode-order').click();
    await page.keyboard.press('Home');
    await expect(page.getByTestId('window-title')).toHaveAttribute('data-window-id', String(w));
    await page.keyboard.press('2');
    await page.keyboard.press('ArrowLeft');
    await expect(page.getByTestId('window-title')).toHaveAttribute('data-window-id', String(w));
    await expect.poll(async () => (await owner.call('labels.history', { windowId: w })).length).toBe(4);
    const me = (await owner.call('annotators.list')).find((a) => a.name === 'annotator')!;
    await owner.call('picks.set', { windowId: w, annotatorId: me.id, phase: 'P', offsetSeconds: 4.5 });
    const history = page.getByTestId('history');
    await history.locator('summary').click();
    await expect(history).toHaveAttribute('data-count', '5');
    const rows = history.getByTestId('history-row');
    await expect(rows.nth(0)).toContainText('hal: #');
    await expect(rows.nth(0)).toContainText('noise');
    await expect(rows.nth(1)).toHaveAttribute('data-kind', 'undo');
    await expect(rows.nth(1)).toContainText('undid #');
    await expect(rows.nth(2)).toContainText('hal: #');
    await expect(rows.nth(2)).toContainText('earthquake');
    await expect(rows.nth(3)).toContainText('annotator: #');
    await expect(rows.nth(3)).toContainText('tremor');
    await expect(rows.nth(4)).toHaveAttribute('data-kind', 'pick');
    await expect(rows.nth(4)).toContainText('annotator: P pick at 4.50 s');
    // The panel shows what the core stored: the same events in the same order.
    const stored = await owner.call('labels.history', { windowId: w });
    expect(stored.map((e) => e.kind)).toEqual(['class', 'undo', 'class', 'class']);
    await shots(page, 'history-owner');

    // Hal's view: Backspace undoes his earthquake and brings the window back — with his events only.
    const ctx = await browser.newContext({ ...signedOut, viewport: { width: 1366, height: 768 } });
    const vol = await ctx.newPage();
    await vol.goto(`/?token=${token}`);
    await expect(vol.getByTestId('volunteer-plot')).not.toHaveAttribute('data-drawn-id', '');
    await vol.keyboard.press('Backspace');
    await expect(vol.getByTestId('volunteer-plot')).toHaveAttribute('data-window-id', String(w));
    const mine = vol.getByTestId('history');
    await mine.locator('summary').click();
    await expect(mine).toHaveAttribute('data-count', '4');
    await expect(mine.getByTestId('history-row')).toHaveText([/you: #\d+ noise/, /you: undid #\d+ \(noise\)/, /you: #\d+ earthquake/, /you: undid #\d+ \(earthquake\)/]);
    await expect(mine).not.toContainText('tremor');
    await expect(mine).not.toContainText('pick');
    expect((await hal.call('labels.mine', { windowId: w })).every((e) => e.annotatorId !== me.id)).toBe(true);
    await shots(vol, 'history-volunteer');
    await ctx.close();
    hal.close();
  } finally {
    owner.close();
  }
});
