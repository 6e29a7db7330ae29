// The labeling flow on real files: keyboard-only verdicts, undo, resume after reload;
// the sound plays with a moving playhead. What is drawn is checked in traceTruth.spec.ts.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { dataPath, hasSharedData, missingDataReason } from '../helpers/data.js';
import { apiClient, artifacts, createProject, importPaths } from './helpers.js';

test.skip(!hasSharedData, missingDataReason);
test.describe.configure({ mode: 'serial' });

const roundtrip = () => readdirSync(dataPath('raw_formats', 'roundtrip')).filter((f) => f.endsWith('.SAC')).sort().map((f) => dataPath('raw_formats', 'roundtrip', f));
const shownId = (page: Page) => page.evaluate(() => window.__seislabelPerf?.shownWindowId ?? null);

// Verdict keys pressed for windows 0..29: classes 1–3 by hotkey, u = unsure, s = skip.
const KEYS = ['1', '3', '1', 'u', '2', 's'];
const keyOf = (i: number) => KEYS[i % KEYS.length]!;

test('label 30 windows by keyboard, undo two, reload and resume', async ({ page }) => {
  await createProject(page, 'label');
  // test.mseed → 29 windows of 10 s; the 18 roundtrip SAC files (6 three-component windows of
  // 25 s) → 2 windows per event, 12 in all.
  await importPaths(page, [dataPath('raw_formats', 'obspy', 'test.mseed'), ...roundtrip()]);
  await expect(page.getByTestId('project-summary')).toContainText('41 window(s), 0 labeled');
  await page.getByTestId('go-label').click();
  // A new project opens on the active-learning queue; this test walks every window in order.
  await expect(page.getByTestId('queue-bar')).toHaveAttribute('data-mode', 'queue');
  await page.getByTestId('mode-order').click();
  // Switching keeps the window in view (wherever the first batch put it); Home goes to the first.
  await page.keyboard.press('Home');
  await expect(page.getByTestId('progress')).toContainText('window 1 of 41');
  await expect.poll(() => shownId(page)).not.toBeNull();
  await page.screenshot({ path: join(artifacts, 'labeling.png') });

  // Listen to the first window before judging it: its label must say so.
  const firstId = (await shownId(page))!;
  await page.keyboard.press('Space');
  await page.waitForTimeout(400);
  for (let i = 0; i < 30; i++) await page.keyboard.press(keyOf(i));
  await expect(page.getByTestId('labeled-count')).toHaveText('30');
  await page.keyboard.press('Backspace');
  await page.keyboard.press('Control+z');
  await expect(page.getByTestId('labeled-count')).toHaveText('28');
  // Undo goes back to the window whose label was undone (the 29th).
  await expect(page.getByTestId('progress')).toContainText('window 29 of 41');

  const api = await apiClient();
  try {
    await expect.poll(async () => (await api.call('projects.info')).labeled).toBe(28);
    const { windows } = await api.call('windows.list', { limit: 100 });
    const classes = await api.call('classes.list');
    const byKey = new Map(classes.map((c) => [c.hotkey, c.id]));
    windows.slice(0, 28).forEach((w, i) => {
      const k = keyOf(i);
      const expected = k === 'u' ? { kind: 'unsure', classId: null } : k === 's' ? { kind: 'skip', classId: null } : { kind: 'class', classId: byKey.get(k) };
      expect({ id: w.id, kind: w.label?.kind, classId: w.label?.classId }).toEqual({ id: w.id, ...expected });
    });
    expect(windows.slice(28).every((w) => w.label === null)).toBe(true);
    expect(windows[0]!.id).toBe(firstId);
    expect(windows[0]!.label?.listened).toBe(true);
    expect(windows[1]!.label?.listened).toBe(false);
  } finally {
    api.close();
  }

  await page.reload();
  await expect(page.getByTestId('progress')).toContainText('window 29 of 41');
  await expect(page.getByTestId('labeled-count')).toHaveText('28');
  await expect(page.getByTestId('queued-count')).toHaveText('13');
  // Of i < 28 (4 cycles of 6, then 1 3 1 u): '1' → 10, '3' → 5, 'u' → 5, '2' → 4, 's' → 4.
  await expect(page.getByTestId('count-earthquake')).toHaveAttribute('data-count', '10');
  await expect(page.getByTestId('count-noise')).toHaveAttribute('data-count', '5');
  await expect(page.getByTestId('count-tremor')).toHaveAttribute('data-count', '4');
  await expect(page.getByTestId('count-unsure')).toHaveAttribute('data-count', '5');
  await expect(page.getByTestId('count-skip')).toHaveAttribute('data-count', '4');
  await expect(page.getByTestId('current-label')).toContainText('not labeled');
  await page.keyboard.press('ArrowLeft');
  await expect(page.getByTestId('current-label')).toContainText('unsure');
  await page.keyboard.press('?');
  await expect(page.getByTestId('help')).toContainText('undo');
  await page.screenshot({ path: join(artifacts, 'labeling-help.png') });
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('help')).toHaveCount(0);
});

test('space plays the sound and the playhead moves across the traces', async ({ page }) => {
  await page.goto('/');
  await expect.poll(() => shownId(page)).not.toBeNull();
  await page.getByTestId('speed').selectOption('50');
  await page.locator('body').click({ position: { x: 5, y: 790 } });
  await page.evaluate(() => {
    const w = window as unknown as { __positions: number[] };
    w.__positions = [];
    const el = document.querySelector('[data-testid=playhead]')!;
    new MutationObserver(() => {
      const p = Number((el as HTMLElement).dataset.position);
      if (Number.isFinite(p)) w.__positions.push(p);
    }).observe(el, { attributes: true, attributeFilter: ['data-position'] });
  });
  await page.keyboard.press('Space');
  await page.waitForTimeout(600);
  const positions = await page.evaluate(() => (window as unknown as { __positions: number[] }).__positions);
  expect(positions.length).toBeGreaterThan(3);
  expect(Math.max(...positions)).toBeGreaterThan(Math.min(...positions) + 1);
  expect(positions.every((p, i) => i === 0 || p >= positions[i - 1]!)).toBe(true);
  // wavesurfer.js plays the sound and draws it, with its progress, in the strip by the Play button.
  const strip = await page.getByTestId('sound-strip').evaluate((el) => {
    const canvases = [...(el.querySelector('div')?.shadowRoot?.querySelectorAll('canvas') ?? [])];
    return { canvases: canvases.length, inked: canvases.some((c) => c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data.some((v, i) => i % 4 === 3 && v > 0)) };
  });
  expect(strip.canvases).toBeGreaterThan(0);
  expect(strip.inked).toBe(true);
  await page.getByTestId('sound-strip').screenshot({ path: join(artifacts, 'sound-strip.png') });
});
