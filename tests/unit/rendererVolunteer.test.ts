// The volunteer view's pure helpers: which view a link opens, what counts as an answer,
// and which channel a volunteer sees and hears.
import { describe, expect, it } from 'vitest';
import type { CurrentLabel, LabelKind, WindowSummary } from '../../core/common/model.js';
import { answeredBy, volunteerChannel } from '../../renderer/volunteer/answers.js';
import { initialView } from '../../renderer/volunteer/viewChoice.js';

const label = (annotatorId: number, kind: LabelKind = 'class'): CurrentLabel => ({ kind, classId: kind === 'class' ? 1 : null, annotatorId, eventId: 1, listened: false });
const win = (id: number, l: CurrentLabel | null = null): WindowSummary => ({
  id, sourceId: null, origin: 'test', network: 'XX', station: 'STA', location: '', channels: ['HHZ'], startTime: null,
  samplingRate: 100, nSamples: 100, groupKey: String(id), picks: [], meta: {}, label: l,
});

describe('initialView', () => {
  it('opens the view the link names, whatever was remembered', () => {
    expect(initialView('?view=volunteer', 'full')).toBe('volunteer');
    expect(initialView('?project=x&view=full', 'volunteer')).toBe('full');
  });
  it('otherwise opens the remembered view, and the full view by default', () => {
    expect(initialView('', 'volunteer')).toBe('volunteer');
    expect(initialView('?view=nonsense', null)).toBe('full');
    expect(initialView('', 'garbage')).toBe('full');
  });
});

describe('answeredBy', () => {
  it('counts this annotator’s classes and “not sure”, not skips or other annotators’ labels', () => {
    const ws = [win(1, label(7)), win(2, label(7, 'unsure')), win(3, label(7, 'skip')), win(4, label(8)), win(5)];
    expect(answeredBy(ws, 7)).toBe(2);
    expect(answeredBy(ws, 8)).toBe(1);
    expect(answeredBy(ws, 9)).toBe(0);
  });
});

describe('volunteerChannel', () => {
  it('picks the vertical component wherever it is, else the first channel', () => {
    expect(volunteerChannel(['HNE', 'HNN', 'HNZ'])).toBe(2);
    expect(volunteerChannel(['EHZ', 'EHN', 'EHE'])).toBe(0);
    expect(volunteerChannel(['HH1', 'HH2'])).toBe(0);
    expect(volunteerChannel([])).toBe(0);
  });
});
