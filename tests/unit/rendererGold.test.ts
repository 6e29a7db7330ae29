import { describe, expect, it } from 'vitest';
import { goldClassFor } from '../../renderer/lib/gold.js';

const shown = (classId: number | null, kind: 'class' | 'unsure' | 'skip' = 'class') => ({ kind, classId, annotatorId: 9, eventId: 1, listened: false });

describe('goldClassFor', () => {
  it("takes the expert's own class over the consensus shown", () => {
    const votes = [{ annotatorId: 1, kind: 'class' as const, classId: 3 }, { annotatorId: 2, kind: 'class' as const, classId: 3 }, { annotatorId: 7, kind: 'class' as const, classId: 1 }];
    expect(goldClassFor(votes, 7, shown(3))).toBe(1);
  });
  it('falls back to the consensus when the expert has not labeled the window', () => {
    expect(goldClassFor([{ annotatorId: 1, kind: 'class', classId: 3 }], 7, shown(3))).toBe(3);
    expect(goldClassFor(null, 7, shown(2))).toBe(2);
  });
  it('gives nothing for an unsure or skipped verdict, or no label', () => {
    expect(goldClassFor([{ annotatorId: 7, kind: 'unsure', classId: null }], 7, shown(3))).toBeNull();
    expect(goldClassFor([], 7, shown(null, 'skip'))).toBeNull();
    expect(goldClassFor(null, 7, null)).toBeNull();
  });
});
