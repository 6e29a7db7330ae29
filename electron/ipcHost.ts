// The main-process side of the bridge: one handler for contract calls and one channel for
// contract events. Calls are answered only for the app's own page, and only once the
// start-up project is open, so the renderer's first `projects.current` sees it.
import { LOCAL_OWNER } from '../core/common/api/roles.js';
import type { WebContents } from 'electron';
import type { Dispatch } from '../core/node/api/dispatch.js';
import { EVENT_CHANNEL, INVOKE_CHANNEL, isAppUrl } from './channels.js';

/** The part of ipcMain the host uses; Electron's ipcMain fits it. */
export interface ContractIpc {
  handle(channel: string, listener: (event: { senderFrame: { url: string } | null }, ...args: unknown[]) => Promise<unknown>): void;
  removeHandler(channel: string): void;
}

/** Answers `seislabel:invoke` with the dispatcher's result as JSON; returns the unregister function. */
export function serveContract(ipcMain: ContractIpc, dispatch: Dispatch, ready: Promise<unknown> = Promise.resolve()): () => void {
  ipcMain.handle(INVOKE_CHANNEL, async (event, method, input) => {
    // A frame that is not the app (a page that slipped past the navigation guards) gets nothing.
    const url = event.senderFrame?.url ?? '';
    if (!isAppUrl(url)) throw new Error(`seislabel: refused a call from ${url || 'an unknown frame'}`);
    await ready.catch(() => undefined);
    return JSON.stringify(await dispatch(method as string, input, LOCAL_OWNER));
  });
  return () => ipcMain.removeHandler(INVOKE_CHANNEL);
}

/** Sends every core event to the windows `targets()` returns; returns the unsubscribe function. */
export function forwardEvents(
  core: { subscribe(listener: (event: string, payload: unknown) => void): () => void },
  targets: () => Iterable<Pick<WebContents, 'send' | 'isDestroyed'>>,
): () => void {
  return core.subscribe((event, payload) => {
    const json = JSON.stringify(payload ?? null);
    for (const contents of targets()) {
      if (!contents.isDestroyed()) contents.send(EVENT_CHANNEL, event, json);
    }
  });
}
