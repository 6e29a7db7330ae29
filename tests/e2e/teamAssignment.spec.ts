// The owner mixes gold windows into volunteers' queues from the Team screen; a volunteer labels
// in their own browser; each label row carries its provenance (volunteer view, time from shown
// to label, gold as the reason the window was handed out), and the Team screen shows the
// volunteer's progress: labels, gold windows judged, and how often they were right on them.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { dataPath, hasSharedData, missingDataReason } from '../helpers/data.js';
import { apiClient, artifacts, createProject, importPaths } from './helpers.js';

test.skip(!hasSharedData, missingDataReason);

const roundtrip = () => readdirSync(dataPath('raw_formats', 'roundtrip')).filter((f) => f.endsWith('.SAC')).sort().map((f) => dataPath('raw_formats', 'roundtrip', f));

test("gold share, a volunteer's label provenance and progress on the Team screen", async ({ page, browser }) => {
  test.setTimeout(180_000);
  await createProject(page, 'assign');
  await importPaths(page, roundtrip());
  await expect(page.getByTestId('project-summary')).toContainText('12 window(s)');
  await page.getByTestId('invite-name').fill('vera');
  await page.getByTestId('invite-role').selectOption('volunteer');
  await page.getByTestId('invite-create').click();
  const link = await page.getByTestId('invite-link').inputValue();

  // Four gold windows: two earthquakes, two noise.
  const owner = await apiClient();
  const classes = await owner.call('classes.list');
  const cls = (name: string) => classes.find((c) => c.name === name)!.id;
  const ids = (await owner.call('windows.list', { limit: 100 })).windows.map((w) => w.id);
  const gold = new Map([[ids[0]!, cls('earthquake')], [ids[3]!, cls('noise')], [ids[6]!, cls('earthquake')], [ids[9]!, cls('noise')]]);
  for (const [windowId, classId] of gold) await owner.call('gold.set', { windowId, classId });
  // This test is about the queue, not the field guide (guide.spec.ts): no practice round.
  await owner.call('guide.settings', { practiceWindows: 0 });

  await page.getByTestId('tab-team').click();
  await page.getByTestId('gold-share').fill('50');
  await expect.poll(async () => (await owner.call('consensus.settings', {})).goldShare).toBe(0.5);

  // Vera answers "noise" to every window she is given: right on the two noise gold windows only.
  const ctx = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const vera = await ctx.newPage();
  await vera.goto(link);
  const plot = vera.getByTestId('volunteer-plot');
  const seen: number[] = [];
  for (let i = 0; i < 12; i++) {
    await expect(plot).not.toHaveAttribute('data-window-id', '');
    const id = Number(await plot.getAttribute('data-window-id'));
    await expect(plot).toHaveAttribute('data-drawn-id', String(id));
    seen.push(id);
    await vera.getByTestId('volunteer-class-noise').click();
    await expect(vera.getByTestId('volunteer-count')).toHaveAttribute('data-count', String(i + 1));
  }
  await expect(vera.getByTestId('volunteer-waiting')).toBeVisible();
  // Gold windows were mixed in (they are retired for everyone else's queue).
  expect(seen.filter((w) => gold.has(w)).sort((a, b) => a - b)).toEqual([...gold.keys()].sort((a, b) => a - b));

  // Each label row says who, in which view, how long after the window was shown, and why it was handed out.
  for (const w of seen) {
    const [event] = await owner.call('labels.history', { windowId: w });
    expect(event!.provenance).toMatchObject({ role: 'volunteer', view: 'volunteer', queryStrategy: gold.has(w) ? 'gold' : expect.any(String) });
    expect(event!.provenance!.timeToLabelMs).toBeGreaterThan(0);
    expect(event!.provenance!.timeToLabelMs).toBeLessThan(120_000);
    expect(event!.provenance!.shownAt).toBe(event!.createdAt - event!.provenance!.timeToLabelMs!);
  }
  owner.close();

  await page.reload();
  await page.getByTestId('tab-team').click();
  const row = page.getByTestId('progress-vera');
  await expect(row.getByTestId('progress-labels')).toHaveText('12');
  await expect(row.getByTestId('progress-gold')).toHaveText('4');
  await expect(row.getByTestId('progress-gold-accuracy')).toHaveText('50 % (2)');
  await expect(row.getByTestId('progress-in-flight')).toHaveText('0');
  await expect(page.getByTestId('gold-share')).toHaveValue('50');
  await page.screenshot({ path: join(artifacts, 'team-progress.png'), fullPage: true });
  await ctx.close();
});
