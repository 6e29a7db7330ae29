// Gold windows as the labeling screen shows them: which windows an expert settled, and with
// which class. Only people who may read the project load it (volunteers never learn which
// windows are gold, nor their class); only the owner marks and unmarks.
import { create } from 'zustand';
import type { CoreClient } from '../../core/common/api/client.js';

interface GoldState {
  /** Window id → the expert's class id. */
  gold: Map<number, number>;
  error: string | null;
  load(client: CoreClient): Promise<void>;
  /** Marks a window as gold with a class, or unmarks it (null); the map follows what the core stored. */
  set(client: CoreClient, windowId: number, classId: number | null): Promise<void>;
}

export const useGoldStore = create<GoldState>((set, get) => ({
  gold: new Map(),
  error: null,
  load: async (client) => {
    try {
      const rows = await client.call('gold.list');
      set({ gold: new Map(rows.map((r) => [r.windowId, r.classId])), error: null });
    } catch (e) {
      set({ error: `cannot read the gold windows: ${(e as Error).message}` });
    }
  },
  set: async (client, windowId, classId) => {
    try {
      await client.call('gold.set', { windowId, classId });
      const gold = new Map(get().gold);
      if (classId === null) gold.delete(windowId);
      else gold.set(windowId, classId);
      set({ gold, error: null });
    } catch (e) {
      set({ error: `${classId === null ? 'unmark' : 'mark'} gold failed for window #${windowId}: ${(e as Error).message}` });
    }
  },
}));
