// The expert's review queues on the labeling screen, on the real labeled windows: the owner
// switches to the contested windows (votes split 2:1 by two volunteers and the import), sees
// each window's votes and the model's own prediction beside it, and settles one; then to
// the probable label errors (confident learning; labels flipped on purpose), ranked as the
// API ranks them, and corrects one. A correction is a new label event: the history keeps
// every earlier event as it was.
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import type { CoreClient } from '../../core/common/api/client.js';
import { dataPath, hasSharedData, missingDataReason } from '../helpers/data.js';
import { apiClient, artifacts, createProject } from './helpers.js';

test.skip(!hasSharedData, missingDataReason);

async function waitTask(api: CoreClient, taskId: string): Promise<void> {
  await expect.poll(async () => (await api.call('tasks.get', { id: taskId })).status, { timeout: 90_000 }).toBe('done');
}

const shown = (page: Page) => page.getByTestId('window-title');

async function shot(page: Page, name: string): Promise<void> {
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.screenshot({ path: join(artifacts, `${name}-laptop.png`) });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.getByTestId('review-note').scrollIntoViewIfNeeded();
  await expect(page.getByTestId('review-note')).toBeInViewport();
  await page.screenshot({ path: join(artifacts, `${name}-phone.png`) });
  await page.setViewportSize({ width: 1366, height: 768 });
}

test('the owner reviews contested windows and probable label errors, correcting by new label events', async ({ page }) => {
  test.setTimeout(240_000);
  await createProject(page, 'review');
  const owner = await apiClient();
  try {
    await waitTask(owner, (await owner.call('imports.start', { paths: [dataPath()] })).taskId);
    const classes = await owner.call('classes.list');
    const cls = (name: string) => classes.find((c) => c.name === name)!;
    const other = (id: number) => (id === cls('earthquake').id ? cls('noise').id : cls('earthquake').id);
    const importer = (await owner.call('annotators.list')).find((a) => a.name === 'import')!;
    const { windows } = await owner.call('windows.list', { limit: 1000 });
    const labeled = windows.filter((w) => w.label?.kind === 'class');
    expect(labeled.length).toBe(138);
    // Every 10th label flipped by the importer: the planted label errors.
    const flipped = new Set<number>();
    for (let i = 0; i < labeled.length; i += 10) {
      const w = labeled[i]!;
      await owner.call('labels.add', { windowId: w.id, annotatorId: importer.id, kind: 'class', classId: other(w.label!.classId!) });
      flipped.add(w.id);
    }
    // Three windows split 2:1: one volunteer agrees with the import, the other does not.
    const split = labeled.filter((w) => !flipped.has(w.id)).slice(0, 3);
    const tokens = await Promise.all(['ada', 'bo'].map(async (name) => (await owner.call('people.invite', { name, role: 'volunteer' })).token));
    for (const [i, token] of tokens.entries()) {
      const v = await apiClient(token);
      for (const w of split) await v.call('labels.add', { windowId: w.id, kind: 'class', classId: i === 0 ? w.label!.classId! : other(w.label!.classId!) });
      v.close();
    }
    await waitTask(owner, (await owner.call('models.train', { kind: 'forest', seed: 0 })).taskId);

    // Contested windows, most divided first, as the API lists them.
    const contested = await owner.call('review.contested', { limit: 200 });
    expect(contested.map((c) => c.windowId).sort()).toEqual(split.map((w) => w.id).sort());
    await page.reload();
    await page.getByTestId('tab-label').click();
    await page.getByTestId('mode-contested').click();
    await expect(page.getByTestId('queue-status')).toHaveText('3 contested window(s), most divided first');
    await expect(shown(page)).toHaveAttribute('data-window-id', String(contested[0]!.windowId));
    await expect(page.getByTestId('review-note')).toHaveAttribute('data-kind', 'contested');
    await expect(page.getByTestId('review-why')).toContainText(`says ${classes.find((c) => c.id === contested[0]!.classId)!.name} with only 67 % of 3 votes`);
    await expect(page.getByTestId('vote-row')).toHaveCount(3);
    await expect(page.getByTestId('vote-row').filter({ hasText: 'ada' })).toBeVisible();
    await expect(page.getByTestId('vote-row').filter({ hasText: 'bo' })).toBeVisible();
    const predicted = await owner.call('predictions.forWindows', { windowIds: [contested[0]!.windowId] });
    const p = predicted.probs[0]!;
    const guess = predicted.classIds[p.indexOf(Math.max(...p))]!;
    await expect(page.getByTestId('model-guess')).toHaveAttribute('data-class-id', String(guess));
    await expect(page.getByTestId('model-guess')).toContainText(`model #${predicted.modelId}`);
    await shot(page, 'review-contested');

    // The owner settles it with the minority class: one more event, the earlier ones untouched.
    const target = contested[0]!.windowId;
    const before = await owner.call('labels.history', { windowId: target });
    const minority = other(contested[0]!.classId);
    await page.keyboard.press(classes.find((c) => c.id === minority)!.hotkey!);
    await expect(page.getByTestId('position')).toHaveText('2');
    await expect.poll(async () => (await owner.call('labels.history', { windowId: target })).length).toBe(before.length + 1);
    const after = await owner.call('labels.history', { windowId: target });
    expect(after.slice(0, before.length)).toEqual(before);
    expect(after.at(-1)).toMatchObject({ kind: 'class', classId: minority, undoes: null });
    expect(before.some((e) => e.annotatorId === after.at(-1)!.annotatorId)).toBe(false);
    const votes = await owner.call('consensus.get', { windowId: target });
    expect(votes.labels).toHaveLength(4);

    // Probable label errors, ranked as the API ranks them.
    await page.getByTestId('mode-issues').click();
    await expect(page.getByTestId('queue-status')).toContainText('probable label error(s) among 138 labeled windows', { timeout: 90_000 });
    const { issues } = await owner.call('review.labelIssues', { limit: 200 });
    expect(issues.length).toBeGreaterThan(0);
    await expect(page.getByTestId('queue-status')).toHaveText(`${issues.length} probable label error(s) among 138 labeled windows, most suspicious first`);
    for (const [i, issue] of issues.slice(0, 3).entries()) {
      await expect(shown(page)).toHaveAttribute('data-window-id', String(issue.windowId));
      await expect(page.getByTestId('review-note')).toContainText(`Review · ${i + 1} of ${issues.length}`);
      if (i < 2) await page.keyboard.press('ArrowRight');
    }
    // Most of what it flags first is a planted error.
    const top = issues.slice(0, 10);
    expect(top.filter((x) => flipped.has(x.windowId)).length).toBeGreaterThanOrEqual(Math.ceil(top.length / 2));
    await page.keyboard.press('Home');
    const first = issues[0]!;
    await expect(page.getByTestId('review-why')).toContainText(
      `labeled ${classes.find((c) => c.id === first.classId)!.name}, but a model that never saw this label gives that class ${Math.round(100 * first.selfConfidence)} %`);
    await shot(page, 'review-issues');
    const hist = await owner.call('labels.history', { windowId: first.windowId });
    await page.keyboard.press(classes.find((c) => c.id === first.likelyClassId)!.hotkey!);
    await expect.poll(async () => (await owner.call('labels.history', { windowId: first.windowId })).length).toBe(hist.length + 1);
    const now = await owner.call('labels.history', { windowId: first.windowId });
    expect(now.slice(0, hist.length)).toEqual(hist);
    expect(now.at(-1)).toMatchObject({ kind: 'class', classId: first.likelyClassId });
  } finally {
    owner.close();
  }
});
