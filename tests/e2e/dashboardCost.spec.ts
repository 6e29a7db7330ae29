// Cost and stopping on the model dashboard: a volunteer labels in their own browser (each label
// timed from the window being shown), a model is trained, and the owner's dashboard shows the
// annotator-hours per person and in total as the API computes them, the stopping hint, and the
// model's macro-F1 drawn against the hours spent — read back from the drawn pixels.
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { dataPath, hasSharedData, missingDataReason } from '../helpers/data.js';
import { apiClient, artifacts, createProject, importPaths } from './helpers.js';
import { decodePng } from './pixels.js';

test.skip(!hasSharedData, missingDataReason);

test('the dashboard sets the model score against annotator-hours, per person and in total', async ({ page, browser }) => {
  test.setTimeout(180_000);
  await createProject(page, 'cost');
  await importPaths(page, [dataPath()]);
  await page.getByTestId('invite-name').fill('vera');
  await page.getByTestId('invite-role').selectOption('volunteer');
  await page.getByTestId('invite-create').click();
  const link = await page.getByTestId('invite-link').inputValue();
  // The imported labels are one vote per window: ask for more, so the windows go to the volunteer.
  const setup = await apiClient();
  await setup.call('consensus.settings', { votesPerWindow: 3 });
  setup.close();

  const ctx = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const vera = await ctx.newPage();
  await vera.goto(link);
  const plot = vera.getByTestId('volunteer-plot');
  for (let i = 0; i < 5; i++) {
    await expect(plot).not.toHaveAttribute('data-window-id', '');
    const id = await plot.getAttribute('data-window-id');
    await expect(plot).toHaveAttribute('data-drawn-id', id!);
    await vera.waitForTimeout(300); // a moment to look, so every label has a time well above zero
    await vera.getByTestId('volunteer-class-noise').click();
    await expect(vera.getByTestId('volunteer-count')).toHaveAttribute('data-count', String(i + 1));
  }
  await ctx.close();

  const api = await apiClient();
  try {
    const { taskId } = await api.call('models.train', { seed: 3 });
    await expect.poll(async () => (await api.call('tasks.get', { id: taskId })).status, { timeout: 60_000 }).toBe('done');
    const cost = await api.call('insights.labelCost');
    const mine = cost.people.find((p) => p.name === 'vera')!;
    expect(mine.timedLabels).toBe(5);
    expect(mine.hours * 3_600_000).toBeGreaterThan(5 * 300);
    expect(cost.total.timedLabels).toBe(5);
    expect(cost.models).toHaveLength(1);

    await page.getByTestId('tab-model').click();
    await expect(page.getByTestId('cost-total')).toContainText('in 5 timed label(s)', { timeout: 30_000 });
    await expect(page.getByTestId('cost-total')).toContainText(`${(cost.total.hours * 60).toFixed(1)} min`);
    await expect(page.getByTestId('cost-total')).toContainText('without a time (imported');
    await expect(page.getByTestId('cost-vera').getByTestId('cost-hours')).toHaveText(`${(mine.hours * 60).toFixed(1)} min`);
    await expect(page.getByTestId('cost-stopping')).toHaveText(new RegExp(cost.stopping.reason.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').slice(0, 40)));

    // The one model version is drawn at its macro-F1 on the 0–1 axis: find its dot in the pixels.
    const chart = page.getByTestId('cost-chart');
    const axis = (await page.getByTestId('cost-chart-yaxis').boundingBox())!;
    const box = (await chart.boundingBox())!;
    const img = decodePng(await chart.screenshot());
    const blue = (x: number, y: number) => {
      const i = (y * img.width + x) * 4;
      return Math.abs(img.data[i]! - 0x00) < 40 && Math.abs(img.data[i + 1]! - 0x72) < 40 && Math.abs(img.data[i + 2]! - 0xb2) < 40;
    };
    const rows: number[] = [];
    // Inside the plot area only (the legend below has a swatch of the same colour).
    for (let y = Math.floor(axis.y - box.y); y <= Math.ceil(axis.y + axis.height - box.y); y++) for (let x = Math.ceil(axis.x - box.x) + 2; x < img.width; x++) if (blue(x, y)) rows.push(y);
    expect(rows.length).toBeGreaterThan(4);
    const drawnY = box.y + (Math.min(...rows) + Math.max(...rows)) / 2;
    const expectedY = axis.y + (1 - cost.models[0]!.macroF1) * axis.height;
    await page.getByTestId('plot-cost').screenshot({ path: join(artifacts, 'dashboard-cost.png') });
    expect(Math.abs(drawnY - expectedY)).toBeLessThan(3);
  } finally {
    api.close();
  }
});
