// Two volunteers and the owner on one project at once, each in their own browser: the owner
// asks for two people per window, the volunteers label every window in turn (Vera says noise
// to all, Walt alternates earthquake and noise), neither sees the other's labels, and the
// owner's Team screen shows the agreement worked out by hand: Cohen's κ 0 (Vera's constant
// answer tells nothing beyond chance) and Fleiss' κ (0.5 − 0.625) / (1 − 0.625) = −0.33.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { dataPath, hasSharedData, missingDataReason } from '../helpers/data.js';
import { apiClient, artifacts, createProject, importPaths } from './helpers.js';

test.skip(!hasSharedData, missingDataReason);

const roundtrip = () => readdirSync(dataPath('raw_formats', 'roundtrip')).filter((f) => f.endsWith('.SAC')).sort().map((f) => dataPath('raw_formats', 'roundtrip', f));
const signedOut = { storageState: { cookies: [], origins: [] } };

async function invite(page: Page, name: string): Promise<string> {
  await page.getByTestId('invite-name').fill(name);
  await page.getByTestId('invite-role').selectOption('volunteer');
  await page.getByTestId('invite-create').click();
  await expect(page.getByTestId('people-table')).toContainText(name);
  return page.getByTestId('invite-link').inputValue();
}

async function volunteerPage(browser: Browser, link: string): Promise<Page> {
  const ctx = await browser.newContext(signedOut);
  const page = await ctx.newPage();
  await page.goto(link);
  await expect(page.getByTestId('volunteer-plot')).not.toHaveAttribute('data-drawn-id', '');
  return page;
}

/** Answers the window on screen and waits for the count to go up. */
async function answer(page: Page, cls: string, count: number): Promise<number> {
  await expect(page.getByTestId('volunteer-plot')).not.toHaveAttribute('data-window-id', '');
  const id = Number(await page.getByTestId('volunteer-plot').getAttribute('data-window-id'));
  await expect(page.getByTestId('volunteer-plot')).toHaveAttribute('data-drawn-id', String(id));
  await page.getByTestId(`volunteer-class-${cls}`).click();
  await expect(page.getByTestId('volunteer-count')).toHaveAttribute('data-count', String(count));
  return id;
}

test('two volunteers label at once, blind to each other; the owner sees their agreement', async ({ page, browser }) => {
  test.setTimeout(180_000);
  await createProject(page, 'team');
  await importPaths(page, roundtrip());
  await expect(page.getByTestId('project-summary')).toContainText('12 window(s)');
  const veraLink = await invite(page, 'vera');
  const waltLink = await invite(page, 'walt');

  // Two people should judge every window before it leaves the queue.
  await page.getByTestId('tab-team').click();
  await page.getByTestId('votes-per-window').fill('2');
  await expect(page.getByTestId('votes-per-window')).toHaveValue('2');

  const vera = await volunteerPage(browser, veraLink);
  const walt = await volunteerPage(browser, waltLink);
  const seenBy = { vera: new Set<number>(), walt: new Set<number>() };
  for (let i = 0; i < 12; i++) {
    seenBy.vera.add(await answer(vera, 'noise', i + 1));
    seenBy.walt.add(await answer(walt, i % 2 === 0 ? 'earthquake' : 'noise', i + 1));
  }
  expect(seenBy.vera.size).toBe(12);
  expect(seenBy.walt.size).toBe(12);
  await expect(vera.getByTestId('volunteer-waiting')).toBeVisible();
  await vera.screenshot({ path: join(artifacts, 'team-volunteer-done.png') });

  // Blind: through Walt's own session, every window shows only Walt's label.
  const waltToken = new URL(waltLink).searchParams.get('token')!;
  const asWalt = await apiClient(waltToken);
  const owner = await apiClient();
  try {
    const waltId = (await owner.call('annotators.list')).find((a) => a.name === 'walt')!.id;
    // The page counts an answer at once and writes it after: wait for the last writes to land.
    await expect.poll(async () => (await asWalt.call('windows.list', { limit: 100 })).windows.filter((w) => w.label !== null).length).toBe(12);
    const { windows } = await asWalt.call('windows.list', { limit: 100 });
    expect(windows.every((w) => w.label?.annotatorId === waltId)).toBe(true);
    await expect.poll(async () => (await owner.call('agreement.summary', {})).votes).toBe(24);
    const summary = await owner.call('agreement.summary', {});
    expect(summary.pairs).toHaveLength(1);
    expect(summary.pairs[0]!.shared).toBe(12);
    expect(summary.pairs[0]!.kappa).toBeCloseTo(0, 10);
    expect(summary.fleiss.kappa).toBeCloseTo(-1 / 3, 10);
  } finally {
    asWalt.close();
    owner.close();
  }

  // The owner's Team screen shows the same numbers.
  await page.reload();
  await page.getByTestId('tab-team').click();
  await expect(page.getByTestId('fleiss-kappa')).toHaveText('-0.33');
  await expect(page.getByTestId('pair-row')).toHaveCount(1);
  await expect(page.getByTestId('pair-kappa')).toHaveText('0.00');
  await expect(page.getByTestId('person-vera')).toContainText('12');
  await expect(page.getByTestId('person-walt')).toContainText('12');
  await page.screenshot({ path: join(artifacts, 'team-agreement.png'), fullPage: true });
  await vera.context().close();
  await walt.context().close();
});
