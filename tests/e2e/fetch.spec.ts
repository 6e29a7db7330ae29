// The fetch panel against a local FDSN server (127.0.0.1) serving a real day of miniSEED:
// find the channels, fetch and import with progress, see a failed request named, cancel.
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { dataPath, hasSharedData, missingDataReason } from '../helpers/data.js';
import { type FdsnTestServer, startFdsnServer } from '../helpers/fdsnServer.js';
import { apiClient, artifacts, createProject } from './helpers.js';

test.skip(!hasSharedData, missingDataReason);

let server: FdsnTestServer;
test.beforeAll(async () => {
  server = await startFdsnServer([dataPath('raw_formats', 'obspy', 'CH.BALST..LH_two_channels')]);
});
test.afterAll(async () => {
  await server?.close();
});

const fill = async (page: import('@playwright/test').Page, values: Record<string, string>) => {
  for (const [k, v] of Object.entries(values)) await page.getByTestId(`fetch-field-${k}`).fill(v);
};

test('find channels, fetch and import, with a request that had no data named', async ({ page }) => {
  await createProject(page, 'fetch');
  await fill(page, { service: server.url, network: 'CH', station: 'BALST', location: '', channel: 'LH?', start: '2025-11-10T00:00:00', end: '2025-11-10T03:00:00', window: '60', step: '60' });
  await page.getByTestId('fetch-channels').click();
  await expect(page.getByTestId('fetch-channel-list')).toContainText('CH.BALST..LHZ');
  await expect(page.getByTestId('fetch-channel-list')).toContainText('CH.BALST..LHE');

  await page.getByTestId('fetch-field-channel').fill('LHZ');
  server.misbehave((_u, k) => (k === 3 ? { status: 404 } : undefined));
  await page.getByTestId('fetch-start').click();
  await expect(page.getByTestId('fetch-task')).toHaveAttribute('data-status', 'done', { timeout: 30_000 });
  server.misbehave(null);
  await expect(page.getByTestId('fetch-errors')).toHaveText('no data for CH.BALST..LHZ from 2025-11-10T02:00:00.000Z to 2025-11-10T03:00:00.000Z (HTTP 404)');
  await expect(page.getByTestId('fetch-summary')).toContainText('3 request(s): 2 downloaded');
  const api = await apiClient();
  try {
    const info = await api.call('projects.info');
    expect(info.streams.map((s) => s.streamId)).toEqual(['CH.BALST..LHZ']);
    expect(info.windows).toBeGreaterThan(100);
    // What the project screen says is what the project holds.
    await expect(page.getByTestId('project-summary')).toContainText(`${info.windows} window(s)`);
  } finally {
    api.close();
  }
  await page.screenshot({ path: join(artifacts, 'project-fetch.png'), fullPage: true });
});

test('cancel a fetch whose request hangs', async ({ page }) => {
  await createProject(page, 'fetch-cancel');
  await fill(page, { service: server.url, network: 'CH', station: 'BALST', location: '', channel: 'LHZ', start: '2025-11-10T10:00:00', end: '2025-11-10T12:00:00', timeout: '600' });
  server.misbehave((u) => (u.pathname.includes('dataselect') ? { hang: true } : undefined));
  try {
    await page.getByTestId('fetch-start').click();
    await expect(page.getByTestId('fetch-task')).toContainText('fetching CH.BALST..LHZ from 2025-11-10T10:00:00.000Z');
    await page.getByTestId('fetch-cancel').click();
    await expect(page.getByTestId('fetch-task')).toHaveAttribute('data-status', 'cancelled');
    await expect(page.getByTestId('project-summary')).toContainText('0 window(s)');
  } finally {
    server.misbehave(null);
  }
});
