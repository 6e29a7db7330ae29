// What the preload exposes to the page as `window.seislabel`: one `invoke` and one event
// subscription, nothing else. Method and event names are checked against the contract here,
// before anything crosses to the main process (which checks again); the page never sees an
// IpcRendererEvent, so it cannot reach `sender` or other Electron objects.
import type { ApiResult } from '../core/common/api/index.js';
import { EVENT_CHANNEL, INVOKE_CHANNEL } from './channels.js';

/** The object the renderer finds on `window.seislabel` when it runs inside Electron. */
export interface SeislabelBridge {
  invoke(method: string, input?: unknown): Promise<ApiResult>;
  on(listener: (event: string, payload: unknown) => void): () => void;
}

/** The part of ipcRenderer the bridge uses. */
export interface BridgeIpc {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

/** Builds the bridge over `ipc`, accepting only the given method and event names. */
export function createBridge(ipc: BridgeIpc, methodNames: readonly string[], eventNames: readonly string[]): SeislabelBridge {
  const methods = new Set(methodNames);
  const events = new Set(eventNames);
  return Object.freeze({
    async invoke(method: string, input?: unknown): Promise<ApiResult> {
      if (typeof method !== 'string' || !methods.has(method)) {
        return { ok: false, error: { code: 'unknown_method', message: `unknown method "${String(method)}"` } };
      }
      // Results travel as JSON text so the page receives exactly what the WebSocket
      // transport would deliver (no typed arrays or Dates that one transport keeps and the other loses).
      return JSON.parse((await ipc.invoke(INVOKE_CHANNEL, method, input ?? {})) as string) as ApiResult;
    },
    on(listener: (event: string, payload: unknown) => void): () => void {
      if (typeof listener !== 'function') throw new TypeError('seislabel.on expects a listener function');
      const forward = (_event: unknown, name: unknown, json: unknown) => {
        if (typeof name !== 'string' || !events.has(name) || typeof json !== 'string') return;
        listener(name, JSON.parse(json));
      };
      ipc.on(EVENT_CHANNEL, forward);
      return () => {
        ipc.removeListener(EVENT_CHANNEL, forward);
      };
    },
  });
}
