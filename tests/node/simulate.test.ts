// The simulation on real labeled data: deterministic, honest about budgets, and showing
// that a model on window features learns earthquake vs noise from a few labels.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { simulate } from '../../core/common/ml/simulate.js';
import { loadLabeledSet } from '../../core/node/ml/labeledSet.js';
import { featureForestFactory } from '../../core/node/ml/simModels.js';
import { main } from '../../core/node/cli/main.js';
import { dataPath, hasSharedData } from '../helpers/data.js';
import { tempDir } from '../helpers/tmp.js';

describe.skipIf(!hasSharedData)('simulate on real data', () => {
  const ls = hasSharedData ? loadLabeledSet(dataPath()) : null!;
  const data = () => ({ classes: ls.classes, y: ls.y, groups: ls.groups, features: ls.features });

  it('gives the same numbers for the same seeds', async () => {
    const o = { strategy: 'entropy' as const, seeds: 2, initial: 6, batch: 6, budget: 24, testFraction: 0.3 };
    const a = await simulate(data(), featureForestFactory(ls), o);
    const b = await simulate(data(), featureForestFactory(ls), o);
    expect(a).toEqual(b);
    expect(a.curve.map((p) => p.labels)).toEqual([6, 12, 18, 24]);
  });

  it('reaches a macro-F1 of 0.9 on earthquake vs noise with 30 labels', async () => {
    const r = await simulate(data(), featureForestFactory(ls), { strategy: 'hybrid', seeds: 4, initial: 6, batch: 6, budget: 30, testFraction: 0.3 });
    expect(r.curve.at(-1)!.macroF1).toBeGreaterThan(0.9);
    expect(r.fullPoolMacroF1).toBeGreaterThan(0.9);
  });

  it('stops at the pool size and says so when the budget exceeds it', async () => {
    const r = await simulate(data(), featureForestFactory(ls), { strategy: 'random', seeds: 1, initial: 6, batch: 40, budget: 1000, testFraction: 0.3 });
    expect(r.budgetReached).toBeLessThan(138);
    expect(r.notes[0]).toMatch(/exceeds the smallest pool/);
    expect(r.curve.at(-1)!.labels).toBe(r.budgetReached);
  });

  it('writes the JSON the issue asks for from the CLI', async () => {
    const out = join(tempDir(), 'sim.json');
    const lines: string[] = [];
    const code = await main(['simulate', '--data', dataPath(), '--strategy', 'all', '--seeds', '1', '--budget', '18', '--out', out], { log: (s) => lines.push(s), err: (s) => lines.push(s) });
    expect(code).toBe(0);
    const json = JSON.parse(readFileSync(out, 'utf8')) as { results: Record<string, unknown>[] };
    expect(json.results.map((r) => r.strategy)).toContain('random');
    for (const key of ['strategy', 'model', 'classes', 'seeds', 'initial', 'batch', 'budget', 'fullPoolMacroF1', 'fullPoolMacroF1Std', 'curve', 'labelsTo95', 'labelsTo98']) expect(json.results[0]).toHaveProperty(key);
    expect(lines.join('\n')).toMatch(/random\s+0\.\d{3}/);
    expect(lines.join('\n')).toMatch(/±sd: standard deviation of macro-F1 over seeds/);
  });
});
