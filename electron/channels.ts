// The two IPC channels between the preload and the main process. Kept free of imports so
// the sandboxed preload bundle stays small.

/** Renderer → main: one call of the API contract (`method`, `input`), answered with a JSON ApiResult. */
export const INVOKE_CHANNEL = 'seislabel:invoke';
/** Main → renderer: one contract event (`name`, JSON payload). */
export const EVENT_CHANNEL = 'seislabel:event';

/** The app's own origin: the renderer is served from `app://seislabel/`, never from file://. */
export const APP_SCHEME = 'app';
export const APP_HOST = 'seislabel';
export const APP_URL = `${APP_SCHEME}://${APP_HOST}/`;

/**
 * Whether a URL belongs to the app itself. Compared by scheme and host because the WHATWG
 * URL parser gives non-special schemes an opaque origin ("null").
 */
export function isAppUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST;
  } catch {
    return false;
  }
}
