// What the labels cost and what they bought: annotator-hours (the sum of each label's time
// from the window being shown to the verdict) per person and in total, and each model
// version's held-out macro-F1 against the labels and the hours spent before it was trained.
// Only labels given in a session carry a time; imported labels and labels older than label
// provenance count as labels but not as hours, and the figures say how many were timed.
import type { ProjectStore } from '../store/project.js';
import { listModels, type ModelRecord } from '../store/models.js';
import { reportFromConfusion } from '../../common/ml/metrics.js';

/** One person's share of the labeling effort. */
export interface PersonCost {
  annotatorId: number;
  name: string;
  /** Verdicts given (class, unsure or skip; undone ones included: the time was spent). */
  labels: number;
  /** Verdicts with a measured time. */
  timedLabels: number;
  hours: number;
  /** Median seconds from shown to verdict, or null without timed labels. */
  medianSeconds: number | null;
}

/** A model version's score against what had been spent when it was trained. */
export interface ModelCost {
  modelId: number;
  kind: string;
  createdAt: number;
  /** Labels it was trained on. */
  nTrain: number;
  macroF1: number;
  /** Annotator-hours spent before it was trained, in total and per annotator id. */
  hours: number;
  perPerson: { annotatorId: number; hours: number; labels: number }[];
}

interface Row { annotator_id: number; created_at: number; ms: number | null }

/** A model's held-out macro-F1 from its stored confusion matrix, or null without a test set. */
const macroF1 = (m: ModelRecord): number | null => {
  const test = (m.metrics as { test?: { confusion: number[][] } | null }).test;
  return test ? reportFromConfusion(test.confusion).macro.f1 : null;
};

export function labelCost(store: ProjectStore): { people: PersonCost[]; total: { labels: number; timedLabels: number; hours: number }; models: ModelCost[] } {
  const rows = store.db
    .prepare("SELECT annotator_id, created_at, time_to_label_ms AS ms FROM label_events WHERE kind != 'undo' ORDER BY created_at, id")
    .all() as Row[];
  const names = new Map(store.listAnnotators().map((a) => [a.id, a.name]));
  const byPerson = new Map<number, { labels: number; times: number[] }>();
  for (const r of rows) {
    const p = byPerson.get(r.annotator_id) ?? { labels: 0, times: [] };
    p.labels++;
    if (r.ms !== null) p.times.push(r.ms);
    byPerson.set(r.annotator_id, p);
  }
  const hours = (ms: number) => ms / 3_600_000;
  const people = [...byPerson].map(([annotatorId, p]) => {
    const sorted = [...p.times].sort((a, b) => a - b);
    return {
      annotatorId, name: names.get(annotatorId) ?? `annotator ${annotatorId}`, labels: p.labels, timedLabels: p.times.length,
      hours: hours(p.times.reduce((a, b) => a + b, 0)), medianSeconds: sorted.length ? sorted[Math.floor((sorted.length - 1) / 2)]! / 1000 : null,
    };
  }).sort((a, b) => b.hours - a.hours || a.annotatorId - b.annotatorId);
  // Models oldest first; one pass over the labels (by time) accumulates what was spent before each.
  const models = listModels(store.db).filter((m) => macroF1(m) !== null).sort((a, b) => a.createdAt - b.createdAt || a.id - b.id);
  const spent = new Map<number, { ms: number; labels: number }>();
  let i = 0;
  const out: ModelCost[] = [];
  for (const m of models) {
    for (; i < rows.length && rows[i]!.created_at <= m.createdAt; i++) {
      const r = rows[i]!;
      const s = spent.get(r.annotator_id) ?? { ms: 0, labels: 0 };
      s.ms += r.ms ?? 0;
      s.labels++;
      spent.set(r.annotator_id, s);
    }
    const perPerson = [...spent].map(([annotatorId, s]) => ({ annotatorId, hours: hours(s.ms), labels: s.labels }));
    out.push({ modelId: m.id, kind: m.kind, createdAt: m.createdAt, nTrain: m.trainingSet.train.length, macroF1: macroF1(m)!, hours: perPerson.reduce((a, p) => a + p.hours, 0), perPerson });
  }
  const total = { labels: rows.length, timedLabels: people.reduce((a, p) => a + p.timedLabels, 0), hours: people.reduce((a, p) => a + p.hours, 0) };
  return { people, total, models: out };
}
