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
  // The labels of phases/ brought their own classes: the class list shows them at once.
  await expect(page.getByLabel('P name', { exact: true })).toHaveValue('P');
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

test('cut windows around STA/LTA triggers, and import a windowed set as an unlabeled pool', async ({ page }) => {
  await createProject(page, 'trigger');
  await page.getByTestId('windowing-mode').selectOption('trigger');
  await page.getByLabel('window length (s)').fill('20');
  await page.getByTestId('import-paths').fill(dataPath('raw_formats', 'obspy', 'CRLZ.HHZ.10.NZ.SAC'));
  await page.getByTestId('import-start').click();
  await expect(page.getByTestId('import-task')).toHaveAttribute('data-status', 'done', { timeout: 30_000 });
  const api = await apiClient();
  try {
    const { windows } = await api.call('windows.list', { limit: 1000 });
    expect(windows.length).toBeGreaterThan(0);
    expect(new Set(windows.map((w) => w.origin))).toEqual(new Set(['trigger']));
    expect(windows.every((w) => w.nSamples === 2000)).toBe(true);

    await page.getByTestId('import-labels').uncheck();
    await page.getByTestId('import-paths').fill(dataPath('phases'));
    await page.getByTestId('import-start').click();
    await expect(page.getByTestId('import-task')).toHaveAttribute('data-status', 'done', { timeout: 30_000 });
    await expect(page.getByTestId('project-summary')).toContainText(`${windows.length + 114} window(s), 0 labeled`);
    expect((await api.call('projects.info')).labeled).toBe(0);
  } finally {
    api.close();
  }
});

test('a file shorter than the window says so and re-cuts with the proposed length in one click; gaps are listed', async ({ page }) => {
  await createProject(page, 'notices');
  await importPaths(page, [dataPath('raw_formats', 'obspy', 'seism.sac'), dataPath('raw_formats', 'libmseed', 'testdata-oneseries-mixedlengths-mixedorder.mseed2')], 30);
  const files = page.getByTestId('import-file');
  const sac = files.filter({ hasText: 'seism.sac' });
  // seism.sac holds 10 s at 100 Hz: no 30 s window fits, and the panel says so instead of staying silent.
  await expect(sac).toContainText('1 stream(s), 0 window(s)');
  await expect(sac.getByTestId('import-notice')).toContainText('10 s of data is shorter than the 30 s window, so no window was cut; a window of 10 s would fit');
  const before = await page.getByTestId('project-summary').textContent();
  await sac.getByTestId('recut').click();
  await expect(page.getByRole('status')).toContainText('seism.sac: cut 1 window(s) of 10 s');
  await expect(sac.getByTestId('import-notice')).toContainText('re-cut: 1 new window(s) of 10 s');
  await expect(sac.getByTestId('recut')).toHaveCount(0);
  await expect(page.getByTestId('project-summary')).not.toHaveText(before!);
  // The libmseed test series has six gaps between records; the first is 160 s.
  const mseed = files.filter({ hasText: 'mixedorder' });
  await expect(mseed.getByTestId('import-gaps')).toContainText('6 gap(s)/overlap(s) between records');
  await mseed.getByTestId('import-gaps').locator('summary').click();
  await expect(mseed.getByTestId('import-gaps')).toContainText('gap of 160.000 s in XX.TEST.00.LHZ at 2010-02-27T06:50:16.069Z');
  // The same settings applied to every stored stream: 5 s windows add to what is there.
  await page.getByLabel('window length (s)').fill('5');
  await page.getByLabel('step (s)').fill('5');
  await page.getByTestId('recut-all').click();
  await expect(page.getByRole('status')).toContainText(/^cut \d+ new window\(s\)/);
  await page.screenshot({ path: join(artifacts, 'project-import-notices.png') });
});
