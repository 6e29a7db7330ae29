// Votes from a Zooniverse (Panoptes) classification export. Each row is one volunteer's
// classification of one subject: `annotations` is a JSON array of {task, value} and
// `subject_data` a JSON object keyed by subject id holding the metadata uploaded with the
// subject — where a project names the window it came from, under a key it chose itself.
import { InputError } from '../types.js';
import { csvRecordsWithLines, headerIndex, parseTime, VoteParseError } from './parseLabels.js';
import type { Vote } from './votes.js';

/** Options of `parseZooniverseExport`. */
export interface ZooniverseOptions {
  /** Key in the subject metadata that names the window (default "window"). */
  windowField?: string;
  /** Task whose answer is the label (default "T0", the first task of a Panoptes workflow). */
  task?: string;
  /** Only rows of this workflow (exports hold every workflow of a project). */
  workflowId?: string | number;
  /** Answer texts by index, for exports where a question's value is the answer's index. */
  answers?: readonly string[];
}

/** A vote with where it came from in the export. */
export interface ZooniverseVote extends Vote {
  classificationId: string;
  subjectId: string;
}

/** The votes, and the rows left out with the reason (other workflow, task not answered). */
export interface ZooniverseImport {
  votes: ZooniverseVote[];
  skipped: Array<{ line: number; reason: string }>;
}

const REQUIRED = ['classification_id', 'user_name', 'workflow_id', 'created_at', 'annotations', 'subject_data', 'subject_ids'];

function json(file: string, line: number, field: string, raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch (e) {
    throw new VoteParseError(file, line, field, raw, `not valid JSON (${(e as Error).message})`);
  }
}

/**
 * The label in one annotation value: a question's answer text, its index (mapped through
 * `answers` when given), a one-element list of answers, or a survey's single `choice`.
 */
function labelOf(value: unknown, answers: readonly string[] | undefined): string | number | Error {
  if (Array.isArray(value)) {
    if (value.length !== 1) return new Error(`expected one answer, got ${value.length}`);
    const only = value[0] as unknown;
    if (only && typeof only === 'object' && 'choice' in only) return labelOf((only as { choice: unknown }).choice, answers);
    return labelOf(only, answers);
  }
  if (typeof value === 'string' && value.trim() !== '') return value.trim();
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0) {
    if (!answers) return value;
    return value < answers.length ? answers[value] : new Error(`answer index ${value} but only ${answers.length} answers`);
  }
  return new Error(`no answer (${JSON.stringify(value)})`);
}

/** Maps each classification of the export to a vote on the window its subject metadata names. */
export function parseZooniverseExport(text: string, file: string, opts: ZooniverseOptions = {}): ZooniverseImport {
  const windowField = opts.windowField ?? 'window';
  const task = opts.task ?? 'T0';
  const records = csvRecordsWithLines(text, file);
  if (records.length === 0) throw new InputError(file, 'empty file: expected a Zooniverse classification export');
  const col = headerIndex(records[0].fields, REQUIRED, [], file);
  const width = records[0].fields.length;
  const votes: ZooniverseVote[] = [];
  const skipped: ZooniverseImport['skipped'] = [];
  for (const { line, fields } of records.slice(1)) {
    if (fields.length !== width) throw new VoteParseError(file, line, '*', fields.join(','), `${fields.length} fields, the header has ${width}`);
    const get = (name: string): string => fields[col[name]];
    const fail = (field: string, problem: string): never => {
      throw new VoteParseError(file, line, field, get(field), problem);
    };
    if (opts.workflowId !== undefined && get('workflow_id').trim() !== String(opts.workflowId)) {
      skipped.push({ line, reason: `workflow ${get('workflow_id')}` });
      continue;
    }
    const annotations = json(file, line, 'annotations', get('annotations'));
    if (!Array.isArray(annotations)) fail('annotations', 'expected a JSON array of {task, value}');
    const answer = (annotations as Array<{ task?: unknown; value?: unknown }>).find((a) => a && a.task === task);
    if (!answer) {
      skipped.push({ line, reason: `no answer to task ${task}` });
      continue;
    }
    const label = labelOf(answer.value, opts.answers);
    if (label instanceof Error) fail('annotations', `task ${task}: ${label.message}`);
    const subjectId = get('subject_ids').trim();
    if (subjectId === '' || /[;,\s]/.test(subjectId)) fail('subject_ids', 'expected exactly one subject id');
    const data = json(file, line, 'subject_data', get('subject_data')) as Record<string, unknown> | null;
    const meta = data && typeof data === 'object' ? data[subjectId] : undefined;
    if (!meta || typeof meta !== 'object') fail('subject_data', `no metadata for subject ${subjectId}`);
    const windowValue = (meta as Record<string, unknown>)[windowField];
    if (typeof windowValue !== 'string' && typeof windowValue !== 'number') {
      fail('subject_data', `subject ${subjectId} has no "${windowField}" (metadata keys: ${Object.keys(meta as object).join(', ')})`);
    }
    const annotator = get('user_name').trim();
    if (annotator === '') fail('user_name', 'empty value');
    const time = parseTime(get('created_at'));
    if (Number.isNaN(time)) fail('created_at', `"${get('created_at')}" is not a time`);
    votes.push({ window: String(windowValue).trim(), annotator, label: label as string | number, time, classificationId: get('classification_id').trim(), subjectId });
  }
  return { votes, skipped };
}
