// People, invite links and "who am I": the owner manages who may reach the project through
// the browser-mode host; every connection can ask who it is signed in as.
import type { Caller, MethodName, Output, ParsedInput } from '../../common/api/index.js';
import type { Core } from '../core.js';
import { invite, listInvites, revoke } from '../store/people.js';
import { ownAnnotator } from './caller.js';

type Domain = 'people.list' | 'people.invite' | 'people.revoke' | 'session.whoami';
type H<M extends MethodName> = (input: ParsedInput<M>, core: Core, caller: Caller) => Output<M> | Promise<Output<M>>;

export const peopleHandlers: { [M in Domain]: H<M> } = {
  'people.list': (_i, core) => listInvites(core.requireProject().db),
  'people.invite': ({ name, role, expiresInHours }, core) => invite(core.requireProject().db, name, role, expiresInHours),
  'people.revoke': ({ id }, core) => {
    revoke(core.requireProject().db, id);
    return { ok: true as const };
  },
  'session.whoami': (_i, core, caller) => {
    const id = core.project ? ownAnnotator(caller) : null;
    const annotator = id === null ? null : (core.requireProject().listAnnotators().find((a) => a.id === id) ?? null);
    return { role: caller.role, name: caller.name, personId: caller.personId, local: caller.local, annotator };
  },
};
