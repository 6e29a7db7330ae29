// The one trace the volunteer view shows and plays: the current window's vertical channel,
// band-passed with the labeling store's filter. The next windows are fetched while the
// volunteer looks at this one, so a verdict never waits for the network.
import { useEffect, useState } from 'react';
import { processChannels, type FilterSetting } from '../lib/signal.js';
import type { WindowCache } from '../lib/windowCache.js';
import { volunteerChannel } from './answers.js';

/** A window's shown channel, filtered but not scaled (the sound normalises itself). */
export interface ShownTrace {
  windowId: number;
  samples: Float32Array;
  fs: number;
  channel: string;
}

const AHEAD = 2;

export function useShownTrace(cache: WindowCache, order: number[], cursor: number, filter: FilterSetting): ShownTrace | null {
  const [shown, setShown] = useState<ShownTrace | null>(null);
  const id = order[cursor];
  useEffect(() => {
    if (id === undefined) {
      setShown(null);
      return;
    }
    let live = true;
    cache
      .get(id)
      .then((w) => {
        if (!live) return;
        const k = volunteerChannel(w.summary.channels);
        const [samples] = processChannels([w.data[k]!], w.summary.samplingRate, filter);
        setShown({ windowId: id, samples: samples!, fs: w.summary.samplingRate, channel: w.summary.channels[k] ?? '' });
      })
      .catch(() => live && setShown(null));
    for (const next of order.slice(cursor + 1, cursor + 1 + AHEAD)) void cache.get(next).catch(() => undefined);
    return () => {
      live = false;
    };
  }, [cache, order, cursor, id, filter]);
  return shown;
}
