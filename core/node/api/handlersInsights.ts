// Handlers of the insights methods: model dashboard, feature views, explanations and
// strategy comparisons.
import type { Caller, MethodName, Output, ParsedInput } from '../../common/api/index.js';
import { CoreError } from '../../common/errors.js';
import { FEATURES } from '../../common/features/index.js';
import { pearsonMatrix, spearmanMatrix } from '../../common/ml/correlation.js';
import { featureTitle } from '../../common/ml/explainText.js';
import { clusterStability, kmeans } from '../../common/ml/kmeans.js';
import { separationRanking } from '../../common/ml/separation.js';
import type { Core } from '../core.js';
import { explainWindow, newestFeatureModel } from '../insights/explainWindow.js';
import { featureTable, standardize } from '../insights/featureTable.js';
import { confusionCells, heldOut, labelsAt } from '../insights/heldOut.js';
import { lastProjectSimulation, readSimulationFile, runProjectSimulation } from '../insights/simulation.js';
import { labelCost } from '../insights/labelCost.js';
import { projectStoppingHint } from '../ml/stability.js';
import { getModel, type ModelRecord } from '../store/models.js';
import type { ProjectStore } from '../store/project.js';
import { modelHandlers, storedReport } from './handlersModels.js';

type Domain = 'insights.dashboard' | 'insights.labelCost' | 'insights.importance' | 'insights.explain' | 'insights.correlation' | 'insights.distribution' | 'insights.separation' | 'insights.simulation' | 'insights.simulate';
type Dashboard = NonNullable<Output<'insights.dashboard'>>;
type H<M extends MethodName> = (input: ParsedInput<M>, core: Core, caller: Caller) => Output<M> | Promise<Output<M>>;

const featureRef = (j: number) => { const f = FEATURES[j]!; return { name: f.name, label: featureTitle(f.name, f.unit), description: f.description, unit: f.unit }; };

const classRefs = (store: ProjectStore, ids: number[]) => {
  const classes = store.listClasses();
  return ids.map((id) => { const c = classes.find((k) => k.id === id); return { id, name: c?.name ?? `class ${id}`, colour: c?.colour ?? '#888888' }; });
};

/** Loss curves as a network training records them: `metrics.curves = [{epoch, loss, valLoss}]`. */
const curvesOf = (metrics: unknown) => {
  const c = (metrics as { curves?: unknown }).curves;
  if (!Array.isArray(c) || !c.length) return null;
  return c.map((p: { epoch?: unknown; loss?: unknown; valLoss?: unknown }, i) => ({
    epoch: typeof p.epoch === 'number' ? p.epoch : i + 1,
    loss: Number(p.loss),
    valLoss: typeof p.valLoss === 'number' ? p.valLoss : null,
  }));
};

const requireFeatureModel = (store: ProjectStore, id: number | undefined): ModelRecord | null => {
  const m = getModel(store.db, id);
  if (m && m.kind !== 'forest') throw new CoreError('invalid_input', `model ${m.id} is a ${m.kind} model; feature importance needs a feature model`);
  return m;
};

/** NaN (a constant feature's correlation) travels as null. */
const finiteOrNull = (v: number) => (Number.isFinite(v) ? v : null);

