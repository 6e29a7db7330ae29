// Which names the host answers to. A browser sends the Host header of the name it looked
// up, so checking Host against this list defeats DNS rebinding (evil.example resolving to
// 127.0.0.1 reaches the socket, but not with our Host); checking a WebSocket's Origin
// against the same list stops another site's page from driving the core.
import { networkInterfaces } from 'node:os';

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

/** Whether an address (as bound or as seen on a socket) is this machine only. */
export function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  const a = address.replace(/^\[|\]$/g, '').toLowerCase();
  return LOOPBACK.has(a) || a.startsWith('127.') || a === '::ffff:127.0.0.1';
}

const isWildcard = (host: string) => host === '0.0.0.0' || host === '::' || host === '';

/** `host:port` as it appears in a Host header (IPv6 in brackets), lower case. */
export function hostPort(host: string, port: number): string {
  const h = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
  return `${h}:${port}`.toLowerCase();
}

/**
 * The `host:port` names a request may carry. Loopback names always; the bound address;
 * on a wildcard bind every address of this machine's interfaces; plus names the owner
 * allowed explicitly (the name a reverse proxy forwards, e.g. labels.example.org).
 */
export function servedHosts(bindHost: string, port: number, extra: string[] = []): Set<string> {
  const names = new Set<string>(['127.0.0.1', 'localhost', '::1']);
  if (isWildcard(bindHost)) {
    for (const list of Object.values(networkInterfaces())) for (const i of list ?? []) names.add(i.address);
  } else {
    names.add(bindHost);
  }
  const served = new Set([...names].map((n) => hostPort(n, port)));
  for (const e of extra) {
    const name = e.toLowerCase();
    served.add(name);
    // A bare name is reached directly on our port, or through a proxy on its default port.
    if (!/:\d+$/.test(name)) served.add(hostPort(name, port));
  }
  return served;
}

/** Whether a Host header names this host. */
export function hostAllowed(header: string | undefined, served: Set<string>): boolean {
  return !!header && served.has(header.toLowerCase());
}

/**
 * Whether a WebSocket's Origin is a page this host served. A missing Origin is a
 * non-browser client (CLI, tests), which must still present a token.
 */
export function originAllowed(origin: string | undefined, served: Set<string>): boolean {
  if (origin === undefined) return true;
  try {
    const u = new URL(origin);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return false;
    return served.has(u.host.toLowerCase());
  } catch {
    return false;
  }
}
