// Multi-annotator labels from a CSV file (columns window, annotator, label, optional time).
// A bad cell names its line, column and value, so the person importing can fix the file
// instead of guessing which of 100,000 rows broke the import.
import { parseCsvRecords } from '../formats/csv.js';
import { InputError } from '../types.js';
import type { Vote } from './votes.js';

/** A cell that cannot become part of a vote. */
export class VoteParseError extends InputError {
  constructor(
    file: string,
    readonly line: number,
    readonly field: string,
    readonly value: string,
    problem: string,
  ) {
    super(file, `line ${line}, field "${field}": ${problem}`);
    this.name = 'VoteParseError';
  }
}

/** CSV records with the file line each starts on (quoted fields may span lines); blank lines dropped. */
export function csvRecordsWithLines(text: string, file: string): Array<{ line: number; fields: string[] }> {
  const out: Array<{ line: number; fields: string[] }> = [];
  let line = 1;
  for (const fields of parseCsvRecords(text, file)) {
    if (!(fields.length === 1 && fields[0].trim() === '')) out.push({ line, fields });
    line += 1;
    for (const f of fields) for (let i = f.indexOf('\n'); i >= 0; i = f.indexOf('\n', i + 1)) line++;
  }
  return out;
}

const ISO = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?))?\s*(Z|UTC|[+-]\d{2}:?\d{2})?$/;

/**
 * Milliseconds since the epoch from ISO 8601 (a time without zone is UTC, as in exports
 * from Zooniverse, which write `2018-05-03 14:22:10 UTC`) or a plain number of Unix seconds.
 * Returns NaN for anything else: Date.parse alone would also take "May 3", "3/5/2018" and guess.
 */
export function parseTime(text: string): number {
  const s = text.trim();
  if (/^\d+(\.\d+)?$/.test(s)) return Number(s) * 1000;
  const m = ISO.exec(s);
  if (!m) return NaN;
  const zone = m[3] === undefined || m[3] === 'UTC' ? 'Z' : m[3].length === 5 ? `${m[3].slice(0, 3)}:${m[3].slice(3)}` : m[3];
  return Date.parse(`${m[1]}T${m[2] ?? '00:00'}${zone}`);
}

/** Index of each wanted column in a header (case and surrounding space ignored); throws naming a missing one. */
export function headerIndex(header: string[], wanted: readonly string[], optional: readonly string[], file: string): Record<string, number> {
  const norm = header.map((h) => h.trim().toLowerCase());
  const at: Record<string, number> = {};
  for (const name of [...wanted, ...optional]) {
    const i = norm.indexOf(name);
    if (i < 0 && wanted.includes(name)) throw new VoteParseError(file, 1, name, '', `missing column (header: ${header.join(', ')})`);
    at[name] = i;
  }
  return at;
}

/** Votes from a labels CSV: one row per vote, columns `window`, `annotator`, `label` and optionally `time`. */
export function parseLabelsCsv(text: string, file: string): Vote[] {
  const records = csvRecordsWithLines(text, file);
  if (records.length === 0) throw new InputError(file, 'empty file: expected a header with window, annotator, label');
  const col = headerIndex(records[0].fields, ['window', 'annotator', 'label'], ['time'], file);
  const width = records[0].fields.length;
  return records.slice(1).map(({ line, fields }) => {
    if (fields.length !== width) throw new VoteParseError(file, line, '*', fields.join(','), `${fields.length} fields, the header has ${width}`);
    const cell = (name: string): string => {
      const value = fields[col[name]].trim();
      if (value === '') throw new VoteParseError(file, line, name, value, 'empty value');
      return value;
    };
    const vote: Vote = { window: cell('window'), annotator: cell('annotator'), label: cell('label') };
    if (col.time >= 0 && fields[col.time].trim() !== '') {
      const raw = fields[col.time];
      const time = parseTime(raw);
      if (Number.isNaN(time)) throw new VoteParseError(file, line, 'time', raw, `"${raw}" is not an ISO 8601 time or a number of Unix seconds`);
      vote.time = time;
    }
    return vote;
  });
}
