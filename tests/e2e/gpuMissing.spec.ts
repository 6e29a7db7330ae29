// The GPU check in a browser without WebGPU (the default launch: no adapter is offered): it
// says so, and that the CNN runs on the host's CPU, instead of failing or showing numbers. The
// check is the owner's: an invited analyst does not get the button.
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { apiClient, artifacts, e2eHome } from './helpers.js';

// Needs no recordings (the bundled demo project): whether WebGPU exists is asked before
// anything about the project's CNN.

test('without WebGPU the check says the CNN runs on the host\'s CPU', async ({ page, browser }) => {
  const owner = await apiClient();
  try {
    await owner.call('projects.open', { path: join(e2eHome, 'demo.seislabel') });
  } finally {
    owner.close();
  }
  await page.goto('/');
  await page.getByTestId('tab-label').click();
  await page.getByTestId('gpu-check').click();
  await expect(page.getByTestId('gpu-unavailable')).toContainText('WebGPU is not available in this browser; the CNN runs on the host\u2019s CPU');
  await expect(page.getByTestId('gpu-adapter')).toHaveCount(0);
  await page.screenshot({ path: join(artifacts, 'gpu-unavailable-1280.png') });

  const api = await apiClient();
  const analyst = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  try {
    const { token } = await api.call('people.invite', { name: 'ana', role: 'analyst' });
    const apage = await analyst.newPage();
    await apage.goto(`/?token=${token}`);
    await apage.getByTestId('tab-label').click();
    await expect(apage.getByTestId('retrain-now')).toBeVisible();
    await expect(apage.getByTestId('gpu-check')).toHaveCount(0);
  } finally {
    api.close();
    await analyst.close();
  }
});
