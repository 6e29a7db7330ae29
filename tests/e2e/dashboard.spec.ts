// The model dashboard on a project built from the real main set: the metrics table shows
// the API's numbers, a confusion cell lists exactly the API's windows, a listed window opens
// on the labeling screen with its explanation, charts export, and the feature views draw.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { dataPath, hasSharedData, missingDataReason } from '../helpers/data.js';
import { apiClient, artifacts, createProject, importPaths } from './helpers.js';

test.skip(!hasSharedData, missingDataReason);
test.describe.configure({ mode: 'serial' });

const downloaded = async (page: Page, testId: string): Promise<{ name: string; bytes: Buffer }> => {
  const [d] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testId).click()]);
  const path = await d.path();
  return { name: d.suggestedFilename(), bytes: readFileSync(path) };
};

test('dashboard numbers and confusion cells match the API; a window opens with its explanation', async ({ page }) => {
  test.setTimeout(120_000);
  await createProject(page, 'dashboard');
  await importPaths(page, [dataPath()]);
  const api = await apiClient();
  try {
    const { taskId } = await api.call('models.train', { seed: 3 });
    await expect.poll(async () => (await api.call('tasks.get', { id: taskId })).status, { timeout: 60_000 }).toBe('done');
    const d = (await api.call('insights.dashboard', {}))!;
    const r = d.report!;

    await page.getByTestId('tab-model').click();
    await expect(page.getByTestId('metrics-table')).toBeVisible({ timeout: 30_000 });
    await expect(page.getByTestId('model-facts')).toContainText(d.model.backend);
    await expect(page.getByTestId('model-facts')).toContainText(`#${d.model.id}`);
    for (const [k, c] of d.classes.entries()) {
      for (const m of ['precision', 'recall', 'f1', 'jaccard'] as const) await expect(page.getByTestId(`m-${c.name}-${m}`)).toHaveText(r.perClass[k]![m].toFixed(3));
      await expect(page.getByTestId(`m-${c.name}-support`)).toHaveText(String(r.perClass[k]!.support));
    }
    await expect(page.getByTestId('m-accuracy')).toHaveText(r.accuracy.toFixed(3));
    await expect(page.getByTestId('m-macro-f1')).toHaveText(r.macro.f1.toFixed(3));
    await expect(page.getByTestId('loss-none')).toContainText('one step (no epochs)');
    await expect(page.getByTestId('learning-series')).toHaveCount(2);
    await expect(page.getByTestId('importance-row').first()).toBeVisible({ timeout: 30_000 });
    // When shuffling no single feature changes a held-out prediction, the panel says so and orders by impurity.
    const imp = (await api.call('insights.importance', {}))!;
    const flat = imp.baseline !== null && imp.features.every((f) => Math.abs(f.permutation ?? 0) < 1e-9);
    await expect(page.getByTestId('importance-flat')).toHaveCount(flat ? 1 : 0);
    if (flat) {
      const top = [...imp.features].sort((a, b) => b.impurity - a.impurity)[0]!;
      await expect(page.getByTestId('importance-row').first()).toContainText(top.label);
    }

    // The cell with the most errors (off the diagonal) is the interesting one; else the first.
    let cell: [number, number] = [0, 0];
    r.confusion.forEach((row, t) => row.forEach((v, p) => { if (t !== p && v > 0 && (cell[0] === cell[1] || v > r.confusion[cell[0]]![cell[1]]!)) cell = [t, p]; }));
    const [t, p] = cell;
    const expected = d.cells![t]![p]!.map((x) => String(x.windowId));
    expect(expected.length).toBe(r.confusion[t]![p]);
    await page.getByTestId(`confusion-cell-${t}-${p}`).click();
    await expect(page.getByTestId('cell-title')).toHaveText(`true ${d.classes[t]!.name}, predicted ${d.classes[p]!.name}: ${expected.length} window(s)`);
    await expect(page.getByTestId('cell-window')).toHaveCount(expected.length);
    expect(await page.getByTestId('cell-window').evaluateAll((els) => els.map((e) => e.getAttribute('data-window-id')))).toEqual(expected);
    await page.screenshot({ path: join(artifacts, 'dashboard.png') });
    await page.getByTestId('plot-importance').screenshot({ path: join(artifacts, 'dashboard-importance.png') });

    // A strategy comparison on the project's own labels, drawn against random.
    await page.getByTestId('simulate-run').click();
    await expect(page.getByTestId('simulation-series')).toHaveCount(3, { timeout: 60_000 });
    const sim = (await api.call('insights.simulation', {}))!;
    expect(sim.results.map((x) => x.strategy)).toEqual(['random', 'entropy', 'hybrid']);
    expect(await page.getByTestId('simulation-series').evaluateAll((els) => els.map((e) => e.getAttribute('data-name')))).toEqual(['random', 'entropy', 'hybrid']);
    await page.getByTestId('simulation-panel').screenshot({ path: join(artifacts, 'dashboard-simulation.png') });

    // Exports: the confusion matrix as CSV (its numbers) and as PNG and SVG images.
    const csv = await downloaded(page, 'plot-confusion-csv');
    expect(csv.name).toBe(`model-${d.model.id}-confusion.csv`);
    expect(csv.bytes.toString('utf8').trim().split('\n').slice(1).map((l) => l.split(',').slice(1).map(Number))).toEqual(r.confusion);
    const png = await downloaded(page, 'plot-confusion-png');
    expect(png.bytes.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(png.bytes.length).toBeGreaterThan(1000);
    const svg = await downloaded(page, 'plot-confusion-svg');
    expect(svg.bytes.toString('utf8')).toContain('<svg');

    // Open the first window of the cell on the labeling screen: the explanation beside it is the API's.
    const first = Number(expected[0]);
    await page.getByTestId('cell-window').first().getByRole('button').click();
    const prediction = page.getByTestId('prediction');
    await expect(prediction).toHaveAttribute('data-window-id', String(first), { timeout: 30_000 });
    const e = (await api.call('insights.explain', { windowId: first }))!;
    await expect(page.getByTestId('explanation-headline')).toHaveText(e.headline);
    expect(e.headline).toMatch(/^Predicted \w+ \(\d\.\d\d\): /);
    await expect(page.getByTestId(`prob-${e.classes[0]!.name}`)).toHaveText(e.probs[0]!.toFixed(2));
    await page.getByTestId('explanation-details').locator('summary').click();
    await page.screenshot({ path: join(artifacts, 'labeling-explanation.png') });
  } finally {
    api.close();
  }
});

test('feature views: correlation toggles Pearson/Spearman, distributions and separation ranking draw', async ({ page }) => {
  await page.goto('/');
  await page.getByTestId('tab-features').click();
  await expect(page.getByTestId('separation-row').first()).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('distribution-box')).toHaveCount(2);
  await expect(page.getByTestId('plot-correlation')).toContainText('Spearman correlation on 138 windows');
  await page.getByTestId('corr-pearson').click();
  await expect(page.getByTestId('plot-correlation')).toContainText('Pearson correlation on 138 windows');
  await page.getByTestId('distribution-feature').selectOption('sta_lta_max');
  await expect(page.getByTestId('plot-distribution')).toContainText('STA/LTA max');
  const csv = await downloaded(page, 'plot-distribution-csv');
  // 94 earthquake + 44 noise values and a header.
  expect(csv.bytes.toString('utf8').trim().split('\n')).toHaveLength(139);
  await page.screenshot({ path: join(artifacts, 'features.png') });
  // The 61 × 61 matrix is taller than the window: a tall viewport captures all of it.
  await page.setViewportSize({ width: 1280, height: 1500 });
  await page.getByTestId('plot-correlation').screenshot({ path: join(artifacts, 'features-correlation.png') });
});

