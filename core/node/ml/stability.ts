// The stopping hint: each new model version is compared with the previous one on the
// windows still unlabeled (the stop set). When successive versions keep predicting the
// same classes there (kappa ≥ 0.99 over the last rounds), more labels are unlikely to
// change the model much — a hint, shown to the user, never an automatic stop.
import { argmaxRows } from '../../common/ml/matrix.js';
import { hintFromHistory, roundAgreement, type RoundAgreement, type StoppingHint } from '../../common/ml/stopping.js';
import { getModel, listModels, predictionsFor } from '../store/models.js';
import type { ProjectStore } from '../store/project.js';

/** Agreement of a new model (probabilities for `windowIds`) with the newest stored one, or null. */
export function agreementWithPrevious(store: ProjectStore, classIds: number[], windowIds: number[], probs: Float32Array, labeled: Set<number>): (RoundAgreement & { n: number; previousModelId: number }) | null {
  const prev = getModel(store.db);
  if (!prev || prev.classIds.join() !== classIds.join()) return null;
  const K = classIds.length;
  const before = predictionsFor(store.db, windowIds).probs;
  const now = argmaxRows(probs, K);
  const a: number[] = [];
  const b: number[] = [];
  windowIds.forEach((id, i) => {
    const p = before[i];
    if (labeled.has(id) || !p) return;
    a.push(argmaxRows(p, K)[0]!);
    b.push(now[i]!);
  });
  if (!a.length) return null;
  return { ...roundAgreement(a, b, K), n: a.length, previousModelId: prev.id };
}

/** The hint from the stored model versions, oldest first. */
export function projectStoppingHint(store: ProjectStore): StoppingHint & { rounds: { modelId: number; agreement: number; kappa: number; n: number }[] } {
  const rounds = listModels(store.db)
    .reverse()
    .map((m) => ({ modelId: m.id, a: (m.metrics as { agreementWithPrevious?: RoundAgreement & { n: number } | null }).agreementWithPrevious ?? null }))
    .filter((r): r is { modelId: number; a: RoundAgreement & { n: number } } => r.a !== null)
    .map((r) => ({ modelId: r.modelId, agreement: r.a.agreement, kappa: r.a.kappa, n: r.a.n }));
  return { ...hintFromHistory(rounds.map(({ agreement, kappa }) => ({ agreement, kappa }))), rounds };
}
