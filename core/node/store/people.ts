// People and their invite links. A token is 32 random bytes shown once; the project keeps
// only its SHA-256, looked up through a unique index (a hash lookup leaks no timing about
// the token itself). Validity is checked on every call, so a revoked or expired link stops
// working at once, not at the next connect.
import { createHash, randomBytes } from 'node:crypto';
import { CoreError } from '../../common/errors.js';
import type { Role } from '../../common/api/roles.js';
import { ensureAnnotator } from './classes.js';
import type { ReadableDb, WritableDb } from './db.js';

export interface Invite {
  id: number;
  personId: number;
  name: string;
  role: Role;
  createdAt: number;
  expiresAt: number | null;
  revokedAt: number | null;
  lastUsedAt: number | null;
  active: boolean;
}

/** Who a valid token belongs to. */
export interface TokenOwner {
  tokenId: number;
  personId: number;
  name: string;
  role: Role;
  annotatorId: number;
}

interface InviteRow {
  id: number;
  person_id: number;
  name: string;
  role: Role;
  created_at: number;
  expires_at: number | null;
  revoked_at: number | null;
  last_used_at: number | null;
}

export const newToken = (): string => randomBytes(32).toString('base64url');
export const hashToken = (token: string): string => createHash('sha256').update(token, 'utf8').digest('hex');

const INVITE_SQL = `SELECT t.id, t.person_id, p.name, p.role, t.created_at, t.expires_at, t.revoked_at, t.last_used_at
  FROM access_tokens t JOIN people p ON p.id = t.person_id`;

const toInvite = (r: InviteRow, now: number): Invite => ({
  id: r.id,
  personId: r.person_id,
  name: r.name,
  role: r.role,
  createdAt: r.created_at,
  expiresAt: r.expires_at,
  revokedAt: r.revoked_at,
  lastUsedAt: r.last_used_at,
  active: r.revoked_at === null && (r.expires_at === null || r.expires_at > now),
});

/** Every invite link, newest first. */
export function listInvites(db: ReadableDb, now = Date.now()): Invite[] {
  return (db.prepare(`${INVITE_SQL} ORDER BY t.id DESC`).all() as InviteRow[]).map((r) => toInvite(r, now));
}

/**
 * Creates the person (or gives an existing one the new role) and a new invite link for
 * them; returns the invite and its token, which is not stored and cannot be shown again.
 */
export function invite(db: WritableDb, name: string, role: Role, expiresInHours?: number, now = Date.now()): Invite & { token: string } {
  const token = newToken();
  return db.transaction(() => {
    const annotator = ensureAnnotator(db, name, 'human');
    if (annotator.kind !== 'human') throw new CoreError('conflict', `"${name}" is the name of an ${annotator.kind} annotator; choose another name`);
    const existing = db.prepare('SELECT id FROM people WHERE name = ?').get(name) as { id: number } | undefined;
    let personId: number;
    if (existing) {
      db.prepare('UPDATE people SET role = ? WHERE id = ?').run(role, existing.id);
      personId = existing.id;
    } else {
      personId = Number(db.prepare('INSERT INTO people (name, role, annotator_id, created_at) VALUES (?, ?, ?, ?)').run(name, role, annotator.id, now).lastInsertRowid);
    }
    const expiresAt = expiresInHours === undefined ? null : Math.round(now + expiresInHours * 3_600_000);
    const id = Number(db.prepare('INSERT INTO access_tokens (person_id, token_sha256, created_at, expires_at) VALUES (?, ?, ?, ?)').run(personId, hashToken(token), now, expiresAt).lastInsertRowid);
    const row = db.prepare(`${INVITE_SQL} WHERE t.id = ?`).get(id) as InviteRow;
    return { ...toInvite(row, now), token };
  })();
}

/** Revokes an invite link (revoking twice keeps the first time). */
export function revoke(db: WritableDb, id: number, now = Date.now()): void {
  const r = db.prepare('UPDATE access_tokens SET revoked_at = COALESCE(revoked_at, ?) WHERE id = ?').run(now, id);
  if (r.changes === 0) throw new CoreError('not_found', `no invite with id ${id}`);
}

const OWNER_SQL = `SELECT t.id AS tokenId, p.id AS personId, p.name, p.role, p.annotator_id AS annotatorId
  FROM access_tokens t JOIN people p ON p.id = t.person_id
  WHERE t.revoked_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > ?)`;

/** The person a token belongs to, if the token is valid now. */
export function tokenOwner(db: ReadableDb, token: string, now = Date.now()): TokenOwner | null {
  return (db.prepare(`${OWNER_SQL} AND t.token_sha256 = ?`).get(now, hashToken(token)) as TokenOwner | undefined) ?? null;
}

/** The person behind a token id, if that token is still valid (checked before every call). */
export function tokenStillValid(db: ReadableDb, tokenId: number, now = Date.now()): TokenOwner | null {
  return (db.prepare(`${OWNER_SQL} AND t.id = ?`).get(now, tokenId) as TokenOwner | undefined) ?? null;
}

/** Notes that a link was used (shown to the owner beside each invite). */
export function touchToken(db: WritableDb, tokenId: number, now = Date.now()): void {
  db.prepare('UPDATE access_tokens SET last_used_at = ? WHERE id = ?').run(now, tokenId);
}
