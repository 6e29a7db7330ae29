// Labels of many people from elsewhere (a CSV of votes, a Zooniverse classification export)
// become label events of annotators named in the file. Everything is checked before the
// one transaction that writes it, so a refused file leaves the project as it was, and a
// refusal names the line, field and value to fix.
import { csvRecordsWithLines, headerIndex, parseLabelsCsv, parseZooniverseExport, VoteParseError, type Vote } from '../../common/crowd/index.js';
import type { LabelKind } from '../../common/model.js';
import type { NewLabel } from '../store/labels.js';
import type { ProjectStore } from '../store/project.js';

export type VoteFormat = 'csv' | 'zooniverse';

export interface ImportVotesOptions {
  format: VoteFormat;
  /** Zooniverse: key of the subject metadata naming the window (default "window"). */
  windowField?: string;
}

export interface ImportVotesResult {
  votes: number;
  /** Annotators created because the file named them first. */
  newAnnotators: string[];
  /** Zooniverse rows left out (another workflow, task not answered), with the reason. */
  skipped: Array<{ line: number; reason: string }>;
}

/** The file line of each vote, in the order the parser returned them. */
function voteLines(text: string, file: string, format: VoteFormat, votes: readonly Vote[]): number[] {
  const records = csvRecordsWithLines(text, file);
  if (format === 'csv') return records.slice(1).map((r) => r.line);
  const col = headerIndex(records[0]!.fields, ['classification_id'], [], file);
  const byId = new Map(records.slice(1).map((r) => [r.fields[col.classification_id!]!.trim(), r.line]));
  return votes.map((v) => byId.get((v as Vote & { classificationId: string }).classificationId) ?? 0);
}

/**
 * Imports votes: the window is a Seislabel window id (see `seislabel windows P --csv`), the
 * label a class name or unsure/skip, the annotator a name (created if new). A person's
 * later vote on the same window supersedes their earlier one, as in the app.
 */
export function importVotes(store: ProjectStore, text: string, file: string, opts: ImportVotesOptions): ImportVotesResult {
  const parsed = opts.format === 'csv'
    ? { votes: parseLabelsCsv(text, file), skipped: [] }
    : parseZooniverseExport(text, file, { windowField: opts.windowField });
  const lines = voteLines(text, file, opts.format, parsed.votes);
  const windowField = opts.format === 'csv' ? 'window' : 'subject_data';
  const labelField = opts.format === 'csv' ? 'label' : 'annotations';
  const classes = new Map(store.listClasses().map((c) => [c.name.toLowerCase(), c.id]));
  const known = new Set(store.listAnnotators().map((a) => a.name));
  const exists = store.db.prepare('SELECT 1 FROM windows WHERE id = ?');
  const checked = parsed.votes.map((v, i) => {
    const line = lines[i]!;
    const raw = String(v.window);
    const windowId = Number(raw);
    if (!/^\d+$/.test(raw) || !exists.get(windowId)) {
      throw new VoteParseError(file, line, windowField, raw, `no window with id "${raw}" in the project (seislabel windows P --csv lists them)`);
    }
    const name = String(v.label).trim();
    const special = name.toLowerCase() === 'unsure' || name.toLowerCase() === 'skip' ? (name.toLowerCase() as LabelKind) : null;
    const classId = special ? null : classes.get(name.toLowerCase());
    if (!special && classId === undefined) {
      throw new VoteParseError(file, line, labelField, name, `"${name}" is not a class of the project (${[...classes.keys()].join(', ')}), unsure or skip`);
    }
    return { windowId, annotator: String(v.annotator), kind: special ?? ('class' as const), classId: classId ?? null, at: v.time };
  });
  // Oldest first, so each person's newest vote is their current label.
  const order = checked.map((_, i) => i).sort((a, b) => (checked[a]!.at ?? 0) - (checked[b]!.at ?? 0) || a - b);
  const newAnnotators = [...new Set(checked.map((c) => c.annotator))].filter((a) => !known.has(a));
  store.transaction(() => {
    const ids = new Map<string, number>();
    const annotatorOf = (name: string) => {
      let id = ids.get(name);
      if (id === undefined) ids.set(name, (id = store.ensureAnnotator(name, 'human').id));
      return id;
    };
    for (const i of order) {
      const c = checked[i]!;
      const label: NewLabel = { windowId: c.windowId, annotatorId: annotatorOf(c.annotator), kind: c.kind, classId: c.classId, ...(c.at !== undefined ? { at: c.at } : {}) };
      store.addLabel(label);
    }
  });
  return { votes: checked.length, newAnnotators, skipped: parsed.skipped };
}
