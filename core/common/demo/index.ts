// Public surface of the demo generator.
export {
  DEMO_CHANNELS,
  DEMO_KIND_COUNTS_PER_BLOCK,
  DEMO_START_TIME,
  demoKindAt,
  demoWindow,
  demoWindows,
  demoWindowTraces,
  generateDemo,
  type DemoKind,
  type DemoOptions,
  type DemoWindow,
} from './generate.js';
export type { DemoPick } from './source.js';
export { DEMO_NETWORK, DEMO_STATIONS, dailyActivity, type DemoStation } from './stations.js';
