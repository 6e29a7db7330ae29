// The map screen's state: the shown map (or the one refining), what the points are coloured
// by, clusters and stability figures, and the group chosen with the lasso.
import { create } from 'zustand';
import type { CoreClient } from '../../core/common/api/client.js';
import type { Output } from '../../core/common/api/index.js';
import type { MapStabilityResult } from '../../core/common/api/maps.js';
import { base64ToF32 } from '../../core/common/base64.js';
import type { WindowSummary } from '../../core/common/model.js';
import type { ColourBy } from './mapColours.js';

type MapInfo = Omit<NonNullable<Output<'maps.get'>>, 'coords' | 'windowIds' | 'clusters'>;
type Clusters = Output<'maps.clusters'>;

/** A background task the screen follows. */
export interface RunningTask {
  id: string;
  kind: 'map' | 'stability';
  done: number;
  total: number;
  message: string;
}

interface MapState {
  info: MapInfo | null;
  windowIds: number[];
  coords: Float32Array;
  /** Window summaries by id (labels, stations). */
  windows: Map<number, WindowSummary>;
  clusters: Clusters | null;
  /** Cluster labels stored with the map (from an earlier session), when no fresh run is shown. */
  storedClusters: { k: number; labels: number[] } | null;
  suggest: Output<'maps.suggestK'> | null;
  stability: MapStabilityResult | null;
  task: RunningTask | null;
  colourBy: ColourBy;
  feature: string;
  selected: number[];
  mode: 'panZoom' | 'lasso';
  message: string | null;
  /** A confirmation (not an error), e.g. how many windows a group label wrote. */
  notice: string | null;
  /** Loads a map (the newest by default) and the windows' summaries. */
  load(client: CoreClient, id?: number): Promise<void>;
  loadWindows(client: CoreClient): Promise<void>;
  /** Shows a snapshot of a map being computed. */
  showSnapshot(coords: Float32Array, windowIds?: number[]): void;
  set(patch: Partial<MapState>): void;
}

export const useMapStore = create<MapState>((set, get) => ({
  info: null,
  windowIds: [],
  coords: new Float32Array(0),
  windows: new Map(),
  clusters: null,
  storedClusters: null,
  suggest: null,
  stability: null,
  task: null,
  colourBy: 'label',
  feature: 'log_peak_amplitude',
  selected: [],
  mode: 'panZoom',
  message: null,
  notice: null,
  load: async (client, id) => {
    const m = await client.call('maps.get', id === undefined ? {} : { id });
    if (!m) {
      set({ info: null, windowIds: [], coords: new Float32Array(0), clusters: null, storedClusters: null, selected: [] });
      return;
    }
    const { coords, windowIds, clusters, ...info } = m;
    set({ info, windowIds, coords: base64ToF32(coords), clusters: null, storedClusters: clusters, selected: [], suggest: null });
  },
  loadWindows: async (client) => {
    const windows = new Map<number, WindowSummary>();
    for (let offset = 0; ; offset += 5000) {
      const page = await client.call('windows.list', { offset, limit: 5000 });
      for (const w of page.windows) windows.set(w.id, w);
      if (windows.size >= page.total || page.windows.length === 0) break;
    }
    set({ windows });
  },
  showSnapshot: (coords, windowIds) => {
    // A snapshot of another set of windows cannot reuse the shown map's ids.
    if (windowIds) set({ windowIds, coords, selected: [], clusters: null, storedClusters: null });
    else if (coords.length === 2 * get().windowIds.length) set({ coords });
  },
  set: (patch) => set(patch),
}));
