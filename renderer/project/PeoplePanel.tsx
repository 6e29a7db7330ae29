// The owner invites people to the project: a name, a role, an optional expiry. The link is
// shown once (the project keeps only a hash of its token); any link can be revoked.
import { useCallback, useEffect, useState } from 'react';
import type { CoreClient } from '../../core/common/api/client.js';
import type { Input, Output } from '../../core/common/api/index.js';

type Invite = Output<'people.list'>[number];
type Role = Input<'people.invite'>['role'];

const ROLE_HELP: Record<Role, string> = {
  volunteer: 'classifies windows in the simple view; sees only their own labels',
  analyst: 'labels, imports uploaded files, trains models, edits classes',
  reviewer: 'reads everything, changes nothing',
};

export function PeoplePanel({ client, onError }: { client: CoreClient; onError(message: string): void }) {
  const [invites, setInvites] = useState<Invite[]>([]);
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('volunteer');
  const [hours, setHours] = useState('');
  const [link, setLink] = useState<string | null>(null);

  const reload = useCallback(() => client.call('people.list').then(setInvites, (e: Error) => onError(e.message)), [client, onError]);
  useEffect(() => void reload(), [reload]);

  const invite = async () => {
    try {
      const expiresInHours = Number(hours) > 0 ? Number(hours) : undefined;
      const made = await client.call('people.invite', { name: name.trim(), role, expiresInHours });
      // Volunteers land straight in the simple view.
      const view = role === 'volunteer' ? '&view=volunteer' : '';
      // The desktop app has no address others can reach: the link needs `seislabel serve`'s.
      const base = location.protocol.startsWith('http') ? location.origin : 'http://HOST:PORT';
      setLink(`${base}/?token=${made.token}${view}`);
      setName('');
      await reload();
    } catch (e) {
      onError((e as Error).message);
    }
  };

  const revoke = async (id: number) => {
    try {
      await client.call('people.revoke', { id });
      await reload();
    } catch (e) {
      onError((e as Error).message);
    }
  };

  const when = (t: number | null) => (t === null ? '—' : new Date(t).toLocaleString());
  return (
    <section className="card" aria-labelledby="people-h">
      <h2 id="people-h">People</h2>
      <p className="muted">Invite links let others label through this host. Anyone with a link can use it until it expires or you revoke it.</p>
      <div className="buttons">
        <label className="field">
          name
          <input value={name} onChange={(e) => setName(e.target.value)} data-testid="invite-name" />
        </label>
        <label className="field">
          role
          <select value={role} onChange={(e) => setRole(e.target.value as Role)} title={ROLE_HELP[role]} data-testid="invite-role">
            {(Object.keys(ROLE_HELP) as Role[]).map((r) => (
              <option key={r} value={r}>{r}</option>
            ))}
          </select>
        </label>
        <label className="field">
          expires after (hours, empty = never)
          <input value={hours} onChange={(e) => setHours(e.target.value)} inputMode="numeric" size={6} data-testid="invite-hours" />
        </label>
        <button type="button" disabled={!name.trim()} onClick={() => void invite()} data-testid="invite-create">Create link</button>
      </div>
      {link && (
        <p>
          Send this link to {invites[0]?.name ?? 'them'} (it is shown only now): <input readOnly value={link} size={60} onFocus={(e) => e.currentTarget.select()} data-testid="invite-link" />
        </p>
      )}
      {invites.length > 0 && (
        <table className="people" data-testid="people-table">
          <thead>
            <tr><th>name</th><th>role</th><th>created</th><th>expires</th><th>last used</th><th /></tr>
          </thead>
          <tbody>
            {invites.map((i) => (
              <tr key={i.id} data-active={i.active}>
                <td>{i.name}</td>
                <td>{i.role}</td>
                <td>{when(i.createdAt)}</td>
                <td>{when(i.expiresAt)}</td>
                <td>{when(i.lastUsedAt)}</td>
                <td>
                  {i.active ? (
                    <button type="button" className="link" onClick={() => void revoke(i.id)} data-testid={`revoke-${i.id}`}>revoke</button>
                  ) : i.revokedAt !== null ? 'revoked' : 'expired'}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
