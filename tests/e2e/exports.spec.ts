// Training sets and labels out from the browser: the export panel runs an export on the host
// and saves it as a download — a SeisBench training set (.tar of waveforms.hdf5 +
// metadata.csv), the labels as CSV and every label event as JSON — checked in the files the
// browser saved.
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { untar } from '../../core/node/exporters/tar.js';
import { parseCsv } from '../../core/common/formats/csv.js';
import { parseMiniSeed } from '../../core/common/formats/mseed.js';
import { dataPath, hasSharedData, missingDataReason } from '../helpers/data.js';
import { createProject, importPaths } from './helpers.js';

test.skip(!hasSharedData, missingDataReason);

async function exportAs(page: Page, kind: string): Promise<{ name: string; bytes: Buffer }> {
  await page.getByTestId('export-kind').selectOption(kind);
  const downloading = page.waitForEvent('download', { timeout: 60_000 });
  await page.getByTestId('export-start').click();
  const d = await downloading;
  await expect(page.getByTestId('export-note')).toContainText('saved as a download');
  return { name: d.suggestedFilename(), bytes: readFileSync((await d.path())!) };
}

test('export a SeisBench training set, the labels CSV and the label events from the app', async ({ page }) => {
  test.setTimeout(120_000);
  await createProject(page, 'exports');
  await importPaths(page, [dataPath('windows.f32')]);
  await expect(page.getByTestId('project-summary')).toContainText('138 window(s), 138 labeled');

  const csv = await exportAs(page, 'labels-csv');
  expect(csv.name).toMatch(/-labels\.csv$/);
  const labels = parseCsv(csv.bytes.toString('utf8'), csv.name);
  expect(labels.rows).toHaveLength(138);
  expect(new Set(labels.rows.map((r) => r.label))).toEqual(new Set(['earthquake', 'noise']));

  const json = await exportAs(page, 'labels-json');
  const doc = JSON.parse(json.bytes.toString('utf8')) as { labelEvents: { windowId: number; className: string; annotator: string; createdAt: string }[] };
  expect(doc.labelEvents).toHaveLength(138);
  expect(doc.labelEvents[0]).toMatchObject({ className: expect.any(String), annotator: expect.any(String), createdAt: expect.stringMatching(/^\d{4}-/) });

  const tar = await exportAs(page, 'seisbench');
  expect(tar.name).toMatch(/-seisbench\.tar$/);
  const files = untar(tar.bytes);
  const names = [...files.keys()].map((n) => n.split('/').pop());
  expect(names.sort()).toEqual(['metadata.csv', 'waveforms.hdf5']);
  const hdf5 = [...files.entries()].find(([n]) => n.endsWith('.hdf5'))![1];
  expect(hdf5.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a]));
  const meta = parseCsv([...files.entries()].find(([n]) => n.endsWith('.csv'))![1].toString('utf8'), 'metadata.csv');
  expect(meta.rows).toHaveLength(138);
  expect(meta.columns).toEqual(expect.arrayContaining(['trace_name', 'label', 'split', 'trace_P_arrival_sample']));

  // The windows as miniSEED 3, only the earthquakes: a .tar of one file per window + index.csv.
  await page.getByTestId('export-kind').selectOption('mseed3');
  await page.getByRole('checkbox', { name: 'earthquake' }).check();
  const ms = await exportAs(page, 'mseed3');
  expect(ms.name).toMatch(/-mseed3\.tar$/);
  const msFiles = untar(ms.bytes);
  const index = parseCsv([...msFiles.entries()].find(([n]) => n.endsWith('index.csv'))![1].toString('utf8'), 'index.csv');
  expect(index.rows).toHaveLength(94);
  expect(new Set(index.rows.map((r) => r.label))).toEqual(new Set(['earthquake']));
  const first = [...msFiles.entries()].find(([n]) => n.endsWith(index.rows[0]!.files!))![1];
  const parsed = parseMiniSeed(new Uint8Array(first), index.rows[0]!.files!);
  expect(parsed.traces.map((t) => t.channel).join('|')).toBe(index.rows[0]!.channels);
  expect(parsed.traces[0]!.samples.length).toBe(Number(index.rows[0]!.n_samples));
});
