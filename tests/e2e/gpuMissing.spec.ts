// The GPU check in a browser without WebGPU (the default launch: no adapter is offered): it
// says so, and that the CNN runs on the host's CPU, instead of failing or showing numbers.
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { dataPath, hasSharedData, missingDataReason } from '../helpers/data.js';
import { artifacts, createProject, importPaths } from './helpers.js';

test.skip(!hasSharedData, missingDataReason);

test('without WebGPU the check says the CNN runs on the host\'s CPU', async ({ page }) => {
  await createProject(page, 'gpu-none');
  await importPaths(page, [dataPath('windows.f32')]);
  await page.getByTestId('tab-label').click();
  await page.getByTestId('gpu-check').click();
  await expect(page.getByTestId('gpu-unavailable')).toContainText('WebGPU is not available in this browser; the CNN runs on the host\u2019s CPU');
  await expect(page.getByTestId('gpu-adapter')).toHaveCount(0);
  await page.screenshot({ path: join(artifacts, 'gpu-unavailable-1280.png') });
});
