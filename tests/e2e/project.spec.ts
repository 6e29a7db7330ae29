// Creating a project and importing real files: server paths typed in, a file uploaded
// through the file picker, and a file that cannot be read reported in plain words.
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { dataPath, hasSharedData, missingDataReason } from '../helpers/data.js';
import { apiClient, artifacts, createProject, importPaths } from './helpers.js';

test.skip(!hasSharedData, missingDataReason);

test('create a project and import miniSEED, SAC and a windowed set by path', async ({ page }) => {
  const path = await createProject(page, 'import');
  await importPaths(page, [dataPath('raw_formats', 'obspy', 'test.mseed'), dataPath('raw_formats', 'roundtrip', '00002_earthquake.NP.1845.HNZ.SAC'), dataPath('phases')]);
  await expect(page.getByTestId('import-errors')).toHaveCount(0);
  // test.mseed: 11,947 samples at 40 Hz → 29 windows of 10 s; the SAC: 25 s → 2; phases/: 114.
  await expect(page.getByTestId('project-summary')).toContainText('145 window(s), 114 labeled');
  const api = await apiClient();
  try {
    const info = await api.call('projects.info');
    expect(info.project.path).toBe(path);
    expect(info.windows).toBe(145);
    expect(info.sources.map((s) => s.name).sort()).toEqual(['00002_earthquake.NP.1845.HNZ.SAC', 'phases', 'test.mseed'].sort());
  } finally {
    api.close();
  }
  await page.screenshot({ path: join(artifacts, 'project-import.png') });
});

test('upload a file with the file picker, and see a plain error for a bad path', async ({ page }) => {
  await createProject(page, 'upload');
  await page.getByLabel('window length (s)').fill('5');
  await page.getByLabel('step (s)').fill('5');
  await page.getByTestId('file-input').setInputFiles(dataPath('raw_formats', 'obspy', 'seism.sac'));
  await expect(page.getByTestId('import-task')).toHaveAttribute('data-status', 'done', { timeout: 30_000 });
  // seism.sac: 1,000 samples at 100 Hz = 10 s → two 5 s windows.
  await expect(page.getByTestId('project-summary')).toContainText('1 file(s), 1 stream(s), 2 window(s)');

  await page.getByTestId('import-paths').fill('/nonexistent/nothing.mseed');
  await page.getByTestId('import-start').click();
  await expect(page.getByTestId('import-errors')).toContainText('nothing.mseed');
  await expect(page.getByTestId('import-errors')).toContainText('cannot be read');
});
