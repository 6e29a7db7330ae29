// The in-process transport: the contract carried by a direct function call (CLI, tests).
import { LOCAL_OWNER, type Caller } from '../../common/api/roles.js';
import type { Transport } from '../../common/api/client.js';
import type { Core } from '../core.js';
import { createDispatcher } from './dispatch.js';

/**
 * A transport that calls the dispatcher directly (results still pass through JSON, as on a
 * wire). The CLI is the owner at the machine; tests may call as someone else.
 */
export function inProcessTransport(core: Core, opts: { checkOutput?: boolean; caller?: Caller } = {}): Transport {
  const caller = opts.caller ?? LOCAL_OWNER;
  const dispatch = createDispatcher(core, opts);
  return {
    invoke: async (method, input) => JSON.parse(JSON.stringify(await dispatch(method, JSON.parse(JSON.stringify(input ?? {})), caller))),
    subscribe: (l) => core.subscribe(l),
  };
}