test('a class without held-out windows is named and left out, the learning curve draws its spread, training can be cancelled', async ({ page }) => {
  test.setTimeout(180_000);
  await createProject(page, 'scores');
  await importPaths(page, [dataPath()]);
  const api = await apiClient();
  try {
    await api.call('al.settings', { retrainEvery: 0 });
    // One window of a new class: whichever split holds it out, other splits cannot.
    const rare = await api.call('classes.create', { name: 'rare' });
    const ann = await api.call('annotators.ensure', { name: 'e2e' });
    const { windows } = await api.call('windows.list', { limit: 1 });
    await api.call('labels.add', { windowId: windows[0]!.id, annotatorId: ann.id, kind: 'class', classId: rare.id });
    let d = null;
    for (let seed = 0; seed < 8; seed++) {
      const { taskId } = await api.call('models.train', { seed });
      await expect.poll(async () => (await api.call('tasks.get', { id: taskId })).status, { timeout: 60_000 }).toBe('done');
      d = (await api.call('insights.dashboard', {}))!;
      if (d.report!.leftOut.length) break;
    }
    const r = d!.report!;
    const k = d!.classes.findIndex((c) => c.name === 'rare');
    expect(r.leftOut).toEqual([k]);
    const scored = r.perClass.filter((_, j) => j !== k);
    expect(r.macro.f1).toBeCloseTo(scored.reduce((a, s) => a + s.f1, 0) / scored.length, 12);

    await page.getByTestId('tab-model').click();
    await expect(page.getByTestId('model-facts')).toContainText(`#${d!.model.id}`, { timeout: 30_000 });
    await expect(page.getByTestId('metrics-left-out')).toHaveText(/^“rare” has no held-out windows in this split, so it is left out of the macro averages/);
    await expect(page.getByTestId('m-macro-f1')).toHaveText(r.macro.f1.toFixed(3));
    const spread = d!.model.macroF1Spread!;
    await expect(page.getByTestId('metrics-repeats')).toContainText(`from ${spread.lo.toFixed(3)} to ${spread.hi.toFixed(3)}`);
    // The range bar of the newest version spans its lowest to highest score, read from the
    // drawn geometry against the 0–1 y axis.
    await expect(page.getByTestId('learning-note')).toContainText(`over ${spread.n} grouped splits`);
    const bars = page.getByTestId('learning-range');
    await expect(bars).toHaveCount((await api.call('models.list')).filter((m) => m.macroF1Spread).length);
    const axis = (await page.getByTestId('learning-yaxis').boundingBox())!;
    const bar = (await bars.last().boundingBox())!;
    expect(Math.abs(bar.height - (spread.hi - spread.lo) * axis.height)).toBeLessThan(2);
    expect(Math.abs(bar.y + bar.height - (axis.y + (1 - spread.lo) * axis.height))).toBeLessThan(2);
    await page.getByTestId('plot-learning').screenshot({ path: join(artifacts, 'dashboard-learning-band.png') });
    await page.locator('section.card', { has: page.getByTestId('metrics-table') }).screenshot({ path: join(artifacts, 'dashboard-left-out.png') });

    // Cancel a CNN training from the labeling screen: the task ends cancelled, no model is stored.
    const before = (await api.call('models.list')).length;
    await page.getByTestId('tab-label').click();
    await page.getByTestId('train-kind').selectOption('cnn');
    await page.getByTestId('retrain-now').click();
    await expect(page.getByTestId('model-training')).toBeVisible({ timeout: 30_000 });
    // The progress and its cancel button are never cut off by the model line.
    const line = (await page.getByTestId('model-status').boundingBox())!;
    const cancel = (await page.getByTestId('cancel-training').boundingBox())!;
    expect(cancel.x).toBeGreaterThanOrEqual(line.x);
    expect(cancel.x + cancel.width).toBeLessThanOrEqual(line.x + line.width + 0.5);
    await page.screenshot({ path: join(artifacts, 'labeling-training.png') });
    await page.getByTestId('cancel-training').click();
    await expect(page.getByTestId('model-training-cancelled')).toBeVisible({ timeout: 60_000 });
    await expect(page.getByTestId('model-training')).toHaveCount(0);
    const task = (await api.call('tasks.list')).find((t) => t.kind === 'train')!;
    expect(task.status).toBe('cancelled');
    expect(await api.call('models.list')).toHaveLength(before);
    await expect(page.getByTestId('model-version')).toHaveText(`v${d!.model.id}`);
  } finally {
    api.close();
  }
});
