// The one place that knows which host the renderer runs in: Electron exposes
// `window.seislabel` from its preload; otherwise the page was served by the browser-mode
// host and reaches the core over a WebSocket on the same origin.
import { createClient, type CoreClient, type Transport } from '../../core/common/api/client.js';
import type { ApiResult } from '../../core/common/api/define.js';
import { connectWebSocket } from '../../core/common/api/wsTransport.js';

/** What the Electron preload exposes (one invoke, one event channel). */
export interface SeislabelBridge {
  invoke(method: string, input: unknown): Promise<ApiResult>;
  on(listener: (event: string, payload: unknown) => void): () => void;
}

declare global {
  interface Window {
    seislabel?: SeislabelBridge;
  }
}

/** A line at the top of the page while the host is away (a restart, another host taking over). */
function showConnection(status: 'reconnecting' | 'connected' | 'closed'): void {
  let el = document.getElementById('connection-status');
  if (status === 'connected') {
    el?.remove();
    return;
  }
  if (!el) {
    el = document.createElement('div');
    el.id = 'connection-status';
    el.className = 'connection-status';
    el.setAttribute('role', 'status');
    el.dataset.testid = 'connection-status';
    document.body.append(el);
  }
  el.textContent = status === 'reconnecting'
    ? 'The connection to the host was lost: reconnecting… Labels you give meanwhile are sent when it is back.'
    : 'The connection to the host was lost and did not come back: reload the page to go on.';
}

/** A typed client over whichever transport this page has. */
export async function connectCore(): Promise<CoreClient> {
  const bridge = window.seislabel;
  if (bridge) {
    const transport: Transport = { invoke: (m, i) => bridge.invoke(m, i), subscribe: (l) => bridge.on(l) };
    return createClient(transport);
  }
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  try {
    // The host set a sign-in cookie when this page was opened from the owner's or an invite link.
    return createClient(await connectWebSocket(`${scheme}://${location.host}/ws`, WebSocket, { onStatus: showConnection }));
  } catch (e) {
    // A browser does not say why an upgrade failed; the host's session check does.
    const res = await fetch('/api/session').catch(() => null);
    if (res?.status === 401) throw new Error('not signed in: open the link printed by `seislabel serve`, or the invite link the project owner gave you', { cause: e });
    throw e;
  }
}
