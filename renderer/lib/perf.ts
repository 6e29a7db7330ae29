// A tiny measurement hook for the latency bench and the e2e tests: the time from a
// labeling keypress to the animation frame that shows the next window, and frame times
// while panning the trace browser. Reading it costs nothing when nobody looks.

interface PerfHook {
  /** Milliseconds from keydown to the frame that shows the next window. */
  keyToFrame: number[];
  /** Milliseconds from keydown to the moment the next window was on the page (the app's own work). */
  keyToShown: number[];
  /**
   * For each of those keypresses, how many frames began after the keydown before the one that
   * showed the window: 0 means the very next frame. At 60 Hz keydown → next frame alone is
   * 0–16.7 ms depending on where in the frame the key landed, so this says what the ms cannot.
   */
  framesLate: number[];
  /** Milliseconds between consecutive drawn frames while the trace browser pans. */
  panFrames: number[];
  /** Milliseconds spent drawing each pan frame (the part the renderer controls). */
  panDraw: number[];
  /** Window id on screen (data has been drawn). */
  shownWindowId: number | null;
}

declare global {
  interface Window {
    __seislabelPerf?: PerfHook;
  }
}

const hook: PerfHook = { keyToFrame: [], keyToShown: [], framesLate: [], panFrames: [], panDraw: [], shownWindowId: null };
window.__seislabelPerf = hook;

let pendingKeyAt: number | null = null;
// Frame timestamps seen since the last keydown (rAF passes every callback of one frame the
// same timestamp), so the frame that shows a window can be counted from the keypress.
let framesSinceKey: number[] = [];

/** Called at keydown of a labeling or navigation key. */
export function markKey(): void {
  pendingKeyAt = performance.now();
  const seen: number[] = [];
  framesSinceKey = seen;
  const tick = (ts: number) => {
    if (framesSinceKey !== seen) return;
    if (seen[seen.length - 1] !== ts) seen.push(ts);
    if (seen.length < 120) requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
}

/** Called once the next window's traces are on the page; records at the next frame. */
export function markShown(windowId: number): void {
  hook.shownWindowId = windowId;
  const t0 = pendingKeyAt;
  pendingKeyAt = null;
  if (t0 === null) return;
  hook.keyToShown.push(performance.now() - t0);
  const seen = framesSinceKey;
  requestAnimationFrame((ts) => {
    hook.keyToFrame.push(performance.now() - t0);
    const i = seen.indexOf(ts);
    hook.framesLate.push(i >= 0 ? i : seen.length);
    if (framesSinceKey === seen) framesSinceKey = [];
  });
}

/** Records one frame interval of the trace browser. */
export function markPanFrame(ms: number): void {
  hook.panFrames.push(ms);
}

/** Records how long drawing one pan frame took. */
export function markPanDraw(ms: number): void {
  hook.panDraw.push(ms);
}
