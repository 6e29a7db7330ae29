// The active-learning queue on the real main windowed set (138 earthquake / noise windows):
// choose a strategy, check "why this window" against the core's record (al.reasons), label
// until the model retrains by itself and shows a held-out macro-F1, edit a class's hotkey and
// label with the new key, and keep a window as an example of a class.
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { dataPath, hasSharedData, missingDataReason } from '../helpers/data.js';
import { apiClient, artifacts, createProject, importPaths } from './helpers.js';

test.skip(!hasSharedData, missingDataReason);

const currentId = async (page: Page) => Number((await page.getByTestId('why').getAttribute('data-window-id')) || 0);
const blur = (page: Page) => page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());

/** The "why this window" panel shows what al.reasons says about the window on screen. */
async function expectWhyMatchesApi(page: Page, api: Awaited<ReturnType<typeof apiClient>>): Promise<{ strategy: string; modelId: number | null }> {
  const id = await currentId(page);
  expect(id).toBeGreaterThan(0);
  const [reason] = await api.call('al.reasons', { windowIds: [id] });
  expect(reason, `al.reasons knows window ${id}`).toBeDefined();
  await expect(page.getByTestId('why-strategy')).toHaveText(reason!.strategy);
  await expect(page.getByTestId('why-score')).toHaveText(reason!.score.toFixed(3));
  await expect(page.getByTestId('why-model')).toHaveText(reason!.modelId === null ? 'none (no model yet)' : `v${reason!.modelId}`);
  return reason!;
}

