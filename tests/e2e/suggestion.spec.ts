// Model-assisted labeling on the real main set: the side panel shows the newest model's
// suggested class with its confidence (the stored prediction's argmax), Enter labels the
// window with it and the stored label records the suggestion as shown and accepted; another
// verdict records it as shown, not accepted. The volunteer view shows none and Enter there
// labels nothing.
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { dataPath, hasSharedData, missingDataReason } from '../helpers/data.js';
import { apiClient, artifacts, createProject, importPaths } from './helpers.js';

test.skip(!hasSharedData, missingDataReason);

const suggestionFor = async (page: Page, windowId: number) => {
  const box = page.getByTestId('suggestion');
  await expect(box).toHaveAttribute('data-window-id', String(windowId), { timeout: 30_000 });
  await expect(page.getByTestId('suggestion-accept')).toBeVisible({ timeout: 30_000 });
  return { classId: Number(await box.getAttribute('data-class-id')), confidence: Number(await box.getAttribute('data-confidence')) };
};

test('Enter accepts the suggestion on screen and the label records it; volunteers see none', async ({ page }) => {
  test.setTimeout(120_000);
  await createProject(page, 'suggest');
  await importPaths(page, [dataPath()]);
  const api = await apiClient();
  try {
    await api.call('al.settings', { retrainEvery: 0 });
    const { taskId } = await api.call('models.train', { seed: 1 });
    await expect.poll(async () => (await api.call('tasks.get', { id: taskId })).status, { timeout: 60_000 }).toBe('done');
    const [model] = await api.call('models.list');
    const classes = await api.call('classes.list');
    const { windows } = await api.call('windows.list', { limit: 3 });
    const expected = async (id: number) => {
      const p = await api.call('predictions.forWindows', { windowIds: [id] });
      const probs = p.probs[0]!;
      const k = probs.indexOf(Math.max(...probs));
      return { classId: p.classIds[k]!, confidence: probs[k]! };
    };

    await page.getByTestId('tab-label').click();
    await page.getByTestId('mode-order').click();
    await page.keyboard.press('Home');
    await expect(page.getByTestId('progress')).toContainText('window 1 of 138');

    // Window 1: the suggestion is the model's argmax with its probability; Enter takes it.
    const w1 = windows[0]!.id;
    const s1 = await suggestionFor(page, w1);
    const e1 = await expected(w1);
    expect(s1.classId).toBe(e1.classId);
    expect(s1.confidence).toBeCloseTo(e1.confidence, 6);
    const name1 = classes.find((c) => c.id === e1.classId)!.name;
    await expect(page.getByTestId('suggestion-class')).toHaveText(name1);
    await expect(page.getByTestId('suggestion-confidence')).toHaveText(`${Math.round(e1.confidence * 100)} %`);
    await page.screenshot({ path: join(artifacts, 'labeling-suggestion.png') });
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('progress')).toContainText('window 2 of 138');
    await expect.poll(async () => (await api.call('labels.history', { windowId: w1 })).length).toBe(2);
    const h1 = (await api.call('labels.history', { windowId: w1 })).at(-1)!;
    expect(h1).toMatchObject({ kind: 'class', classId: e1.classId, suggestion: { classId: e1.classId, modelId: model!.id, accepted: true } });
    expect(h1.suggestion!.confidence).toBeCloseTo(e1.confidence, 6);

    // Window 2: a class key for the other class records the suggestion as shown, not accepted.
    const w2 = windows[1]!.id;
    const s2 = await suggestionFor(page, w2);
    const other = classes.find((c) => c.id !== s2.classId && c.hotkey)!;
    await page.keyboard.press(other.hotkey!);
    await expect(page.getByTestId('progress')).toContainText('window 3 of 138');
    await expect.poll(async () => (await api.call('labels.history', { windowId: w2 })).length).toBe(2);
    expect((await api.call('labels.history', { windowId: w2 })).at(-1)).toMatchObject({ kind: 'class', classId: other.id, suggestion: { classId: s2.classId, accepted: false } });

    // The volunteer view on window 3: no suggestion, Enter labels nothing, a verdict records none.
    const w3 = windows[2]!.id;
    await page.getByTestId('simple-view').click();
    await expect(page.getByTestId('volunteer-plot')).toHaveAttribute('data-window-id', String(w3));
    await expect(page.getByTestId('suggestion')).toHaveCount(0);
    await page.keyboard.press('Enter');
    await page.waitForTimeout(500);
    expect(await api.call('labels.history', { windowId: w3 })).toHaveLength(1);
    await page.getByTestId(`volunteer-class-${other.name}`).click();
    await expect.poll(async () => (await api.call('labels.history', { windowId: w3 })).length).toBe(2);
    expect((await api.call('labels.history', { windowId: w3 })).at(-1)).toMatchObject({ kind: 'class', classId: other.id, suggestion: null });
  } finally {
    api.close();
  }
});
