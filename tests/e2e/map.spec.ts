// The embedding map on the real labeled windows: every window drawn (counted from what was
// handed to the GPU), legend counts equal to the labels, a lasso group labeled in one go and
// checked through the API, clusters with their agreement between seeds.
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { dataPath, hasSharedData, missingDataReason } from '../helpers/data.js';
import { apiClient, artifacts, createProject, importPaths } from './helpers.js';

test.skip(!hasSharedData, missingDataReason);

const hook = <T>(page: Page, fn: (h: NonNullable<Window['__seislabelMap']>) => T) =>
  page.evaluate(`(${fn.toString()})(window.__seislabelMap)`) as Promise<T>;

test('map the real windows, check points and legend, lasso a group and label it', async ({ page }) => {
  test.setTimeout(120_000);
  await createProject(page, 'map');
  await importPaths(page, [dataPath()]);
  const api = await apiClient();
  try {
    const total = (await api.call('projects.info')).windows;
    expect(total).toBe(138);
    await page.getByTestId('tab-map').click();
    await page.getByTestId('map-compute').click();
    await expect(page.getByTestId('map-info')).toContainText('UMAP of window features, seed 0, 138 windows', { timeout: 60_000 });

    // Every window is a point on the GPU, and the legend counts are the label counts.
    await expect(page.getByTestId('map-canvas')).toHaveAttribute('data-points', String(total));
    await expect.poll(() => hook(page, (h) => h.count())).toBe(total);
    const info = await api.call('projects.info');
    const values = await hook(page, (h) => h.values());
    const legend = page.getByTestId('map-legend').locator('li');
    const entries = await legend.evaluateAll((els) => els.map((e) => ({ name: e.getAttribute('data-testid')!.slice(7), count: Number(e.getAttribute('data-count')) })));
    entries.forEach((e, i) => expect(values.filter((v) => v === i).length, e.name).toBe(e.count));
    for (const c of info.perClass) expect(entries.find((e) => e.name === c.name)?.count, c.name).toBe(c.count);
    expect(entries.find((e) => e.name === 'earthquake')!.count).toBe(94);
    expect(entries.find((e) => e.name === 'noise')!.count).toBe(44);
    await page.screenshot({ path: join(artifacts, 'map.png') });

    // Lasso a rectangle left of the widest gap in x (among the middle points), so no point
    // sits on the lasso's edge and the expected group is unambiguous.
    await page.getByTestId('map-mode-lasso').click();
    const pts = await hook(page, (h) => h.screen());
    const box = (await page.getByTestId('map-canvas').boundingBox())!;
    const xs = pts.map((p) => p[0]).sort((a, b) => a - b);
    let cut = 0;
    let gap = -1;
    for (let j = Math.floor(total * 0.2); j < Math.floor(total * 0.6); j++) if (xs[j + 1]! - xs[j]! > gap) { gap = xs[j + 1]! - xs[j]!; cut = (xs[j]! + xs[j + 1]!) / 2; }
    const expected = pts.flatMap((p, i) => (p[0] < cut ? [i] : []));
    const ys = pts.map((p) => p[1]);
    const [x0, y0, y1] = [Math.max(2, xs[0]! - 12), Math.max(2, Math.min(...ys) - 12), Math.min(box.height - 2, Math.max(...ys) + 12)];
    const at = (x: number, y: number) => [box.x + x, box.y + y] as const;
    await page.mouse.move(...at(x0, y0));
    await page.mouse.down();
    for (const [x, y] of [[cut, y0], [cut, y1], [x0, y1], [x0, y0 + 1]] as const) await page.mouse.move(...at(x, y), { steps: 12 });
    await page.mouse.up();
    await expect(page.getByTestId('map-selected-count')).toHaveText(String(expected.length));
    expect((await hook(page, (h) => h.selected())).sort((a, b) => a - b)).toEqual(expected);

    // Label the group together after looking at a sample of it.
    await page.getByTestId('map-label-group').click();
    const dialog = page.getByTestId('group-dialog');
    await expect(dialog.getByTestId('group-count')).toHaveText(String(expected.length));
    await expect(dialog.getByTestId('wave-thumb')).toHaveCount(Math.min(6, expected.length));
    await expect(dialog.getByTestId('wave-thumb').first()).toContainText('·');
    await page.screenshot({ path: join(artifacts, 'map-lasso-dialog.png') });
    await dialog.getByTestId('group-class-tremor').click();
    await expect(dialog).toBeHidden();

    const map = (await api.call('maps.get', {}))!;
    const chosen = new Set(expected.map((i) => map.windowIds[i]!));
    const { windows } = await api.call('windows.list', { limit: 1000 });
    const tremor = (await api.call('classes.list')).find((c) => c.name === 'tremor')!;
    expect(windows.filter((w) => w.label?.classId === tremor.id).map((w) => w.id).sort((a, b) => a - b)).toEqual([...chosen].sort((a, b) => a - b));
    await expect(page.getByTestId('legend-tremor')).toHaveAttribute('data-count', String(chosen.size));

    // Clusters with their agreement between seeds, shown with the caveat.
    await page.getByTestId('map-k').fill('2');
    await page.getByTestId('map-cluster').click();
    await expect(page.getByTestId('map-cluster-ari')).toHaveText(/^-?[01]\.\d\d$/);
    await expect(page.getByTestId('map-legend').locator('li')).toHaveCount(2);
    await expect(page.getByRole('note')).toContainText('different results from run to run');
    await page.screenshot({ path: join(artifacts, 'map-clusters.png') });
  } finally {
    api.close();
  }
});