test('label from the active-learning queue until the model retrains; edit a hotkey; keep an example', async ({ page }) => {
  test.setTimeout(240_000);
  await createProject(page, 'queue');
  await importPaths(page, [dataPath()]);
  await expect(page.getByTestId('project-summary')).toContainText('138 window(s), 138 labeled');

  const api = await apiClient();
  try {
    // The set's labels are the answers; undoing the importer's label events (the history keeps
    // them) turns the set into an unlabeled pool whose truth the test knows.
    const { windows } = await api.call('windows.list', { limit: 1000 });
    const truth = new Map(windows.map((w) => [w.id, w.label!.classId!]));
    const importer = (await api.call('annotators.list')).find((a) => a.kind === 'import')!;
    for (let i = 0; i < windows.length; i++) await api.call('labels.undo', { annotatorId: importer.id });
    expect((await api.call('projects.info')).labeled).toBe(0);
    let classes = await api.call('classes.list');
    const keyOf = (windowId: number) => classes.find((c) => c.id === truth.get(windowId))!.hotkey!;

    await page.getByTestId('go-label').click();
    await expect(page.getByTestId('queue-bar')).toHaveAttribute('data-mode', 'queue');
    await expect(page.getByTestId('model-version')).toHaveText('no model yet');

    // Retrain after every 5 labels.
    await page.getByTestId('retrain-every').fill('5');
    await page.getByTestId('retrain-every').press('Enter');
    await expect.poll(async () => (await api.call('al.settings', {})).retrainEvery).toBe(5);

    // Entropy needs a model: before any, the core falls back to cold start and says so.
    await page.getByTestId('batch-size').fill('8');
    await page.getByTestId('seed').fill('3');
    await page.getByTestId('strategy').selectOption('entropy');
    await expect(page.getByTestId('strategy')).toHaveAttribute('title', /unsure|spreads its belief/);
    await expect(page.getByTestId('queue-note')).toContainText('no model yet');
    await expect(page.getByTestId('queue-status')).toContainText('8 window(s) by coldStart (asked for entropy)');
    await expect(page.getByTestId('progress')).toContainText('queued window 1 of 8');
    await blur(page);
    await expect.poll(() => currentId(page)).toBeGreaterThan(0);
    const first = await expectWhyMatchesApi(page, api);
    expect(first).toMatchObject({ strategy: 'coldStart', modelId: null });
    await page.screenshot({ path: join(artifacts, 'labeling-queue.png') });

    const labelTruth = async (n: number) => {
      for (let i = 0; i < n; i++) {
        await expect.poll(() => currentId(page), { timeout: 30_000 }).toBeGreaterThan(0);
        const id = await currentId(page);
        await page.keyboard.press(keyOf(id));
        await expect.poll(() => currentId(page), { timeout: 30_000 }).not.toBe(id);
      }
    };
    // 24 labels: three batches of 8, each fetched while the last windows of the one before are judged.
    await labelTruth(24);
    await expect.poll(async () => (await api.call('projects.info')).labeled).toBe(24);
    await expect(page.getByTestId('model-version')).toHaveText(/^v\d+$/, { timeout: 60_000 });
    await expect.poll(async () => (await api.call('tasks.list')).filter((t) => t.kind === 'train' && t.status === 'running').length, { timeout: 60_000 }).toBe(0);
    // Five more labels reach the interval again: a model trained on ≥ 20 labels in ≥ 5 groups
    // gets a held-out test split, hence a macro-F1.
    await labelTruth(5);
    // The score comes with its range over the repeated grouped splits.
    await expect(page.getByTestId('model-f1')).toHaveText(/^macro-F1 \d\.\d\d \(\d\.\d\d–\d\.\d\d over \d splits\)$/, { timeout: 60_000 });
    const [newest] = await api.call('models.list');
    expect(newest!.nTrain).toBeGreaterThanOrEqual(20);
    await expect(page.getByTestId('model-version')).toHaveText(`v${newest!.id}`);
    const spread = newest!.macroF1Spread!;
    await expect(page.getByTestId('model-f1')).toHaveText(`macro-F1 ${newest!.macroF1!.toFixed(2)} (${spread.lo.toFixed(2)}–${spread.hi.toFixed(2)} over ${spread.n} splits)`);
    await expect(page.getByTestId('model-status')).toContainText(newest!.backend);
    // With several versions, the status says how much the newest agrees with the one before.
    const hint = await api.call('al.stoppingHint');
    expect(hint.rounds.length).toBeGreaterThan(0);
    const last = hint.rounds.at(-1)!;
    await expect(page.getByTestId('stop-hint')).toContainText(hint.stop ? 'predictions stable' : `agrees with the previous version on ${(100 * last.agreement).toFixed(0)} %`);

    // Batches chosen after the first model are chosen by entropy from a model version.
    const labeledIds = [...truth.keys()];
    const reasons = await api.call('al.reasons', { windowIds: labeledIds });
    expect(reasons.some((r) => r.strategy === 'entropy' && r.modelId !== null)).toBe(true);
    await expect.poll(() => currentId(page), { timeout: 30_000 }).toBeGreaterThan(0);
    await expectWhyMatchesApi(page, api);
    await page.screenshot({ path: join(artifacts, 'labeling-queue-model.png') });

    // Every label the UI sent is the window's true class.
    const after = await api.call('windows.list', { limit: 1000 });
    const mine = after.windows.filter((w) => w.label);
    expect(mine).toHaveLength(29);
    for (const w of mine) expect(w.label!.classId).toBe(truth.get(w.id));

    // Give "noise" the hotkey n, then label with it.
    await page.getByTestId('edit-classes').click();
    const dialog = page.getByTestId('classes-dialog');
    await dialog.getByLabel('noise hotkey').fill('s');
    await expect(dialog.getByRole('alert')).toContainText('skip');
    await dialog.getByLabel('noise hotkey').fill('n');
    await dialog.getByRole('button', { name: 'Save noise' }).click();
    await expect(page.getByTestId('class-noise').locator('kbd')).toHaveText('n');
    await page.screenshot({ path: join(artifacts, 'labeling-classes-edit.png') });
    await page.getByTestId('close-classes').click();
    classes = await api.call('classes.list');
    const noise = classes.find((c) => c.name === 'noise')!;
    expect(noise.hotkey).toBe('n');
    const target = await currentId(page);
    await page.keyboard.press('n');
    await expect.poll(async () => (await api.call('windows.list', { limit: 1000 })).windows.find((w) => w.id === target)?.label?.classId).toBe(noise.id);

    // Keep the window on screen as an example of "earthquake" and see it in the class's help.
    await expect.poll(() => currentId(page), { timeout: 30_000 }).toBeGreaterThan(0);
    const example = await currentId(page);
    await page.getByTestId('examples-earthquake').click();
    await page.getByTestId('use-as-example').click();
    const help = page.getByTestId('class-help-earthquake');
    await expect(help.getByTestId('mini-wave')).toHaveAttribute('data-window-id', String(example));
    await expect.poll(async () => (await api.call('classes.list')).find((c) => c.name === 'earthquake')!.exampleWindowIds).toEqual([example]);
    await page.screenshot({ path: join(artifacts, 'labeling-class-examples.png') });

    // Back to every window in project order.
    await page.getByTestId('mode-order').click();
    await expect(page.getByTestId('progress')).toContainText('of 138');
    await expect(page.getByTestId('queue-status')).toContainText('project order');
  } finally {
    api.close();
  }
});
