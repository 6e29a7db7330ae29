// One HTTP GET to an FDSN service with the limits a user can rely on: a timeout per request,
// a cap on the response size, and bounded retries (honouring Retry-After) when the server asks
// the client to slow down or is briefly unavailable. Every failure becomes a sentence a user
// can act on; nothing here throws anything but FdsnRequestError or a cancel.
import { CoreError } from '../../common/errors.js';

export interface RequestLimits {
  /** Per attempt, headers and body together. */
  timeoutMs: number;
  /** Largest response body accepted. */
  maxBytes: number;
  /** Further attempts after a 429, 503 or other 5xx. */
  retries: number;
  /** First back-off; doubles each retry when the server sends no Retry-After. */
  backoffMs: number;
  /** Longest wait accepted from a Retry-After; a longer one fails the request instead of stalling the run. */
  maxRetryWaitMs: number;
}

export const DEFAULT_LIMITS: RequestLimits = {
  timeoutMs: 60_000,
  maxBytes: 256 * 1024 * 1024,
  retries: 3,
  backoffMs: 1_000,
  maxRetryWaitMs: 120_000,
};

/** `cache`: the answer came but could not be written to the cache folder (disk full, permissions). */
export type FailureKind = 'http' | 'rate_limit' | 'too_large' | 'timeout' | 'network' | 'malformed' | 'cache';

/** A request that failed for good (after any retries). */
export class FdsnRequestError extends Error {
  constructor(
    readonly kind: FailureKind,
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'FdsnRequestError';
  }
}

/** 204 and 404 are how FDSN services say "nothing matches"; anything else 2xx carries a body. */
export type Response200 = { status: 'data'; bytes: Uint8Array; attempts: number } | { status: 'nodata'; code: number; attempts: number };

const RETRYABLE = new Set([429, 500, 502, 503, 504]);

/** Retry-After in seconds or as an HTTP date; null when absent or unreadable. */
export function retryAfterMs(value: string | null, now = Date.now()): number | null {
  if (!value) return null;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isFinite(at) ? Math.max(0, at - now) : null;
}

const cancelled = (): CoreError => new CoreError('cancelled', 'cancelled by the user');

/** Waits, waking early (with a cancel) when the signal fires. */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(cancelled());
    const t = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(t);
      reject(cancelled());
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** Reads a body, stopping as soon as it passes the cap (a Content-Length can lie or be absent). */
async function readCapped(res: Response, maxBytes: number): Promise<Uint8Array> {
  const declared = Number(res.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    await res.body?.cancel();
    throw new FdsnRequestError('too_large', `response of ${declared} bytes exceeds the ${maxBytes}-byte limit per request; ask for a shorter time span`);
  }
  const chunks: Uint8Array[] = [];
  let total = 0;
  if (res.body) {
    const reader = res.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > maxBytes) {
        await reader.cancel();
        throw new FdsnRequestError('too_large', `response exceeds the ${maxBytes}-byte limit per request; ask for a shorter time span`);
      }
      chunks.push(value);
    }
  }
  const out = new Uint8Array(total);
  let pos = 0;
  for (const c of chunks) {
    out.set(c, pos);
    pos += c.byteLength;
  }
  return out;
}

/** GETs a URL with the limits; `onRetry` tells the user why the run is waiting. */
export async function fdsnGet(url: string, limits: RequestLimits, signal: AbortSignal, onRetry?: (message: string) => void): Promise<Response200> {
  for (let attempt = 1; ; attempt++) {
    if (signal.aborted) throw cancelled();
    const timer = new AbortController();
    const t = setTimeout(() => timer.abort(), limits.timeoutMs);
    let waitMs: number;
    let why: FdsnRequestError;
    try {
      const res = await fetch(url, { signal: AbortSignal.any([signal, timer.signal]), headers: { accept: '*/*' }, redirect: 'follow' });
      if (res.status === 204 || res.status === 404) {
        await res.body?.cancel();
        return { status: 'nodata', code: res.status, attempts: attempt };
      }
      if (res.ok) return { status: 'data', bytes: await readCapped(res, limits.maxBytes), attempts: attempt };
      const detail = (await res.text().catch(() => '')).trim().split('\n')[0]?.slice(0, 200) ?? '';
      const said = detail ? `: ${detail}` : '';
      if (res.status === 413) throw new FdsnRequestError('too_large', `HTTP 413, the server refuses a request this large${said}; ask for a shorter time span`, 413);
      if (!RETRYABLE.has(res.status)) throw new FdsnRequestError('http', `HTTP ${res.status} ${res.statusText}${said}`, res.status);
      const asked = retryAfterMs(res.headers.get('retry-after'));
      waitMs = asked ?? limits.backoffMs * 2 ** (attempt - 1);
      why = res.status === 429
        ? new FdsnRequestError('rate_limit', `HTTP 429, rate limited by the server${said}`, 429)
        : new FdsnRequestError('http', `HTTP ${res.status} ${res.statusText}, the server is unavailable${said}`, res.status);
      if (asked !== null && asked > limits.maxRetryWaitMs) {
        throw new FdsnRequestError(why.kind, `${why.message}; it asks to wait ${Math.round(asked / 1000)} s, longer than the ${Math.round(limits.maxRetryWaitMs / 1000)} s accepted`, why.status);
      }
    } catch (e) {
      if (signal.aborted) throw cancelled();
      if (e instanceof FdsnRequestError) throw e;
      if (timer.signal.aborted) throw new FdsnRequestError('timeout', `no complete answer within ${limits.timeoutMs / 1000} s (timeout per request)`);
      const cause = (e as { cause?: { code?: string; message?: string } }).cause;
      throw new FdsnRequestError('network', `could not reach the server: ${cause?.code ?? cause?.message ?? (e as Error).message}`);
    } finally {
      clearTimeout(t);
    }
    if (attempt > limits.retries) throw new FdsnRequestError(why.kind, `${why.message}; gave up after ${attempt} attempts`, why.status);
    onRetry?.(`${why.message}; retrying in ${(waitMs / 1000).toFixed(1)} s (attempt ${attempt + 1} of ${limits.retries + 1})`);
    await sleep(waitMs, signal);
  }
}
