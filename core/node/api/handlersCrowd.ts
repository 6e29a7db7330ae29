// Handlers of the crowd methods: the consensus of a window, gold windows, crowd settings,
// agreement between people and the review queues. The numbers come from core/common/crowd;
// this file maps store ids to the table's indices and back.
import type { Caller, MethodName, Output, ParsedInput } from '../../common/api/index.js';
import {
  checkAnnotators, confusionAgainst, contestedWindows, findLabelIssues, fleissKappa, kappaFromJoint, krippendorffAlpha,
  labelingRates, labelsByWindow, outOfFoldProbabilities, pairwiseKappa, type DawidSkeneResult,
} from '../../common/crowd/index.js';
import { CoreError } from '../../common/errors.js';
import type { Core } from '../core.js';
import { ensureFeatures, trainingSet } from '../ml/projectModels.js';
import { personProgress } from '../store/assignments.js';
import { loadFeatures } from '../store/features.js';

type Domain = 'consensus.get' | 'consensus.settings' | 'gold.set' | 'gold.list' | 'agreement.summary' | 'review.contested' | 'review.labelIssues';
type H<M extends MethodName> = (input: ParsedInput<M>, core: Core, caller: Caller) => Output<M> | Promise<Output<M>>;

/** NaN (a kappa with nothing to compare) travels as null. */
const num = (v: number): number | null => (Number.isFinite(v) ? v : null);

/** Rows of a K × K block of a flat array starting at `offset`. */
const matrix = (flat: ArrayLike<number>, offset: number, K: number): number[][] =>
  Array.from({ length: K }, (_, r) => Array.from({ length: K }, (_, c) => flat[offset + r * K + c]!));

/** Compared votes, share agreeing and Cohen's kappa of one person's K × K joint counts. */
function against(flat: Float64Array, a: number, K: number) {
  const offset = a * K * K;
  const block = flat.subarray(offset, offset + K * K);
  let n = 0;
  let same = 0;
  for (let r = 0; r < K; r++) for (let c = 0; c < K; c++) { n += block[r * K + c]!; if (r === c) same += block[r * K + c]!; }
  return { compared: n, agreement: n ? same / n : null, kappa: n ? num(kappaFromJoint(block, K).kappa) : null, confusion: matrix(flat, offset, K) };
}