export const insightsHandlers: { [M in Domain]: H<M> } = {
  'insights.labelCost': (_i, core) => {
    const store = core.requireProject();
    const cost = labelCost(store);
    // The gain of the latest labeling: F1 between the two newest versions of one kind over the hours between them.
    const newest = cost.models[cost.models.length - 1];
    const same = newest ? cost.models.filter((m) => m.kind === newest.kind) : [];
    const [a, b] = same.slice(-2);
    const f1PerHour = a && b && b.hours > a.hours ? (b.macroF1 - a.macroF1) / (b.hours - a.hours) : null;
    const { stop, reason } = projectStoppingHint(store);
    return { ...cost, f1PerHour, stopping: { stop, reason } };
  },
  'insights.dashboard': async ({ modelId }, core, caller) => {
    const store = core.requireProject();
    const m = getModel(store.db, modelId);
    if (!m) return null;
    const summary = modelHandlers['models.metrics']({ id: m.id }, core, caller) as NonNullable<Output<'models.metrics'>>;
    const metrics = m.metrics as { note?: string; repeats?: Dashboard['repeats'] };
    const h = await heldOut(store.db, m);
    let cells: Dashboard['cells'] = null;
    if (h.pred.length) {
      const K = m.classIds.length;
      const now = store.allCurrentLabels();
      const then = labelsAt(store.db, m.createdAt);
      const conf = h.probs ? Array.from(h.pred, (p, i) => h.probs![i * K + p]!) : Array.from(h.pred, () => NaN);
      cells = confusionCells(h.truth, h.pred, K).map((row) => row.map((list) =>
        list
          .map((i) => {
            const w = h.testIds[i]!;
            const cur = now.get(w);
            return { windowId: w, confidence: Number.isFinite(conf[i]) ? conf[i]! : 0, relabeled: (cur?.kind === 'class' ? cur.classId : null) !== (then.get(w) ?? null) };
          })
          // Least confident first: those are the windows worth a second look.
          .sort((a, b) => a.confidence - b.confidence || a.windowId - b.windowId)));
    }
    return {
      model: summary.model,
      classes: classRefs(store, m.classIds),
      report: storedReport(m),
      note: metrics.note ?? '',
      repeats: metrics.repeats ?? null,
      curves: curvesOf(m.metrics),
      cells,
      cellsNote: h.note,
    };
  },

  'insights.importance': async ({ modelId, repeats, seed }, core) => {
    const store = core.requireProject();
    const m = requireFeatureModel(store, modelId);
    if (!m) return null;
    const impurity = new Map(((m.metrics as { importance?: { feature: string; importance: number }[] }).importance ?? []).map((f) => [f.feature, f.importance]));
    const h = await heldOut(store.db, m, { repeats, seed });
    const t = featureTable(store, { labeledOnly: true, maxWindows: 5000 });
    const correlated: { a: string; b: string; r: number }[] = [];
    if (t.x.rows >= 3) {
      const r = spearmanMatrix(t.x);
      for (let a = 0; a < FEATURES.length; a++) for (let b = a + 1; b < FEATURES.length; b++) {
        const v = r[a]![b]!;
        if (Math.abs(v) >= 0.8) correlated.push({ a: FEATURES[a]!.name, b: FEATURES[b]!.name, r: v });
      }
      correlated.sort((p, q) => Math.abs(q.r) - Math.abs(p.r));
    }
    const perm = h.permutation;
    return {
      modelId: m.id,
      features: FEATURES.map((f, j) => ({ ...featureRef(j), impurity: impurity.get(f.name) ?? 0, permutation: perm ? perm.mean[j]! : null, permutationStd: perm ? perm.std[j]! : null })),
      baseline: perm?.baseline ?? null,
      nTest: h.testIds.length,
      correlated,
      note: perm
        ? `Impurity importance: how much the served forest's splits on a feature purify its nodes (sums to 1). Permutation importance: how much the test macro-F1 (${perm.baseline.toFixed(3)} on ${h.testIds.length} held-out windows) drops when the feature's values are shuffled, mean of ${repeats} shuffles. Correlated features share credit in both.`
        : `Impurity importance only: ${h.note}.`,
    };
  },

  'insights.explain': ({ windowId, top }, core) => {
    const store = core.requireProject();
    store.loadWindow(windowId); // a clear not_found for an unknown window
    const m = newestFeatureModel(store.db);
    return m ? explainWindow(store, m, windowId, top) : null;
  },

  'insights.correlation': ({ method, scope, maxWindows }, core) => {
    const t = featureTable(core.requireProject(), { labeledOnly: scope === 'labeled', maxWindows });
    const matrix = t.x.rows >= 2 ? (method === 'pearson' ? pearsonMatrix(t.x) : spearmanMatrix(t.x)).map((row) => row.map(finiteOrNull)) : FEATURES.map(() => FEATURES.map(() => null));
    return { features: FEATURES.map((_, j) => featureRef(j)), matrix, n: t.x.rows, sampled: t.sampled };
  },

  'insights.distribution': ({ feature, maxPerGroup }, core) => {
    const store = core.requireProject();
    const j = FEATURES.findIndex((f) => f.name === feature);
    if (j < 0) throw new CoreError('not_found', `no feature "${feature}"`);
    const t = featureTable(store);
    const F = t.x.cols;
    const byClass = new Map<number | null, number[]>();
    t.classIds.forEach((c, i) => {
      const v = t.x.data[i * F + j]!;
      if (!Number.isFinite(v)) return;
      const list = byClass.get(c) ?? [];
      list.push(v);
      byClass.set(c, list);
    });
    const refs = classRefs(store, store.listClasses().map((c) => c.id));
    const groups = [...refs.map((r) => ({ classId: r.id as number | null, name: r.name, colour: r.colour })), { classId: null, name: 'unlabeled', colour: '#9aa0a6' }]
      .filter((g) => byClass.has(g.classId))
      .map((g) => {
        const all = byClass.get(g.classId)!;
        // An even stride keeps the shape of a big group's distribution in fewer points.
        const step = Math.max(1, all.length / maxPerGroup);
        const values = all.length > maxPerGroup ? Array.from({ length: maxPerGroup }, (_, i) => all[Math.floor(i * step)]!) : all;
        return { ...g, values, total: all.length };
      });
    return { feature: featureRef(j), groups };
  },

  'insights.separation': ({ by, k, seed, maxWindows }, core) => {
    const store = core.requireProject();
    if (by === 'class') {
      const t = featureTable(store, { labeledOnly: true, maxWindows, seed });
      const classIds = [...new Set(t.classIds as number[])].sort((a, b) => a - b);
      if (classIds.length < 2) throw new CoreError('invalid_input', 'label windows of at least two classes (and train once, which computes their features) to rank features by class');
      const y = Int32Array.from(t.classIds, (c) => classIds.indexOf(c!));
      const refs = classRefs(store, classIds);
      return {
        by, groups: refs.map((r, i) => ({ name: r.name, count: y.filter((v) => v === i).length })),
        ranking: separationRanking(t.x, y, classIds.length).map((s) => ({ ...featureRef(s.feature), f: s.f, etaSquared: s.etaSquared, mutualInformation: s.mutualInformation, n: s.n })),
        stability: null,
        note: `${t.x.rows} labeled windows${t.sampled ? ` (a sample of ${t.available})` : ''}`,
      };
    }
    const t = featureTable(store, { maxWindows, seed });
    if (t.x.rows < k * 2) throw new CoreError('invalid_input', `${t.x.rows} windows with computed features: too few for ${k} clusters (train a model once to compute features)`);
    const z = standardize(t.x);
    const labels = kmeans(z, { k, seed }).labels;
    const stability = clusterStability(z, k, [seed, seed + 1, seed + 2]).meanAri;
    return {
      by, groups: Array.from({ length: k }, (_, c) => ({ name: `cluster ${c + 1}`, count: labels.filter((v) => v === c).length })),
      ranking: separationRanking(t.x, labels, k).map((s) => ({ ...featureRef(s.feature), f: s.f, etaSquared: s.etaSquared, mutualInformation: s.mutualInformation, n: s.n })),
      stability,
      note: `k-means (k = ${k}, seed ${seed}) on ${t.x.rows} windows${t.sampled ? ` (a sample of ${t.available})` : ''}, features standardised. Clusters change with the seed: stability ${stability.toFixed(2)} (adjusted Rand index between three seeds; 1 = identical).`,
    };
  },

  'insights.simulation': ({ path }, core) => (path ? readSimulationFile(path) : lastProjectSimulation(core.requireProject())),

  'insights.simulate': (o, core) => {
    const store = core.requireProject();
    const task = core.tasks.start('simulate', `Simulate ${o.strategies.join(', ')} on this project's labels`, (ctx) => runProjectSimulation(store, ctx, o));
    return { taskId: task.id };
  },
};
