// Who is at the other end of a connection. The host's owner holds a token the host prints
// in its start URL (as Jupyter does); invited people hold tokens whose hashes the project
// keeps. A browser brings the token once in the address (`/?token=…`), trades it for an
// HttpOnly cookie and loses it from the address bar; programs send `Authorization: Bearer`
// or `?token=` on the WebSocket URL.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { LOCAL_OWNER, type Caller } from '../common/api/roles.js';
import type { Core } from '../node/core.js';
import { isLoopback } from './hostNames.js';

/** An authenticated connection: the caller, and what must still hold for it to go on. */
export interface Session {
  caller: Caller;
  /** The invite token behind a person's session (null for the owner). */
  tokenId: number | null;
  /** The project the person was invited to: their session ends when another one is opened. */
  projectPath: string | null;
}

const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();

/** A mangled cookie is no token, not an error. */
const safeDecode = (s: string): string | null => {
  try {
    return decodeURIComponent(s);
  } catch {
    return null;
  }
};

export class Gate {
  private readonly ownerDigest: Buffer | null;

  /** `ownerToken` null: no authentication, every client is the owner (loopback hosts only). */
  constructor(
    private readonly core: Core,
    readonly ownerToken: string | null,
  ) {
    this.ownerDigest = ownerToken === null ? null : digest(ownerToken);
  }

  get enabled(): boolean {
    return this.ownerDigest !== null;
  }

  /** The token a request carries: Authorization header, then the URL, then the cookie. */
  tokenOf(req: IncomingMessage, cookieName: string): string | null {
    const auth = req.headers.authorization;
    if (auth?.startsWith('Bearer ')) return auth.slice(7).trim();
    const fromUrl = new URL(req.url ?? '/', 'http://host.invalid').searchParams.get('token');
    if (fromUrl) return fromUrl;
    for (const part of (req.headers.cookie ?? '').split(';')) {
      const eq = part.indexOf('=');
      if (eq > 0 && part.slice(0, eq).trim() === cookieName) return safeDecode(part.slice(eq + 1).trim());
    }
    return null;
  }

  /** The session a token opens now, or null when it opens none. */
  async signIn(token: string | null, req: IncomingMessage): Promise<Session | null> {
    // A proxy in front makes every client look local: forwarded requests never count as local.
    const local = isLoopback(req.socket.remoteAddress) && !req.headers['x-forwarded-for'] && !req.headers.forwarded;
    if (!this.ownerDigest) return { caller: { ...LOCAL_OWNER, local }, tokenId: null, projectPath: null };
    if (!token || token.length > 200) return null;
    if (timingSafeEqual(digest(token), this.ownerDigest)) return { caller: { ...LOCAL_OWNER, local }, tokenId: null, projectPath: null };
    const project = this.core.project;
    if (!project) return null;
    const team = this.core.teamStore();
    const person = await team.tokenOwner(token);
    if (!person) return null;
    await team.touchToken(person.tokenId);
    return { caller: { role: person.role, personId: person.personId, annotatorId: person.annotatorId, name: person.name, local }, tokenId: person.tokenId, projectPath: project.path };
  }

  /** Checked before every call: a revoked or expired link, or another project, ends the session. */
  async stillValid(s: Session): Promise<boolean> {
    if (s.tokenId === null) return true;
    const project = this.core.project;
    if (!project || project.path !== s.projectPath) return false;
    const person = await this.core.teamStore().tokenStillValid(s.tokenId);
    if (!person) return false;
    // The owner may have changed the person's role since they connected.
    s.caller = { ...s.caller, role: person.role };
    return true;
  }
}
