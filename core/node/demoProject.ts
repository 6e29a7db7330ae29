// The demo project: about 500 generated windows (earthquake, tremor, noise, spikes) and the
// Earthquake Detective classes, so a first start has something real-looking to label.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { generateDemo } from '../common/demo/index.js';
import type { Core } from './core.js';
import type { ProjectStore } from './store/project.js';

export const DEMO_SEED = 20261123;
export const DEMO_CLASSES = [
  { name: 'earthquake', description: 'A local earthquake: sharp P onset, later S, decaying coda' },
  { name: 'tremor', description: 'Emergent, long, narrow-band hum (1–5 Hz) without clear P and S' },
  { name: 'noise', description: 'Background: microseism, wind, traffic, machinery' },
  { name: 'none of the above', description: 'Anything else, e.g. a spike from something hitting the ground near the sensor' },
];

/** Fills a new project with the demo windows (deterministic for a seed). */
export function fillDemo(store: ProjectStore, opts: { seed?: number; count?: number } = {}): number {
  const { windows } = generateDemo({ seed: opts.seed ?? DEMO_SEED, count: opts.count ?? 500 });
  store.transaction(() => {
    for (const w of windows) {
      store.insertWindow({
        sourceId: null, origin: 'demo', network: w.network, station: w.station, location: '', channels: [...w.channels],
        startTime: w.startTime, samplingRate: w.samplingRate, data: [...w.data], picks: w.picks, groupKey: `${w.network}.${w.station}`,
        meta: Object.fromEntries(Object.entries({ ...w.meta, generated_as: w.kind }).filter(([, v]) => v !== undefined)) as Record<string, string | number>,
      });
    }
  });
  return windows.length;
}

/** Opens the demo project in Seislabel's home folder, creating it on first use. */
export async function openOrCreateDemo(core: Core): Promise<ProjectStore> {
  const path = join(core.homeDir, 'demo.seislabel');
  if (existsSync(path)) return core.openProject(path);
  const store = core.createProject(path, DEMO_CLASSES, { demo: 'true' });
  fillDemo(store);
  core.emit('windows.changed', { total: store.countWindows() });
  return store;
}
