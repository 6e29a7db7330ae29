// The CNN on this computer's GPU: with WebGPU (Chromium's SwiftShader, a software adapter,
// turned on with --enable-unsafe-webgpu — the only adapter this machine has) the owner's check
// runs the project's trained CNN in the page through TensorFlow.js' WebGPU backend and shows
// how far its class probabilities are from the ones the host stored; without WebGPU it says
// the CNN runs on the host's CPU (gpuMissing.spec.ts). Everything asserted is read from what
// the page shows.
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { dataPath, hasSharedData, missingDataReason } from '../helpers/data.js';
import config from './playwright.config.js';
import { apiClient, artifacts, createProject, importPaths } from './helpers.js';

test.skip(!hasSharedData, missingDataReason);

const defaultArgs = config.use!.launchOptions!.args!;

/** Opens the owner's GPU check from the labeling screen's model status. */
async function openCheck(page: Page): Promise<void> {
  await page.getByTestId('tab-label').click();
  await page.getByTestId('gpu-check').click();
  await expect(page.getByTestId('gpu-dialog')).toBeVisible();
}

// SwiftShader is Chromium's WebGPU adapter when there is no GPU; --disable-gpu would hide it.
test.use({ launchOptions: { ...config.use!.launchOptions, args: [...defaultArgs.filter((a) => a !== '--disable-gpu'), '--enable-unsafe-webgpu'] } });

test('the CNN on the GPU gives the host\'s probabilities for the same windows', async ({ page }) => {
  test.setTimeout(420_000);
  await createProject(page, 'gpu');
  // Labeled windows to train on, and unlabeled ones so the labeling screen shows a window.
  await importPaths(page, [dataPath('windows.f32'), dataPath('unlabeled_whar', 'windows.f32')]);
  const api = await apiClient();
  try {
    // Before any CNN the check names what is missing.
    await openCheck(page);
    await expect(page.getByTestId('gpu-error')).toContainText('the project has no CNN yet', { timeout: 30_000 });
    await page.getByTestId('gpu-close').click();
    const { taskId } = await api.call('models.train', { kind: 'cnn', seed: 3 });
    await expect.poll(async () => (await api.call('tasks.get', { id: taskId })).status, { timeout: 300_000, intervals: [2000] }).toBe('done');
    const [cnn] = await api.call('models.list');
    expect(cnn!.kind).toBe('cnn');
    // The comparison means something only if the host's probabilities are far from uniform:
    // confident windows of both classes, so weights loaded in the wrong place would show.
    const { windows } = await api.call('windows.list', { limit: 1000 });
    const host = await api.call('predictions.forWindows', { windowIds: windows.map((w) => w.id), modelId: cnn!.id });
    for (let k = 0; k < 2; k++) expect(host.probs.filter((p) => p![k]! > 0.9).length).toBeGreaterThan(5);

    await openCheck(page);
    const adapter = page.getByTestId('gpu-adapter');
    await expect(adapter).toBeVisible({ timeout: 180_000 });
    await expect(adapter).toHaveAttribute('data-software', 'true');
    await expect(adapter).toContainText('swiftshader');
    await expect(adapter).toContainText('software adapter');
    await expect(page.getByTestId('gpu-speed')).toContainText(`CNN v${cnn!.id}: ${windows.length} windows at`);
    const speed = Number(/(\d+) windows\/s/.exec((await page.getByTestId('gpu-speed').textContent())!)![1]);
    expect(speed).toBeGreaterThan(0);
    const maxDiff = Number(await page.getByTestId('gpu-max-diff').textContent());
    expect(maxDiff).toBeGreaterThanOrEqual(0);
    expect(maxDiff).toBeLessThanOrEqual(1e-3);
    await expect(page.getByTestId('gpu-same-class')).toHaveText(`${windows.length} of ${windows.length}`);
    // Per class, as the host decides: both classes present, each decided the same way.
    const byClass = (await page.getByTestId('gpu-by-class').textContent())!.split(', ').map((t) => /^(\w+) (\d+) of (\d+)$/.exec(t)!);
    expect(byClass.map((m) => m[1]).sort()).toEqual(['earthquake', 'noise']);
    for (const m of byClass) {
      expect(Number(m[3])).toBeGreaterThan(5);
      expect(m[2]).toBe(m[3]);
    }
    console.log(`GPU check on ${await adapter.textContent()}: ${speed} windows/s for ${windows.length} windows, largest difference ${maxDiff}`);
    await page.screenshot({ path: join(artifacts, 'gpu-check-1280.png') });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: join(artifacts, 'gpu-check-390.png') });
    // Keys typed in the dialog do not label the window behind it.
    const shown = Number(await page.getByTestId('window-title').getAttribute('data-window-id'));
    expect(shown).toBeGreaterThan(0);
    const eventsBefore = (await api.call('labels.history', { windowId: shown })).length;
    await page.getByTestId('gpu-count').fill('12');
    await page.getByTestId('gpu-run-again').click();
    await expect(page.getByTestId('gpu-speed')).toContainText('12 windows at', { timeout: 120_000 });
    await expect(page.getByTestId('gpu-same-class')).toHaveText('12 of 12');
    await page.getByTestId('gpu-close').focus();
    await page.keyboard.press('1');
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('gpu-dialog')).toHaveCount(0);
    expect((await api.call('labels.history', { windowId: shown })).length).toBe(eventsBefore);
  } finally {
    api.close();
  }
});
