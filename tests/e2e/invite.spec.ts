// Serving volunteers: the owner creates an invite link in the project screen; a browser
// that has never signed in opens it, lands in the simple view under the invited name, and
// its answers are stored as that person's. A browser without any link is told it is not
// signed in; a revoked link stops working.
import { readdirSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { dataPath, hasSharedData, missingDataReason } from '../helpers/data.js';
import { apiClient, createProject, importPaths } from './helpers.js';

test.skip(!hasSharedData, missingDataReason);

const roundtrip = () => readdirSync(dataPath('raw_formats', 'roundtrip')).filter((f) => f.endsWith('.SAC')).sort().slice(0, 6).map((f) => dataPath('raw_formats', 'roundtrip', f));
// A browser context without the owner's cookie that playwright.config.ts gives every page.
const signedOut = { storageState: { cookies: [], origins: [] } };

test('an invite link signs a volunteer in; their labels are theirs; revoking ends it', async ({ page, browser }) => {
  await createProject(page, 'invite');
  await importPaths(page, roundtrip());

  await page.getByTestId('invite-name').fill('vera');
  await page.getByTestId('invite-role').selectOption('volunteer');
  await page.getByTestId('invite-create').click();
  const link = await page.getByTestId('invite-link').inputValue();
  expect(link).toMatch(/\/\?token=[\w-]{43}&view=volunteer$/);
  await expect(page.getByTestId('people-table')).toContainText('vera');

  const stranger = await browser.newContext(signedOut);
  const nobody = await stranger.newPage();
  await nobody.goto('/');
  await expect(nobody.getByRole('alert')).toContainText('not signed in');

  const volunteer = await browser.newContext(signedOut);
  const vpage = await volunteer.newPage();
  await vpage.goto(link);
  // The token left the address bar; the cookie carries the session.
  expect(new URL(vpage.url()).search).toBe('?view=volunteer');
  await expect(vpage.getByTestId('signed-in-as')).toHaveText('vera');
  await expect(vpage.getByTestId('full-view')).toHaveCount(0);
  await expect(vpage.getByTestId('volunteer-plot')).not.toHaveAttribute('data-drawn-id', '');
  const windowId = Number(await vpage.getByTestId('volunteer-plot').getAttribute('data-window-id'));
  await vpage.getByTestId('volunteer-class-noise').click();
  await expect(vpage.getByTestId('volunteer-count')).toHaveAttribute('data-count', '1');

  const api = await apiClient();
  try {
    // The count moves as soon as the answer is given (the page shows it at once); the host
    // stores it a moment later.
    await expect.poll(async () => (await api.call('labels.history', { windowId })).length, { timeout: 10_000 }).toBeGreaterThan(0);
    const [event] = await api.call('labels.history', { windowId });
    const vera = (await api.call('annotators.list')).find((a) => a.name === 'vera');
    expect(event).toMatchObject({ kind: 'class', annotatorId: vera!.id });

    const [invite] = await api.call('people.list');
    await api.call('people.revoke', { id: invite!.id });
    await vpage.reload();
    await expect(vpage.getByRole('alert')).toContainText('not signed in');
  } finally {
    api.close();
    await stranger.close();
    await volunteer.close();
  }
});
