// CoreClient: the only way the renderer (or any remote caller) talks to the core. It does
// not know which host is behind the transport: Electron IPC, WebSocket or in-process.
import { CoreError } from '../errors.js';
import type { ApiResult } from './define.js';
import type { EventName, EventPayload } from './events.js';
import type { Input, MethodName, Output } from './index.js';

/** What a host must provide to carry the contract. */
export interface Transport {
  invoke(method: string, input: unknown): Promise<ApiResult>;
  subscribe(listener: (event: string, payload: unknown) => void): () => void;
}

/** A typed proxy of the API contract. */
export interface CoreClient {
  call<M extends MethodName>(method: M, ...input: undefined extends Input<M> ? [Input<M>?] : [Input<M>]): Promise<Output<M>>;
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
}

/** Wraps a transport in a typed client; failed calls reject with a CoreError. */
export function createClient(transport: Transport): CoreClient {
  return {
    async call(method, ...args) {
      const res = await transport.invoke(method, args[0] ?? {});
      if (!res.ok) throw new CoreError(res.error.code, res.error.message);
      return res.value as never;
    },
    on(event, listener) {
      return transport.subscribe((name, payload) => {
        if (name === event) listener(payload as never);
      });
    },
  };
}
