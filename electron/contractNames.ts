// The contract's method and event names as plain lists, for the preload. When the preload is
// bundled, electron/build.mjs replaces this module by the literal lists it evaluates here, so
// the sandboxed preload checks names against the contract without carrying zod and the schemas.
import { api, events } from '../core/common/api/index.js';

/** Every method of the API contract. */
export const METHOD_NAMES: readonly string[] = Object.keys(api);
/** Every event of the API contract. */
export const EVENT_NAMES: readonly string[] = Object.keys(events);
