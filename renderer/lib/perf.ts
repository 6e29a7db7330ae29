// A tiny measurement hook for the latency bench and the e2e tests: the time from a
// labeling keypress to the animation frame that shows the next window, and frame times
// while panning the trace browser. Reading it costs nothing when nobody looks.

interface PerfHook {
  /** Milliseconds from keydown to the frame that shows the next window. */
  keyToFrame: number[];
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

const hook: PerfHook = { keyToFrame: [], panFrames: [], panDraw: [], shownWindowId: null };
window.__seislabelPerf = hook;

let pendingKeyAt: number | null = null;

/** Called at keydown of a labeling or navigation key. */
export function markKey(): void {
  pendingKeyAt = performance.now();
}

/** Called once the next window's traces are on the page; records at the next frame. */
export function markShown(windowId: number): void {
  hook.shownWindowId = windowId;
  const t0 = pendingKeyAt;
  pendingKeyAt = null;
  if (t0 === null) return;
  requestAnimationFrame(() => hook.keyToFrame.push(performance.now() - t0));
}

/** Records one frame interval of the trace browser. */
export function markPanFrame(ms: number): void {
  hook.panFrames.push(ms);
}

/** Records how long drawing one pan frame took. */
export function markPanDraw(ms: number): void {
  hook.panDraw.push(ms);
}
