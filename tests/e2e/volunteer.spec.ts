// The volunteer view on real files: reached by a ?view=volunteer link, it plays the sound
// with a moving playhead (button and Space), takes answers from big buttons and hotkeys,
// undoes one, and the core stores exactly what was answered (with `listened` on the
// windows that were played). The toggle to and from the full view, and the remembered
// choice, are checked at the end.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { dataPath, hasSharedData, missingDataReason } from '../helpers/data.js';
import { apiClient, artifacts, createProject, drawnVolunteerWindow, importPaths, volunteerPlot } from './helpers.js';

test.skip(!hasSharedData, missingDataReason);

const roundtrip = () => readdirSync(dataPath('raw_formats', 'roundtrip')).filter((f) => f.endsWith('.SAC')).sort().map((f) => dataPath('raw_formats', 'roundtrip', f));
const plot = volunteerPlot;
const drawnWindow = drawnVolunteerWindow;

test('volunteers listen, classify with big buttons and hotkeys, and undo', async ({ page }) => {
  await createProject(page, 'volunteer');
  // 18 roundtrip SAC files = 6 three-component events of 25 s → 12 windows of 10 s.
  await importPaths(page, roundtrip());
  await expect(page.getByTestId('project-summary')).toContainText('12 window(s), 0 labeled');

  await page.goto('/?view=volunteer');
  await expect(page.getByTestId('volunteer-count')).toHaveAttribute('data-count', '0');
  // Nothing of the analyst's screen: no tabs, no queue or model controls.
  await expect(page.getByTestId('tab-model')).toHaveCount(0);
  await expect(page.getByTestId('queue-bar')).toHaveCount(0);

  const first = await drawnWindow(page);
  await page.getByTestId('volunteer-speed').selectOption('50');
  await page.evaluate(() => {
    const w = window as unknown as { __positions: number[] };
    w.__positions = [];
    const el = document.querySelector<HTMLElement>('[data-testid=volunteer-playhead]')!;
    new MutationObserver(() => {
      const p = Number(el.dataset.position);
      if (Number.isFinite(p)) w.__positions.push(p);
    }).observe(el, { attributes: true, attributeFilter: ['data-position'] });
  });
  const positions = () => page.evaluate(() => (window as unknown as { __positions: number[] }).__positions.splice(0));
  await page.getByTestId('volunteer-play').click();
  await page.waitForTimeout(600);
  const heard = await positions();
  expect(heard.length).toBeGreaterThan(3);
  expect(Math.max(...heard)).toBeGreaterThan(Math.min(...heard) + 1);
  expect(heard.every((p, i) => i === 0 || p >= heard[i - 1]!)).toBe(true);

  // Three answers by clicking, two by hotkey (1 = earthquake, 3 = noise).
  const answered: { id: number; cls: string }[] = [];
  let id = first;
  for (const cls of ['earthquake', 'tremor', 'noise']) {
    await page.getByTestId(`volunteer-class-${cls}`).click();
    answered.push({ id, cls });
    id = await drawnWindow(page, id);
    if (cls === 'earthquake') {
      // Space plays the second window too, and must not press the class button that has the focus.
      await page.keyboard.press('Space');
      await expect.poll(async () => (await positions()).length).toBeGreaterThan(0);
      await expect(plot(page)).toHaveAttribute('data-window-id', String(id));
    }
  }
  for (const [key, cls] of [['1', 'earthquake'], ['3', 'noise']] as const) {
    await page.keyboard.press(key);
    answered.push({ id, cls });
    id = await drawnWindow(page, id);
  }
  await expect(page.getByTestId('volunteer-count')).toHaveAttribute('data-count', '5');
  await expect(page.getByTestId('volunteer-count')).toContainText('5 classified');

  // Undo takes back the last answer and shows that window again.
  await page.getByTestId('volunteer-undo').click();
  const undone = answered.pop()!;
  await expect(page.getByTestId('volunteer-count')).toHaveAttribute('data-count', '4');
  await expect(plot(page)).toHaveAttribute('data-window-id', String(undone.id));
  await page.screenshot({ path: join(artifacts, 'volunteer.png') });

  const api = await apiClient();
  try {
    await expect.poll(async () => (await api.call('projects.info')).labeled).toBe(4);
    const classes = await api.call('classes.list');
    const nameOf = new Map(classes.map((c) => [c.id, c.name]));
    const { windows } = await api.call('windows.list', { limit: 100 });
    const labeled = windows.filter((w) => w.label !== null);
    expect(labeled.map((w) => ({ id: w.id, kind: w.label!.kind, cls: nameOf.get(w.label!.classId!) })).sort((a, b) => a.id - b.id))
      .toEqual(answered.map((a) => ({ id: a.id, kind: 'class', cls: a.cls })).sort((a, b) => a.id - b.id));
    expect(labeled.filter((w) => w.label!.listened).map((w) => w.id).sort((a, b) => a - b)).toEqual([first, answered[1]!.id].sort((a, b) => a - b));
  } finally {
    api.close();
  }

  // The view is remembered without the link; the toggle switches both ways and is remembered too.
  await page.goto('/');
  await expect(page.getByTestId('volunteer-count')).toHaveAttribute('data-count', '4');
  await page.getByTestId('full-view').click();
  await expect(page.getByTestId('queue-bar')).toBeVisible();
  expect(new URL(page.url()).searchParams.get('view')).toBeNull();
  await page.reload();
  await expect(page.getByTestId('queue-bar')).toBeVisible();
  await expect(page.getByTestId('volunteer-count')).toHaveCount(0);
  await page.getByTestId('simple-view').click();
  await expect(page.getByTestId('volunteer-count')).toHaveAttribute('data-count', '4');
  await page.reload();
  await expect(page.getByTestId('volunteer-count')).toHaveAttribute('data-count', '4');
});
