// The model's suggested class per window for the full labeling view, fetched ahead of the
// cursor from the stored predictions (a cheap lookup, never a model run), so showing one
// costs the keypress nothing. `shown` is what is on screen now: only that can be accepted
// or recorded with a label.
import { create } from 'zustand';
import type { CoreClient } from '../../core/common/api/client.js';
import { suggestionOf, type Suggestion } from '../lib/suggestion.js';

interface SuggestionState {
  /** Window id → its suggestion (null: no model, no prediction, or an inactive class). */
  byWindow: Map<number, Suggestion | null>;
  /** The suggestion on screen and its window, or null. */
  shown: { windowId: number; suggestion: Suggestion } | null;
  /** Fetches the suggestions of windows not known yet. */
  load(client: CoreClient, windowIds: number[], activeClassIds: number[]): void;
  /** Forgets every suggestion (a newer model, other classes, another project). */
  reset(): void;
  setShown(windowId: number, suggestion: Suggestion | null): void;
  /** Clears `shown` if it is still this window's (the suggestion left the screen). */
  clearShown(windowId: number): void;
}

// Bumped by reset, so an answer from before it is dropped.
let generation = 0;
// Windows asked for and not answered yet: each keypress asks for the few ahead again.
const pending = new Set<number>();

export const useSuggestionStore = create<SuggestionState>((set, get) => ({
  byWindow: new Map(),
  shown: null,
  load: (client, windowIds, activeClassIds) => {
    const want = windowIds.filter((id) => !get().byWindow.has(id) && !pending.has(id));
    if (!want.length) return;
    want.forEach((id) => pending.add(id));
    const gen = generation;
    const active = new Set(activeClassIds);
    void client.call('predictions.forWindows', { windowIds: want })
      .then((p) => {
        if (gen !== generation) return;
        const next = new Map(get().byWindow);
        want.forEach((id, i) => next.set(id, suggestionOf(p.probs[i] ?? null, p.classIds, p.modelId, active)));
        set({ byWindow: next });
      })
      // No suggestion is shown then; labeling goes on without one.
      .catch(() => undefined)
      .finally(() => { if (gen === generation) want.forEach((id) => pending.delete(id)); });
  },
  reset: () => {
    generation++;
    pending.clear();
    set({ byWindow: new Map(), shown: null });
  },
  setShown: (windowId, suggestion) => set({ shown: suggestion ? { windowId, suggestion } : null }),
  clearShown: (windowId) => {
    if (get().shown?.windowId === windowId) set({ shown: null });
  },
}));
