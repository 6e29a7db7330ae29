// What a handler needs to know about its caller beyond the role the dispatcher checked:
// which annotator their labels are attributed to, and which labels they may see.
import type { EventPayload } from '../../common/api/events.js';
import type { Caller } from '../../common/api/roles.js';
import { CoreError } from '../../common/errors.js';
import type { CurrentLabel } from '../../common/model.js';
import type { ProjectStore } from '../store/project.js';

/** The annotator an invited person labels as; null for the owner, who chooses one. */
export function ownAnnotator(caller: Caller): number | null {
  return caller.personId === null ? null : caller.annotatorId;
}

/**
 * The annotator a label or undo is attributed to. The owner labels as the annotator they
 * chose (a desktop shared by several people, or undoing an import); an invited person
 * always as themselves, and naming anyone else is refused rather than ignored.
 */
export function labelAs(caller: Caller, requested: number | undefined): number {
  const own = ownAnnotator(caller);
  if (own === null) {
    if (requested === undefined) throw new CoreError('invalid_input', 'annotatorId: the owner labels as a chosen annotator (see annotators.ensure)');
    return requested;
  }
  if (requested !== undefined && requested !== own) throw new CoreError('forbidden', `${caller.name} labels as themselves, not as annotator ${requested}`);
  return own;
}

/**
 * The label of a window a caller sees: the project's consensus for everyone who reads the
 * project, and for a volunteer only their own label (blind: others' labels are not theirs
 * to see, and a consensus would reveal them).
 */
export function labelFor(caller: Caller, store: ProjectStore, windowId: number): CurrentLabel | null {
  if (caller.role !== 'volunteer') return store.currentLabel(windowId);
  const own = ownAnnotator(caller);
  return own === null ? null : store.ownLabel(windowId, own);
}

/** labelFor over many windows, reading each person's labels once. */
export function labelsFor(caller: Caller, store: ProjectStore): (windowId: number) => CurrentLabel | null {
  if (caller.role !== 'volunteer') {
    const all = store.allCurrentLabels();
    return (w) => all.get(w) ?? null;
  }
  const own = ownAnnotator(caller);
  const mine = own === null ? new Map<number, CurrentLabel>() : store.ownLabels(own);
  return (w) => mine.get(w) ?? null;
}

/**
 * The event a caller receives, or null. Volunteers get only what their view needs, and a
 * label change only when it is their own, carrying their own label instead of the consensus.
 */
export function eventFor(caller: Caller, event: string, payload: unknown): unknown {
  if (event === 'project.changed' && caller.role !== 'owner') {
    const path = (payload as EventPayload<'project.changed'>).path;
    return { path: path === null ? null : shownPath(caller, path) };
  }
  if (caller.role !== 'volunteer') return payload;
  if (event === 'windows.changed') return payload;
  if (event !== 'labels.changed') return null;
  const p = payload as EventPayload<'labels.changed'>;
  const own = ownAnnotator(caller);
  if (own === null || p.by !== own) return null;
  return { windowId: p.windowId, current: p.own ?? null, by: p.by, own: p.own ?? null };
}

/**
 * Where the project file lives is the host's business: only the owner sees the path; everyone
 * else gets the project's file name, which is enough to tell projects apart.
 */
export function shownPath(caller: Caller, path: string): string {
  return caller.role === 'owner' ? path : (path.split(/[\\/]/).pop() ?? '');
}

/** A project's description as this caller may see it. */
export function projectFor<P extends { path: string }>(caller: Caller, info: P): P {
  return caller.role === 'owner' ? info : { ...info, path: shownPath(caller, info.path) };
}
