// Training the CNN on waveforms from the labeling screen: the model status shows the new
// version with the backend the core used, and the dashboard shows its loss curves.
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { dataPath, hasSharedData, missingDataReason } from '../helpers/data.js';
import { apiClient, artifacts, createProject, importPaths } from './helpers.js';

test.skip(!hasSharedData, missingDataReason);

test('train the CNN from the labeling screen and see its backend and loss curves', async ({ page }) => {
  test.setTimeout(180_000);
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
  } finally {
    api.close();
  }
});
