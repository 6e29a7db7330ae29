// Shared steps of the e2e specs: a typed API client over the same WebSocket the page uses
// (to check what the core stored), and creating a project through the UI.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, type Page } from '@playwright/test';
import WebSocket from 'ws';
import { createClient, type CoreClient } from '../../core/common/api/client.js';
import { connectWebSocket } from '../../core/common/api/wsTransport.js';

export const e2eHome = process.env.SEISLABEL_E2E_HOME!;
export const e2ePort = Number(process.env.SEISLABEL_E2E_PORT);
/** The served host's owner token; pages carry it as a cookie already (playwright.config.ts). */
export const ownerToken = process.env.SEISLABEL_E2E_TOKEN!;
export const artifacts = join(import.meta.dirname, '..', 'artifacts');
mkdirSync(artifacts, { recursive: true });

/** A client of the running host, for checking results beside the UI; the owner's unless another token is given. */
export async function apiClient(token = ownerToken): Promise<CoreClient & { close(): void }> {
  const t = await connectWebSocket(`ws://127.0.0.1:${e2ePort}/ws?token=${encodeURIComponent(token)}`, WebSocket);
  return Object.assign(createClient(t), { close: () => t.close() });
}

/** Creates a project with the default classes through the project screen. */
export async function createProject(page: Page, name: string): Promise<string> {
  const path = join(e2eHome, `${name}-${Date.now()}.seislabel`);
  await page.goto('/');
  await page.getByTestId('tab-project').click();
  await page.getByTestId('project-path').fill(path);
  await page.getByTestId('create-project').click();
  await expect(page.getByTestId('open-project')).toHaveText(path);
  return path;
}

/** Imports server-side paths through the import panel and waits for the task to end. */
export async function importPaths(page: Page, paths: string[], windowSeconds = 10): Promise<void> {
  await page.getByLabel('window length (s)').fill(String(windowSeconds));
  await page.getByLabel('step (s)').fill(String(windowSeconds));
  await page.getByTestId('import-paths').fill(paths.join('\n'));
  await page.getByTestId('import-start').click();
  await expect(page.getByTestId('import-task')).toHaveAttribute('data-status', 'done', { timeout: 30_000 });
}

/** The volunteer view's plot. */
export const volunteerPlot = (page: Page) => page.getByTestId('volunteer-plot');

/** Waits until the volunteer view has drawn a window (other than `notId`) and returns its id: the one an answer now applies to. */
export async function drawnVolunteerWindow(page: Page, notId?: number): Promise<number> {
  const plot = volunteerPlot(page);
  await expect(plot).not.toHaveAttribute('data-drawn-id', '');
  if (notId !== undefined) await expect(plot).not.toHaveAttribute('data-window-id', String(notId));
  const id = await plot.getAttribute('data-window-id');
  await expect(plot).toHaveAttribute('data-drawn-id', id!);
  return Number(id);
}