export const crowdHandlers: { [M in Domain]: H<M> } = {
  'consensus.get': ({ windowId }, core) => {
    const store = core.requireProject();
    if (!store.db.prepare('SELECT 1 FROM windows WHERE id = ?').get(windowId)) throw new CoreError('not_found', `no window with id ${windowId}`);
    const current = store.currentLabel(windowId);
    const names = new Map(store.listAnnotators().map((a) => [a.id, a.name]));
    const rows = store.db
      .prepare(`SELECT e.annotator_id AS annotatorId, e.kind, e.class_id AS classId, e.id AS eventId
                FROM annotator_labels a JOIN label_events e ON e.id = a.event_id WHERE a.window_id = ? ORDER BY e.id`)
      .all(windowId) as { annotatorId: number; kind: 'class' | 'unsure' | 'skip'; classId: number | null; eventId: number }[];
    return {
      windowId,
      label: current?.consensus ? { kind: current.kind, classId: current.classId, ...current.consensus } : null,
      gold: store.goldWindows().get(windowId) ?? null,
      retired: store.retiredWindows().has(windowId),
      labels: rows.map((r) => ({ ...r, name: names.get(r.annotatorId) ?? `annotator ${r.annotatorId}` })),
    };
  },
  'consensus.settings': async (patch, core) => {
    const store = core.requireProject();
    const changes = Object.values(patch).some((v) => v !== undefined);
    const settings = changes ? await core.teamStore().updateCrowdSettings(patch) : await core.teamStore().crowdSettings();
    if (changes && core.team) await core.team.syncCrowd();
    else if (changes) core.emit('windows.changed', { total: store.countWindows() });
    return settings;
  },
  'gold.set': async ({ windowId, classId }, core) => {
    const store = core.requireProject();
    await core.teamStore().setGold(windowId, classId);
    await core.team?.syncCrowd();
    core.emit('labels.changed', { windowId, current: store.currentLabel(windowId) });
    return { ok: true as const };
  },
  'gold.list': (_i, core) => [...core.requireProject().goldWindows()].map(([windowId, classId]) => ({ windowId, classId })),

  'agreement.summary': async ({ method, minShared }, core) => {
    const store = core.requireProject();
    // Leases of every host: a team host's file holds only its own.
    const now = Date.now();
    const held = await core.teamStore().inFlight(now);
    const c = store.consensus(method);
    const t = c.table;
    const K = t.numClasses;
    const names = new Map(store.listAnnotators().map((a) => [a.id, a.name]));
    const classNames = new Map(store.db.prepare('SELECT id, name FROM classes').all().map((r) => [(r as { id: number }).id, (r as { name: string }).name]));
    // The consensus as the table's class index per window; gold windows count as their gold class.
    const reference = Int32Array.from(t.windowIds, (id, w) => {
      const g = c.gold.get(id as number);
      return g !== undefined ? c.classIds.indexOf(g) : c.result.label[w]!;
    });
    const gold = labelsByWindow(t, [...c.gold].map(([window, cls]) => ({ window, label: c.classIds.indexOf(cls) })));
    const vsConsensus = confusionAgainst(t, reference);
    const vsGold = confusionAgainst(t, gold);
    const flagged = checkAnnotators(t);
    const rates = labelingRates(t);
    const fleiss = fleissKappa(t);
    const reliability = c.method === 'dawid-skene' && 'reliability' in c.result ? (c.result as DawidSkeneResult).reliability : null;
    return {
      method: c.method,
      classes: c.classIds.map((classId) => ({ classId, name: classNames.get(classId) ?? String(classId) })),
      votes: t.numVotes,
      windows: t.numWindows,
      fleiss: { kappa: num(fleiss.kappa), perClass: Array.from(fleiss.perClass, num), observed: num(fleiss.observed), expected: num(fleiss.expected), windows: fleiss.windows },
      krippendorffAlpha: num(krippendorffAlpha(t)),
      pairs: pairwiseKappa(t, { minShared }).map((p) => ({
        annotatorA: p.annotatorA as number, annotatorB: p.annotatorB as number, shared: p.shared, observed: num(p.observed), kappa: num(p.kappa),
      })),
      annotators: t.annotatorIds.map((id, a) => ({
        annotatorId: id as number,
        name: names.get(id as number) ?? `annotator ${id}`,
        votes: t.byAnnotator.start[a + 1]! - t.byAnnotator.start[a]!,
        vsConsensus: against(vsConsensus, a, K),
        vsGold: against(vsGold, a, K),
        flagged: flagged[a]!.flagged,
        reliability: reliability ? num(reliability[a]!) : null,
        labelsPerHour: num(rates[a]!.perHour),
      })),
      progress: [...personProgress(store.db, now, held)].map(([annotatorId, p]) => ({
        annotatorId, name: names.get(annotatorId) ?? `annotator ${annotatorId}`, ...p, goldAccuracy: p.goldSeen ? p.goldCorrect / p.goldSeen : null,
      })).sort((a, b) => a.annotatorId - b.annotatorId),
    };
  },

  'review.contested': ({ limit, minVotes }, core) => {
    const c = core.requireProject().consensus();
    return contestedWindows(c.result, c.table.numClasses, { limit, minVotes })
      // Unanimous windows are settled, and gold windows settled by an expert.
      .filter((w) => w.entropy > 0 && !c.gold.has(c.table.windowIds[w.window] as number))
      .map((w) => ({ windowId: c.table.windowIds[w.window] as number, classId: c.classIds[c.result.label[w.window]!]!, entropy: w.entropy, confidence: w.confidence, votes: w.votes }));
  },
  'review.labelIssues': async ({ limit, folds, seed }, core) => {
    const store = core.requireProject();
    const task = core.tasks.start('review', 'Look for probable label errors', async (ctx) => {
      const { ids, y, classIds } = trainingSet(store);
      const K = classIds.length;
      if (K < 2) throw new CoreError('invalid_input', 'label windows of at least two classes before looking for label errors');
      await ensureFeatures(store, ctx, ids);
      const keys = store.groupKeys();
      const groups = ids.map((id) => keys.get(id) || String(id));
      const k = Math.min(folds, new Set(groups).size);
      if (k < 2) throw new CoreError('invalid_input', 'label windows of at least two recordings (groups) before looking for label errors');
      const probs = outOfFoldProbabilities(loadFeatures(store.db, ids), y, { classes: K, groups, folds: k, seed });
      const found = findLabelIssues(probs, y, K);
      return Array.from(found.issues.slice(0, limit), (i) => {
        let likely = 0;
        for (let j = 1; j < K; j++) if (probs[i * K + j]! > probs[i * K + likely]!) likely = j;
        return { windowId: ids[i]!, classId: classIds[y[i]!]!, likelyClassId: classIds[likely]!, selfConfidence: probs[i * K + y[i]!]! };
      });
    });
    const done = await core.tasks.wait(task.id);
    if (done.status !== 'done') throw new CoreError('invalid_input', done.message);
    return { labeled: trainingSet(store).ids.length, issues: done.result as Output<'review.labelIssues'>['issues'] };
  },
};
