// "Check this computer's GPU": runs the project's CNN in this page with TensorFlow.js on
// WebGPU and shows the adapter, the speed and how closely it reproduces the host's
// probabilities. Only the owner sees it (it reads the model's weights and every window).
// A check, not a second inference path: the host keeps scoring every window.
import { useEffect, useRef, useState } from 'react';
import type { CoreClient } from '../../core/common/api/client.js';
import { adapterText, MAX_CHECK_WINDOWS, parseWindowCount } from '../gpu/gpuReport.js';
import type { GpuCheckResult } from '../gpu/webgpuCheck.js';

/** Windows scored by default: enough for a stable speed, seconds even on a software adapter. */
const DEFAULT_WINDOWS = 256;

type State = { phase: 'running'; step: string } | { phase: 'done'; result: GpuCheckResult } | { phase: 'failed'; message: string };

export function GpuCheckButton({ client }: { client: CoreClient }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" onClick={() => setOpen(true)} data-testid="gpu-check"
        title="Run the newest CNN on this computer's GPU (TensorFlow.js, WebGPU) and compare it with the host's predictions">
        check GPU
      </button>
      {open && <GpuCheckDialog client={client} onClose={() => setOpen(false)} />}
    </>
  );
}

function GpuCheckDialog({ client, onClose }: { client: CoreClient; onClose: () => void }) {
  const [count, setCount] = useState(String(DEFAULT_WINDOWS));
  const [state, setState] = useState<State>({ phase: 'running', step: 'looking for a WebGPU adapter…' });
  const [runs, setRuns] = useState(0);
  const countRef = useRef(count);
  countRef.current = count;
  const close = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    const parsed = parseWindowCount(countRef.current);
    if ('error' in parsed) {
      setState({ phase: 'failed', message: parsed.error });
      return;
    }
    const n = parsed.count;
    let live = true;
    setState({ phase: 'running', step: 'looking for a WebGPU adapter…' });
    // The module (and with it TensorFlow.js) loads only now.
    import('../gpu/webgpuCheck.js')
      .then((m) => m.checkGpu(client, n, (step) => live && setState({ phase: 'running', step })))
      .then((result) => live && setState({ phase: 'done', result }))
      .catch((e: Error) => live && setState({ phase: 'failed', message: e.message }));
    return () => { live = false; };
    // Runs when opened and on "run again"; editing the count alone does not start a run.
  }, [client, runs]);
  useEffect(() => close.current?.focus(), []);
  const r = state.phase === 'done' ? state.result : null;
  return (
    // Keys stay in the dialog: a digit typed here must not label the window behind it.
    <div className="overlay" role="dialog" aria-modal="true" aria-label="This computer's GPU" data-testid="gpu-dialog"
      onKeyDown={(e) => { e.stopPropagation(); if (e.key === 'Escape') onClose(); }}>
      <div className="overlay-card gpu-card">
        <h2>This computer's GPU</h2>
        {state.phase === 'running' && <p role="status" data-testid="gpu-running">{state.step}</p>}
        {state.phase === 'failed' && <p className="error" role="alert" data-testid="gpu-error">{state.message}</p>}
        {r?.status === 'unavailable' && <p className="warn" role="status" data-testid="gpu-unavailable">{r.reason}</p>}
        {r?.status === 'done' && (
          <dl className="gpu-facts">
            <dt>adapter</dt>
            <dd data-testid="gpu-adapter" data-software={String(r.adapter.software)}>{adapterText(r.adapter)}</dd>
            <dt>speed</dt>
            <dd data-testid="gpu-speed">CNN v{r.modelId}: {r.windows} windows at <strong>{r.windowsPerSecond.toFixed(0)} windows/s</strong> on this GPU</dd>
            <dt>against the host</dt>
            <dd data-testid="gpu-agreement">
              {r.agreement.compared === 0
                ? 'the host keeps no predictions of this CNN for these windows (only the newest CNN keeps them)'
                : <>largest difference of a class probability <strong data-testid="gpu-max-diff">{r.agreement.maxDiff.toExponential(1)}</strong>;
                  {' '}same most probable class on <strong data-testid="gpu-same-class">{r.agreement.sameClass} of {r.agreement.compared}</strong> windows
                  {' '}(<span data-testid="gpu-by-class">{r.agreement.byClass.map((b, c) => `${r.classes[c]} ${b.same} of ${b.windows}`).join(', ')}</span> by the host's class)
                  {r.agreement.missing > 0 && `; ${r.agreement.missing} without a host prediction`}</>}
            </dd>
          </dl>
        )}
        <p className="muted gpu-note">
          A check of this computer, not a second place where the model runs: the host still trains the CNN and scores every window on its CPU.
        </p>
        <div className="gpu-actions">
          <label>
            windows
            <input type="number" min={1} max={MAX_CHECK_WINDOWS} value={count} onChange={(e) => setCount(e.target.value)} aria-label="windows to score" data-testid="gpu-count" />
          </label>
          <button type="button" onClick={() => setRuns((n) => n + 1)} disabled={state.phase === 'running'} data-testid="gpu-run-again">run again</button>
          <button type="button" ref={close} onClick={onClose} data-testid="gpu-close">close</button>
        </div>
      </div>
    </div>
  );
}
