import { z } from 'zod';
import { Empty, Id, method, Ok } from './define.js';
import { AnnotatorSchema } from './schemas.js';

const Role = z.enum(['owner', 'analyst', 'volunteer', 'reviewer']);

export const InviteSchema = z.object({
  id: z.number(),
  personId: z.number(),
  name: z.string(),
  role: Role,
  createdAt: z.number(),
  expiresAt: z.number().nullable(),
  revokedAt: z.number().nullable(),
  lastUsedAt: z.number().nullable(),
  /** Neither revoked nor expired. */
  active: z.boolean(),
});

export const peopleApi = {
  'people.list': method('Everyone invited to this project, one row per invite link, newest first.', Empty, z.array(InviteSchema)),
  'people.invite': method(
    'Invite a person (or give them a new link): returns the token of their invite link, shown once and stored only hashed.',
    z.object({
      name: z.string().trim().min(1).max(80),
      /** The host's owner is whoever runs it; invited people are analysts, volunteers or reviewers. */
      role: z.enum(['analyst', 'volunteer', 'reviewer']),
      /** The link stops working after this many hours; none = until revoked. */
      expiresInHours: z.number().positive().max(24 * 366).optional(),
    }),
    InviteSchema.extend({ token: z.string() }),
  ),
  'people.revoke': method('Revoke an invite link: connections using it are closed at their next call.', z.object({ id: Id }), Ok),
  'session.whoami': method(
    'Who this connection is: role, name and the annotator their labels are attributed to (null for the owner until one is chosen).',
    Empty,
    z.object({ role: Role, name: z.string(), personId: z.number().nullable(), local: z.boolean(), annotator: AnnotatorSchema.nullable() }),
  ),
};
