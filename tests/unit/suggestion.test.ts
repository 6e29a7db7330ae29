import { describe, expect, it } from 'vitest';
import { acceptsSuggestion, verdictKey } from '../../renderer/lib/hotkeys.js';
import { provenance, suggestionOf } from '../../renderer/lib/suggestion.js';

const key = (k: string, mods: Partial<Record<'ctrlKey' | 'shiftKey' | 'altKey' | 'metaKey' | 'repeat', boolean>> = {}) =>
  ({ key: k, ctrlKey: false, shiftKey: false, altKey: false, metaKey: false, repeat: false, ...mods });

describe('the accept-suggestion key', () => {
  it('is plain Enter only', () => {
    expect(acceptsSuggestion(key('Enter'))).toBe(true);
    for (const m of ['ctrlKey', 'shiftKey', 'altKey', 'metaKey', 'repeat'] as const) expect(acceptsSuggestion(key('Enter', { [m]: true }))).toBe(false);
    expect(acceptsSuggestion(key('e'))).toBe(false);
    expect(acceptsSuggestion(key(' '))).toBe(false);
  });

  it('is not a verdict key, so the volunteer view (which only reads verdict keys) never accepts a suggestion', () => {
    expect(verdictKey(key('Enter'), [{ id: 1, hotkey: 'e' }])).toBeNull();
  });
});

describe('the suggested class', () => {
  const active = new Set([10, 20, 30]);
  it('is the most probable active class with its probability and model', () => {
    expect(suggestionOf([0.2, 0.7, 0.1], [10, 20, 30], 4, active)).toEqual({ classId: 20, confidence: 0.7, modelId: 4 });
    // A tie goes to the first class, as the model's argmax does.
    expect(suggestionOf([0.5, 0.5], [30, 10], 4, active)).toEqual({ classId: 30, confidence: 0.5, modelId: 4 });
  });

  it('is none without a model or prediction, or when the top class is archived', () => {
    expect(suggestionOf(null, [10, 20], 4, active)).toBeNull();
    expect(suggestionOf([0.4, 0.6], [10, 20], null, active)).toBeNull();
    expect(suggestionOf([0.4, 0.6], [10, 99], 4, active)).toBeNull();
    expect(suggestionOf([0.4], [10, 20], 4, active)).toBeNull();
  });

  it('is recorded with a label only for the window it was shown on', () => {
    const shown = { windowId: 7, suggestion: { classId: 20, confidence: 0.7, modelId: 4 } };
    expect(provenance(shown, 7, true)).toEqual({ classId: 20, confidence: 0.7, modelId: 4, accepted: true });
    expect(provenance(shown, 7, false)).toEqual({ classId: 20, confidence: 0.7, modelId: 4, accepted: false });
    expect(provenance(shown, 8, true)).toBeNull();
    expect(provenance(null, 7, false)).toBeNull();
  });
});
