// The in-process transport: the contract carried by a direct function call (CLI, tests).
import type { Transport } from '../../common/api/client.js';
import type { Core } from '../core.js';
import { createDispatcher } from './dispatch.js';

/** A transport that calls the dispatcher directly (results still pass through JSON, as on a wire). */
export function inProcessTransport(core: Core, opts: { checkOutput?: boolean } = {}): Transport {
  const dispatch = createDispatcher(core, opts);
  return {
    invoke: async (method, input) => JSON.parse(JSON.stringify(await dispatch(method, JSON.parse(JSON.stringify(input ?? {}))))),
    subscribe: (l) => core.subscribe(l),
  };
}
