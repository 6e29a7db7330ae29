// Which labeled windows an export takes, shared by every training-set export (SeisBench,
// miniSEED, SAC) and the labels CSV: the consensus class of each window — the expert's class
// where the window is gold, as in the project's own label — filtered by class, confidence,
// and "only gold" / "only reviewed".
import type { WindowSummary } from '../../common/model.js';
import type { ProjectStore } from '../store/project.js';
import { consensusLabels, type Consensus } from './seisbenchVotes.js';

/**
 * `gold`: only windows an expert marked gold. `reviewed`: only windows a person judged —
 * gold, or with a vote from a human annotator — leaving out labels that only came in with an
 * imported dataset or from a model.
 */
export type ExportOnly = 'gold' | 'reviewed';
export const EXPORT_ONLY: readonly ExportOnly[] = ['gold', 'reviewed'];

export interface ExportFilter {
  /** Class names to keep (case-insensitive); empty or absent = every class. */
  classes?: string[];
  /** Lowest consensus confidence kept (0..1); gold windows count as 1. */
  minConfidence?: number;
  only?: ExportOnly;
}

/** A window's exported label. */
export type ExportLabel = Consensus & { gold: boolean };

/** The windows an export takes, in id order, with their labels. */
export function selectLabeledWindows(store: ProjectStore, f: ExportFilter): { windows: WindowSummary[]; labels: Map<number, ExportLabel>; classNames: Map<number, string> } {
  const classNames = new Map(store.listClasses().map((c) => [c.id, c.name]));
  const keep = f.classes?.length ? new Set(f.classes.map((c) => c.toLowerCase())) : null;
  const labels = exportLabels(store);
  const only = f.only ? onlyWindows(store, f.only) : null;
  const windows = store.listWindows({ limit: 1_000_000 }).windows.filter((w) => {
    const l = labels.get(w.id);
    if (!l || (keep && !keep.has((classNames.get(l.classId) ?? '').toLowerCase())) || l.confidence < (f.minConfidence ?? 0)) return false;
    return !only || only.has(w.id);
  });
  return { windows, labels, classNames };
}

/** Consensus labels with gold windows carrying their expert's class at full confidence. */
export function exportLabels(store: ProjectStore): Map<number, ExportLabel> {
  const out = new Map<number, ExportLabel>([...consensusLabels(store.db)].map(([id, c]) => [id, { ...c, gold: false }]));
  for (const [id, classId] of store.goldWindows()) {
    const c = out.get(id);
    out.set(id, { classId, confidence: 1, votes: c?.votes ?? 0, annotatorIds: c?.annotatorIds ?? [], lastAt: c?.lastAt ?? 0, gold: true });
  }
  return out;
}

/** The windows an "only" filter lets through: gold ones, or those gold or judged by a person (any verdict, not undone or not). */
export function onlyWindows(store: ProjectStore, only: ExportOnly): Set<number> {
  const gold = new Set(store.goldWindows().keys());
  if (only === 'gold') return gold;
  const judged = store.db
    .prepare("SELECT DISTINCT e.window_id FROM label_events e JOIN annotators a ON a.id = e.annotator_id WHERE a.kind = 'human' AND e.kind != 'undo'")
    .pluck().all() as number[];
  return new Set([...gold, ...judged]);
}
