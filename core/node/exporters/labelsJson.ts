// Every label event and pick event of a project as JSON, with its provenance: who, when,
// what kind, whether they listened, the model suggestion in view, and the names of classes
// and annotators. Columns come from the table itself, so what later migrations add to an
// event is exported too.
import type { ProjectStore } from '../store/project.js';

const camel = (s: string) => s.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

function rows(store: ProjectStore, table: string): Record<string, unknown>[] {
  const has = store.db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(table);
  if (!has) return [];
  return (store.db.prepare(`SELECT * FROM ${table} ORDER BY id`).all() as Record<string, unknown>[]).map((r) =>
    Object.fromEntries(Object.entries(r).map(([k, v]) => [camel(k), k.endsWith('created_at') && typeof v === 'number' ? new Date(v).toISOString() : v])),
  );
}

/** The project's label history as a JSON document. */
export function labelsJson(store: ProjectStore): { text: string; rows: number } {
  const classes = Object.fromEntries(store.listClasses().map((c) => [c.id, c.name]));
  const annotators = Object.fromEntries(store.listAnnotators().map((a) => [a.id, a.name]));
  const labelEvents = rows(store, 'label_events').map((e) => ({
    ...e,
    className: e.classId == null ? null : (classes[e.classId as number] ?? null),
    annotator: annotators[e.annotatorId as number] ?? null,
  }));
  const pickEvents = rows(store, 'pick_events').map((e) => ({ ...e, annotator: annotators[e.annotatorId as number] ?? null }));
  const doc = { project: store.path.split(/[/\\]/).pop(), exportedAt: new Date().toISOString(), classes, annotators, labelEvents, pickEvents };
  return { text: `${JSON.stringify(doc, null, 1)}\n`, rows: labelEvents.length + pickEvents.length };
}
