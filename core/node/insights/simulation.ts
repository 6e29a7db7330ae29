// Strategy comparisons for the dashboard: a file written by `seislabel simulate --out`, or a
// small simulation on the project's own labels run as a background task. The last project
// run is kept in the project file so the dashboard shows it again after a restart.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parseSimulationJson } from '../../common/api/insights.js';
import { CoreError } from '../../common/errors.js';
import { trainFeatureModel } from '../../common/ml/featureModel.js';
import { takeRows } from '../../common/ml/matrix.js';
import { simulate, type SimModelFactory, type SimResult } from '../../common/ml/simulate.js';
import type { StrategyName } from '../../common/ml/strategies.js';
import { ensureFeatures, trainingSet } from '../ml/projectModels.js';
import { loadFeatures, loadModelInputs } from '../store/features.js';
import type { ProjectStore } from '../store/project.js';
import { throwIfCancelled, yieldToLoop, type TaskContext } from '../tasks.js';

const META_KEY = 'insights.simulation';

/** A simulation to show: where it came from and one result per strategy. */
export interface Simulation { source: string; createdAt: number | null; results: SimResult[] }

/** Reads a simulation JSON file. */
export function readSimulationFile(path: string): Simulation {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new CoreError('not_found', `cannot read ${path}: ${(e as Error).message}`);
  }
  try {
    return { source: basename(path), createdAt: null, results: parseSimulationJson(text) as SimResult[] };
  } catch (e) {
    throw new CoreError('bad_file', `${basename(path)}: ${(e as Error).message}`);
  }
}

/** The last simulation run on this project's labels, or null. */
export function lastProjectSimulation(store: ProjectStore): Simulation | null {
  const v = store.getMeta(META_KEY);
  return v ? (JSON.parse(v) as Simulation) : null;
}

/** Options of a project simulation (see the API method insights.simulate). */
export interface ProjectSimOptions { strategies: StrategyName[]; seeds: number; initial: number; batch: number; budget: number; testFraction: number }

/** Runs the strategies on the project's labeled windows and stores the result. */
export async function runProjectSimulation(store: ProjectStore, ctx: TaskContext, o: ProjectSimOptions): Promise<Simulation> {
  const { ids, y, classIds } = trainingSet(store);
  if (classIds.length < 2) throw new CoreError('invalid_input', 'label windows of at least two classes before simulating');
  const keys = store.groupKeys();
  const groups = ids.map((id) => keys.get(id) || String(id));
  if (new Set(groups).size < 4) throw new CoreError('invalid_input', `the labels come from ${new Set(groups).size} group(s) (stations/events); a held-out test needs at least 4`);
  await ensureFeatures(store, ctx, ids);
  const features = loadFeatures(store.db, ids);
  // The model sees what the served model sees: the features beside their station context.
  const modelInputs = loadModelInputs(store.db, ids);
  const names = store.listClasses();
  const classes = classIds.map((c) => names.find((k) => k.id === c)?.name ?? `class ${c}`);
  // The order matters for reading the plot: random first, as the baseline the others beat.
  const strategies = [...new Set<StrategyName>(['random', ...o.strategies])];
  const rounds = Math.ceil(Math.max(0, o.budget - o.initial) / o.batch) + 1;
  const total = strategies.length * o.seeds * rounds;
  let done = 0;
  const model: SimModelFactory = {
    name: 'forest',
    async fit(train, yt, K, seed) {
      // Each fit is short; yielding between them keeps the core answering the labeling screen.
      await yieldToLoop();
      throwIfCancelled(ctx.signal);
      const rowsOf = (idx: Int32Array) => { const m = takeRows(modelInputs, idx); return { data: Float64Array.from(m.data), rows: m.rows, cols: m.cols }; };
      const fm = trainFeatureModel(rowsOf(train), yt, { classes: K, seed, classWeights: 'balanced' });
      return { predictProba: (idx) => fm.predictProba(rowsOf(idx)), embed: (idx) => ({ data: fm.embed(rowsOf(idx)), cols: fm.features }) };
    },
  };
  const results: SimResult[] = [];
  for (const strategy of strategies) {
    results.push(await simulate({ classes, y, groups, features }, model, {
      strategy, seeds: o.seeds, initial: o.initial, batch: o.batch, budget: o.budget, testFraction: o.testFraction,
      onRound: () => ctx.progress(Math.min(++done, total), total, `simulating ${strategy}`),
    }));
  }
  const sim: Simulation = { source: `this project's ${ids.length} labels`, createdAt: Date.now(), results };
  store.setMeta(META_KEY, JSON.stringify(sim));
  return sim;
}
