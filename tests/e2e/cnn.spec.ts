// Training the CNN on waveforms from the labeling screen: the model status shows the new
// version with the backend the core used, and the dashboard shows its loss curves; with a
// forest trained too, the status says which model serves the queue and why.
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { dataPath, hasSharedData, missingDataReason } from '../helpers/data.js';
import { apiClient, artifacts, createProject, importPaths } from './helpers.js';

test.skip(!hasSharedData, missingDataReason);

test('train the CNN from the labeling screen and see its backend and loss curves', async ({ page }) => {
  test.setTimeout(300_000);
  await createProject(page, 'cnn');
  await importPaths(page, [dataPath()]);
  await page.getByTestId('tab-label').click();
  await page.getByTestId('train-kind').selectOption('cnn');
  await page.getByTestId('retrain-now').click();
  await expect(page.getByTestId('model-training')).toContainText(/CNN epoch|predicting|training/, { timeout: 30_000 });
  await expect(page.getByTestId('model-status')).not.toHaveAttribute('data-model-id', '', { timeout: 150_000 });
  const api = await apiClient();
  try {
    const [m] = await api.call('models.list');
    expect(m!.kind).toBe('cnn');
    await expect(page.getByTestId('model-status')).toContainText(m!.backend);
    await page.getByTestId('tab-model').click();
    await expect(page.getByTestId('dashboard')).toContainText(m!.backend);
    await expect(page.getByTestId('dashboard')).not.toContainText('trains in one step');
    await page.screenshot({ path: join(artifacts, 'dashboard-cnn.png') });
    // With only a CNN, it serves the queue; once a forest exists too, the two (and their
    // average) are compared on the CNN's held-out windows and the status says which won.
    await page.getByTestId('tab-label').click();
    await expect(page.getByTestId('model-serving')).toHaveAttribute('data-kind', 'cnn');
    await page.getByTestId('train-kind').selectOption('forest');
    await page.getByTestId('retrain-now').click();
    await expect(page.getByTestId('model-status')).not.toHaveAttribute('data-model-id', String(m!.id), { timeout: 60_000 });
    const serving = (await api.call('models.serving'))!;
    expect(serving.cnnId).toBe(m!.id);
    expect(serving.scores).not.toBeNull();
    const shown = page.getByTestId('model-serving');
    await expect(shown).toHaveAttribute('data-kind', serving.kind);
    await expect(shown).toHaveAttribute('title', serving.reason);
    await expect(shown).toContainText(`held-out macro-F1 ${serving.scores![serving.kind].toFixed(2)} on ${serving.nTest} windows`);
    await expect(shown).toContainText({ forest: 'feature forest', cnn: 'CNN', ensemble: 'forest + CNN average' }[serving.kind]);
    // The whole status line, train button included, fits a laptop screen without scrolling.
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.screenshot({ path: join(artifacts, 'labeling-model-status-1280.png') });
    const line = (await page.getByTestId('model-status').boundingBox())!;
    const button = (await page.getByTestId('retrain-now').boundingBox())!;
    expect(button.x + button.width).toBeLessThanOrEqual(line.x + line.width + 0.5);
    expect(await page.getByTestId('model-status').evaluate((e) => e.scrollWidth - e.clientWidth)).toBeLessThanOrEqual(1);
    const bar = (await page.getByTestId('queue-bar').boundingBox())!;
    const newBatch = (await page.getByTestId('new-batch').boundingBox())!;
    expect(newBatch.x + newBatch.width).toBeLessThanOrEqual(bar.x + bar.width + 0.5);
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: join(artifacts, 'labeling-model-status-390.png') });
  } finally {
    api.close();
  }
});
