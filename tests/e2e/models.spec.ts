// Models out and in from the browser: the feature model trained in one project is saved as a
// download from the Export panel, uploaded into a second project through "Import a model",
// and scores the windows both projects hold exactly as in the first; a damaged file is
// refused on screen with its name.
import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { dataPath, hasSharedData, missingDataReason } from '../helpers/data.js';
import { apiClient, createProject, importPaths } from './helpers.js';

test.skip(!hasSharedData, missingDataReason);

type Client = Awaited<ReturnType<typeof apiClient>>;

/** Probabilities of the WHAR windows by start time and class name, from the open project. */
async function wharProbs(c: Client): Promise<Record<string, Record<string, number>>> {
  const { windows } = await c.call('windows.list', { limit: 1000 });
  const whar = windows.filter((w) => w.station === 'WHAR');
  const p = await c.call('predictions.forWindows', { windowIds: whar.map((w) => w.id) });
  const names = new Map((await c.call('classes.list')).map((k) => [k.id, k.name]));
  return Object.fromEntries(whar.map((w, i) => [String(w.startTime), Object.fromEntries(p.classIds.map((id, k) => [names.get(id)!, p.probs[i]![k]!]))]));
}

test('export the trained model from one project and import it into another from the app', async ({ page }) => {
  test.setTimeout(180_000);
  const c = await apiClient();
  try {
    await createProject(page, 'model-a');
    await importPaths(page, [dataPath('windows.f32'), dataPath('unlabeled_whar', 'windows.f32')]);
    await expect(page.getByTestId('project-summary')).toContainText('148 window(s), 138 labeled');
    const { taskId } = await c.call('models.train', { seed: 4 });
    await expect.poll(async () => (await c.call('tasks.get', { id: taskId })).status, { timeout: 60_000 }).toBe('done');
    const inA = await wharProbs(c);
    expect(Object.keys(inA)).toHaveLength(10);

    await page.getByTestId('export-kind').selectOption('model');
    const downloading = page.waitForEvent('download', { timeout: 60_000 });
    await page.getByTestId('export-start').click();
    const d = await downloading;
    await expect(page.getByTestId('export-note')).toContainText('model');
    expect(d.suggestedFilename()).toMatch(/^model-a-\d+-model-\d+\.json$/);
    const file = (await d.path())!;
    const doc = JSON.parse(readFileSync(file, 'utf8')) as { format: string; kind: string; classes: string[] };
    expect(doc).toMatchObject({ format: 'seislabel-model', kind: 'feature-forest', classes: ['earthquake', 'noise'] });

    await createProject(page, 'model-b');
    await importPaths(page, [dataPath('unlabeled_whar', 'windows.f32')]);
    await page.getByTestId('model-file').setInputFiles({ name: 'damaged.json', mimeType: 'application/json', buffer: readFileSync(file).subarray(0, 3000) });
    await expect(page.getByTestId('model-import-error')).toContainText('damaged.json: not a JSON model file');
    // As the browser saved it (Playwright keeps downloads under a random name without extension).
    await page.getByTestId('model-file').setInputFiles({ name: d.suggestedFilename(), mimeType: 'application/json', buffer: readFileSync(file) });
    await expect(page.getByTestId('model-import-note')).toContainText('imported as model', { timeout: 60_000 });
    const [m] = await c.call('models.list');
    expect(m!.backend).toMatch(/^imported/);
    expect(await wharProbs(c)).toEqual(inA);
  } finally {
    c.close();
  }
});
