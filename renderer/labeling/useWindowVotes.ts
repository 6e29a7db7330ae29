// Everyone's own label of the window on screen, its consensus and gold class
// (`consensus.get`), for those who may read them (never volunteers, who judge blind).
// Follows label changes of that window, including gold marks.
import { useEffect, useState } from 'react';
import type { CoreClient } from '../../core/common/api/client.js';
import type { Output } from '../../core/common/api/index.js';

export type WindowVotes = Output<'consensus.get'>;

export function useWindowVotes(client: CoreClient, windowId: number | undefined, allowed: boolean): { votes: WindowVotes | null; error: string | null } {
  const [votes, setVotes] = useState<WindowVotes | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    setVotes(null);
    if (!allowed || windowId === undefined) return;
    let live = true;
    const load = () =>
      client
        .call('consensus.get', { windowId })
        .then((v) => { if (live) { setVotes(v); setError(null); } })
        .catch((e: Error) => live && setError(`cannot read the votes of window #${windowId}: ${e.message}`));
    void load();
    const off = client.on('labels.changed', (e) => e.windowId === windowId && void load());
    return () => {
      live = false;
      off();
    };
  }, [client, windowId, allowed]);
  return { votes, error };
}
