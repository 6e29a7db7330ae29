// What a handler needs to know about its caller beyond the role the dispatcher checked:
// which annotator their labels are attributed to.
import type { Caller } from '../../common/api/roles.js';
import { CoreError } from '../../common/errors.js';
import type { Core } from '../core.js';
import { personAnnotator } from '../store/people.js';

/** The annotator an invited person labels as; null for the owner, who chooses one. */
export function ownAnnotator(core: Core, caller: Caller): number | null {
  if (caller.personId === null) return null;
  const id = personAnnotator(core.requireProject().db, caller.personId);
  if (id === null) throw new CoreError('unauthenticated', `${caller.name} is not a person of this project`);
  return id;
}

/**
 * The annotator a label or undo is attributed to. The owner labels as the annotator they
 * chose (a desktop shared by several people, or undoing an import); an invited person
 * always as themselves, and naming anyone else is refused rather than ignored.
 */
export function labelAs(core: Core, caller: Caller, requested: number | undefined): number {
  const own = ownAnnotator(core, caller);
  if (own === null) {
    if (requested === undefined) throw new CoreError('invalid_input', 'annotatorId: the owner labels as a chosen annotator (see annotators.ensure)');
    return requested;
  }
  if (requested !== undefined && requested !== own) throw new CoreError('forbidden', `${caller.name} labels as themselves, not as annotator ${requested}`);
  return own;
}

/** A window's current label as a caller may see it: volunteers see only their own. */
export function visibleLabel<L extends { annotatorId: number } | null>(core: Core, caller: Caller, label: L): L | null {
  if (caller.role !== 'volunteer' || label === null) return label;
  return label.annotatorId === ownAnnotator(core, caller) ? label : null;
}

/**
 * Whether an event goes to a caller. Volunteers get only what their view needs, and a
 * label change only when the label is their own (others' labels are not theirs to see).
 */
export function eventVisible(core: Core, caller: Caller, event: string, payload: unknown): boolean {
  if (caller.role !== 'volunteer') return true;
  if (event === 'project.changed' || event === 'windows.changed') return true;
  if (event !== 'labels.changed') return false;
  const current = (payload as { current: { annotatorId: number } | null }).current;
  return current === null || current.annotatorId === ownAnnotator(core, caller);
}
