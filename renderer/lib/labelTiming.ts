// What only the screen knows about a verdict, sent with each label: how long the window was in
// front of the person, and a key that makes a retried write harmless. The host adds who
// labeled from the session; the time is measured here because only the screen knows when a
// window appeared (the host never sees it shown).
import { MAX_TIME_TO_LABEL_MS } from '../../core/common/api/labels.js';

/** The window on screen and when it became the current one (performance.now(), ms). */
let shown: { id: number | null; at: number } = { id: null, at: 0 };

/** Notes the window now in front of the person; the clock restarts only when it changes. */
export function noteShown(windowId: number | null, now = performance.now()): void {
  if (windowId !== shown.id) shown = { id: windowId, at: now };
}

/** Milliseconds since `windowId` was shown, or undefined when it is not the window on screen. */
export function timeToLabel(windowId: number, now = performance.now()): number | undefined {
  if (shown.id !== windowId) return undefined;
  return Math.min(MAX_TIME_TO_LABEL_MS, Math.max(0, Math.round(now - shown.at)));
}

/**
 * A fresh idempotency key. getRandomValues works on plain-http LAN addresses too, where
 * crypto.randomUUID is missing (it needs a secure context).
 */
export function newLabelKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
