import { describe, expect, it } from 'vitest';
import { historyRows } from '../../renderer/labeling/historyRows.js';

const names: Record<number, string> = { 1: 'earthquake', 2: 'noise' };
const label = (id: number, at: number, kind: 'class' | 'unsure' | 'skip' | 'undo', classId: number | null, extra: Partial<{ undoes: number; listened: boolean; suggestion: { classId: number; confidence: number; modelId: number; accepted: boolean } }> = {}) => ({
  id, windowId: 5, annotatorId: 7, kind, classId, listened: extra.listened ?? false, undoes: extra.undoes ?? null, createdAt: at, suggestion: extra.suggestion ?? null, provenance: null,
});

describe('historyRows', () => {
  it('merges label and pick events by time and says what each did', () => {
    const rows = historyRows(
      [
        label(10, 1000, 'class', 2, { listened: true }),
        label(11, 2000, 'undo', null, { undoes: 10 }),
        label(12, 3000, 'class', 1, { suggestion: { classId: 1, confidence: 0.874, modelId: 3, accepted: true } }),
      ],
      [
        { id: 1, windowId: 5, annotatorId: 8, phase: 'P', offsetSeconds: 5, uncertaintySeconds: null, createdAt: 2500 },
        { id: 2, windowId: 5, annotatorId: 8, phase: 'P', offsetSeconds: null, uncertaintySeconds: null, createdAt: 3000 },
      ],
      (id) => names[id]!,
    );
    expect(rows.map((r) => [r.kind, r.what, r.notes.join('; ')])).toEqual([
      ['label', '#10 noise', 'listened'],
      ['undo', 'undid #10 (noise)', ''],
      ['pick', 'P pick at 5.00 s', ''],
      // At the same millisecond the label event comes first.
      ['label', '#12 earthquake', 'model suggested earthquake (87 %), taken'],
      ['pick', 'P pick removed', ''],
    ]);
  });
  it('names an undo whose target is not in the list by its id only', () => {
    expect(historyRows([label(4, 1, 'undo', null, { undoes: 3 })], [], (id) => names[id]!)[0]!.what).toBe('undid #3');
  });
});
