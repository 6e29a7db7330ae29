import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { dawidSkene } from '../../core/common/crowd/dawidSkene.js';
import { parseLabelsCsv, parseTime, VoteParseError } from '../../core/common/crowd/parseLabels.js';
import { buildVoteTable } from '../../core/common/crowd/votes.js';
import { parseZooniverseExport } from '../../core/common/crowd/zooniverse.js';

const FIXTURE = new URL('../fixtures/crowd/zooniverse-classifications.csv', import.meta.url);

/** The error thrown by `fn`, for checking its line, field and value. */
function errorOf(fn: () => unknown): VoteParseError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(VoteParseError);
    return e as VoteParseError;
  }
  throw new Error('expected an error');
}

describe('labels CSV', () => {
  it('reads window, annotator, label and optional time in any column order', () => {
    const votes = parseLabelsCsv('Label,window,annotator,time\r\nearthquake,17,ana,2024-03-02T10:14:19Z\nnoise, 18 ,ben,\n\n', 'l.csv');
    expect(votes).toEqual([
      { window: '17', annotator: 'ana', label: 'earthquake', time: Date.UTC(2024, 2, 2, 10, 14, 19) },
      { window: '18', annotator: 'ben', label: 'noise' },
    ]);
  });

  it('names line, field and value of a bad cell, counting lines inside quoted fields', () => {
    const e = errorOf(() => parseLabelsCsv('window,annotator,label,time\n1,"two\nlines",eq,\n2,ben,eq,yesterday\n', 'l.csv'));
    expect([e.line, e.field, e.value]).toEqual([4, 'time', 'yesterday']);
    expect(e.message).toBe('l.csv: line 4, field "time": "yesterday" is not an ISO 8601 time or a number of Unix seconds');
    const empty = errorOf(() => parseLabelsCsv('window,annotator,label\n1,ana,\n', 'l.csv'));
    expect([empty.line, empty.field, empty.message]).toEqual([2, 'label', 'l.csv: line 2, field "label": empty value']);
    expect(errorOf(() => parseLabelsCsv('window,label\n1,eq\n', 'l.csv')).message).toMatch(/line 1, field "annotator": missing column/);
    expect(errorOf(() => parseLabelsCsv('window,annotator,label\n1,ana\n', 'l.csv')).message).toMatch(/line 2.*2 fields, the header has 3/);
  });

  it('reads ISO 8601 with or without zone and Unix seconds, and refuses what Date.parse would guess', () => {
    expect(parseTime('2018-05-03 14:22:10 UTC')).toBe(Date.UTC(2018, 4, 3, 14, 22, 10));
    expect(parseTime('2018-05-03T16:22:10+0200')).toBe(Date.UTC(2018, 4, 3, 14, 22, 10));
    expect(parseTime('2018-05-03')).toBe(Date.UTC(2018, 4, 3));
    expect(parseTime('1525357330')).toBe(1525357330_000);
    expect(parseTime('May 3 2018')).toBeNaN();
    expect(parseTime('2018-13-03')).toBeNaN();
  });
});

describe('Zooniverse classification export', () => {
  const text = readFileSync(FIXTURE, 'utf8');

  it('maps each classification to a vote on the window its subject metadata names', () => {
    const r = parseZooniverseExport(text, 'export.csv', { workflowId: 11250 });
    expect(r.votes.map((v) => [v.window, v.annotator, v.label])).toEqual([
      ['0', 'quakehunter_ana', 'Earthquake'],
      ['1', 'quakehunter_ana', 'Noise'],
      ['0', 'seismo_ben', 'Earthquake'],
      ['1', 'not-logged-in-5a2f9c1e0b7d', 'Earthquake'],
      ['2', 'ridge_watcher', 'Noise'],
      ['2', 'quakehunter_ana', 'Earthquake'],
      ['3', 'seismo_ben', 'Noise'],
      ['2', 'seismo_ben', 'Earthquake'],
    ]);
    expect(r.votes[0]).toMatchObject({ classificationId: '541000101', subjectId: '48213001', time: Date.UTC(2024, 2, 2, 10, 14, 19) });
    // Line 6 is the tutorial workflow, line 9 answered only task T1.
    expect(r.skipped).toEqual([{ line: 6, reason: 'workflow 11251' }, { line: 9, reason: 'no answer to task T0' }]);
    // The votes feed the consensus directly.
    const ds = dawidSkene(buildVoteTable(r.votes));
    expect(ds.classes).toEqual(['Earthquake', 'Noise']);
    expect(ds.label[ds.windowIds.indexOf('2')]).toBe(0);
  });

  it('reads the window from another metadata key, and other tasks', () => {
    const byFile = parseZooniverseExport(text, 'export.csv', { windowField: 'Filename', workflowId: '11250' });
    expect(byFile.votes[0].window).toBe('NC_MCV_2017071007270260_e.wav');
    const t1 = parseZooniverseExport(text, 'export.csv', { task: 'T1' });
    expect(t1.votes.map((v) => [v.window, v.label])).toEqual([['3', 'Noise']]);
    expect(t1.skipped).toHaveLength(9);
  });

  it('names line, field and value when the metadata lacks the window key or JSON is broken', () => {
    const e = errorOf(() => parseZooniverseExport(text, 'export.csv', { windowField: 'window_id' }));
    expect([e.line, e.field]).toEqual([2, 'subject_data']);
    expect(e.message).toMatch(/subject 48213001 has no "window_id" \(metadata keys: retired, window, Filename, #station\)/);
    const lines = text.split('\n');
    lines[3] = lines[3].replace('[{""task"":', '[{""task""::');
    const broken = errorOf(() => parseZooniverseExport(lines.join('\n'), 'export.csv'));
    expect([broken.line, broken.field]).toEqual([4, 'annotations']);
    expect(broken.value.startsWith('[{"task"::"T0"')).toBe(true);
    expect(broken.message).toMatch(/line 4, field "annotations": not valid JSON/);
  });

  it('reads answer indices, one-element answer lists and survey choices', () => {
    const row = (value: unknown) =>
      [
        'classification_id,user_name,workflow_id,created_at,annotations,subject_data,subject_ids',
        `1,ana,5,2024-01-01 00:00:00 UTC,"${JSON.stringify([{ task: 'T0', value }]).replace(/"/g, '""')}","{""9"":{""window"":""w9""}}",9`,
      ].join('\n');
    const label = (value: unknown, answers?: string[]) => parseZooniverseExport(row(value), 'x.csv', { answers }).votes[0].label;
    expect(label(1, ['Earthquake', 'Noise'])).toBe('Noise');
    expect(label(1)).toBe(1);
    expect(label(['Tremor'])).toBe('Tremor');
    expect(label([{ choice: 'EARTHQUAKE', answers: {}, filters: {} }])).toBe('EARTHQUAKE');
    expect(errorOf(() => label(['a', 'b'])).message).toMatch(/line 2, field "annotations": task T0: expected one answer, got 2/);
    expect(errorOf(() => label(3, ['Earthquake'])).message).toMatch(/answer index 3 but only 1 answers/);
  });
});
