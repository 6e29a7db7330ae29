// The labeling screen's pure helpers: where to resume, how query batches join the queue,
// what the queue remembers, which hotkeys a class may take, and the words of the panels.
import { describe, expect, it } from 'vitest';
import type { ClassInfo, CurrentLabel, WindowSummary } from '../../core/common/model.js';
import { hotkeyProblem } from '../../renderer/lib/hotkeys.js';
import { appendBatch, DEFAULT_QUEUE_SETTINGS, leftInQueue, parseStoredQueue, resumeIndex, resumeQueueIndex } from '../../renderer/lib/queue.js';
import { ago, f1Text, modelLabel, scoreText } from '../../renderer/lib/reasons.js';

const label = (annotatorId: number, eventId: number): CurrentLabel => ({ kind: 'class', classId: 1, annotatorId, eventId, listened: false });
const win = (id: number, l: CurrentLabel | null = null): WindowSummary => ({
  id, sourceId: null, origin: 'test', network: 'XX', station: 'STA', location: '', channels: ['HHZ'], startTime: null,
  samplingRate: 100, nSamples: 100, groupKey: String(id), picks: [], meta: {}, label: l,
});
const cls = (id: number, name: string, hotkey: string | null): ClassInfo => ({ id, name, hotkey, colour: '#000000', description: '', position: id, exampleWindowIds: [] });

describe('resumeIndex (project order)', () => {
  it('returns to the stored window when it still exists', () => {
    expect(resumeIndex([win(1), win(2), win(3)], 7, 2)).toBe(1);
  });
  it('otherwise continues after the window this annotator labeled last', () => {
    // Annotator 7 labeled window 3 last (event 9), window 1 earlier; another annotator labeled 4.
    const ws = [win(1, label(7, 2)), win(2), win(3, label(7, 9)), win(4, label(8, 20)), win(5)];
    expect(resumeIndex(ws, 7, 99)).toBe(4);
  });
  it('wraps to the first unlabeled window, and to the last one when all are labeled', () => {
    expect(resumeIndex([win(1), win(2, label(7, 5))], 7, null)).toBe(0);
    expect(resumeIndex([win(1, label(7, 1)), win(2, label(7, 2))], 7, null)).toBe(1);
    expect(resumeIndex([], 7, null)).toBe(0);
  });
});

describe('resumeQueueIndex (active-learning queue)', () => {
  it('returns to the stored window while it is unlabeled, else the first unlabeled one', () => {
    const q = [win(1, label(7, 1)), win(2), win(3)];
    expect(resumeQueueIndex(q, 3)).toBe(2);
    expect(resumeQueueIndex(q, 1)).toBe(1);
    expect(resumeQueueIndex(q, null)).toBe(1);
  });
  it('is one past the end when every queued window is labeled (the next batch is due)', () => {
    expect(resumeQueueIndex([win(1, label(7, 1)), undefined], null)).toBe(2);
    expect(resumeQueueIndex([], 4)).toBe(0);
  });
});

describe('appendBatch', () => {
  it('appends in the batch order without repeating queued or labeled windows', () => {
    const labeled = new Set([9]);
    expect(appendBatch([1, 2, 3], [3, 9, 5, 4, 5], (id) => labeled.has(id))).toEqual([1, 2, 3, 5, 4]);
  });
  it('leaves its input alone', () => {
    const order = [1];
    appendBatch(order, [2], () => false);
    expect(order).toEqual([1]);
  });
});

describe('leftInQueue', () => {
  it('counts unlabeled windows from the cursor on', () => {
    const labeled = new Set([2, 4]);
    expect(leftInQueue([1, 2, 3, 4, 5], 1, (id) => labeled.has(id))).toBe(2);
    expect(leftInQueue([1, 2], 5, () => false)).toBe(0);
  });
});

describe('parseStoredQueue', () => {
  it('reads what the store writes', () => {
    const text = JSON.stringify({ mode: 'order', settings: { strategy: 'margin', batchSize: 8, seed: 3 }, order: [4, 5] });
    expect(parseStoredQueue(text)).toEqual({ mode: 'order', settings: { strategy: 'margin', batchSize: 8, seed: 3 }, order: [4, 5] });
  });
  it('falls back to the queue with default settings for missing or broken values', () => {
    expect(parseStoredQueue(null)).toEqual({ mode: 'queue', settings: DEFAULT_QUEUE_SETTINGS, order: [] });
    expect(parseStoredQueue('{not json')).toEqual({ mode: 'queue', settings: DEFAULT_QUEUE_SETTINGS, order: [] });
    const odd = parseStoredQueue(JSON.stringify({ mode: 'sideways', settings: { batchSize: 0, seed: -1 }, order: [1, 'x', -2, 2.5, 3] }));
    expect(odd).toEqual({ mode: 'queue', settings: DEFAULT_QUEUE_SETTINGS, order: [1, 3] });
  });
});

describe('hotkeyProblem', () => {
  const classes = [cls(1, 'earthquake', '1'), cls(2, 'noise', '3')];
  it('accepts a free key, the class’s own key, and no key', () => {
    expect(hotkeyProblem('n', classes, 2)).toBeNull();
    expect(hotkeyProblem('3', classes, 2)).toBeNull();
    expect(hotkeyProblem('', classes, 2)).toBeNull();
  });
  it('refuses keys of the labeling screen and of other classes', () => {
    expect(hotkeyProblem('s', classes, 2)).toContain('skip');
    expect(hotkeyProblem('u', classes, null)).toContain('unsure');
    expect(hotkeyProblem('1', classes, 2)).toContain('earthquake');
    expect(hotkeyProblem('ab', classes, 2)).toContain('single key');
  });
});

describe('panel words', () => {
  it('formats model versions, scores and macro-F1', () => {
    expect(modelLabel(null)).toBe('none (no model yet)');
    expect(modelLabel(4)).toBe('v4');
    expect(scoreText(0.12345)).toBe('0.123');
    expect(scoreText(NaN)).toBe('—');
    const m = { id: 2, kind: 'forest', backend: 'b', createdAt: 0, seed: 0, classIds: [1, 2], featureSet: 'f', nTrain: 30, trainMs: 5, macroF1: 0.876, accuracy: 0.9, macroF1Spread: null };
    expect(f1Text(m)).toBe('macro-F1 0.88');
    expect(f1Text({ ...m, macroF1Spread: { mean: 0.8, sd: 0.1, lo: 0.654, hi: 0.931, n: 5, method: 'splits' } })).toBe('macro-F1 0.88 (0.65–0.93 over 5 splits)');
    expect(f1Text({ ...m, macroF1Spread: { mean: 0.8, sd: 0.1, lo: 0.6, hi: 0.9, n: 500, method: 'bootstrap' } })).toBe('macro-F1 0.88 (0.60–0.90 bootstrap 90 %)');
    expect(f1Text({ ...m, macroF1: null })).toContain('pending');
    expect(f1Text(null)).toBe('no model yet');
  });
  it('says how long ago', () => {
    expect(ago(1000, 5000)).toBe('just now');
    expect(ago(0, 5 * 60_000)).toBe('5 min ago');
    expect(ago(0, 3 * 3_600_000)).toBe('3 h ago');
  });
});
