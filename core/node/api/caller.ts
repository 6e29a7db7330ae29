// What a handler needs to know about its caller beyond the role the dispatcher checked:
// which annotator their labels are attributed to, and which labels they may see.
import type { Caller } from '../../common/api/roles.js';
import { CoreError } from '../../common/errors.js';

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

/** A window's current label as a caller may see it: volunteers see only their own. */
export function visibleLabel<L extends { annotatorId: number } | null>(caller: Caller, label: L): L | null {
  if (caller.role !== 'volunteer' || label === null) return label;
  return label.annotatorId === ownAnnotator(caller) ? label : null;
}

/**
 * Whether an event goes to a caller. Volunteers get only what their view needs, and a
 * label change only when the label is their own (others' labels are not theirs to see).
 */
export function eventVisible(caller: Caller, event: string, payload: unknown): boolean {
  if (caller.role !== 'volunteer') return true;
  if (event === 'project.changed' || event === 'windows.changed') return true;
  if (event !== 'labels.changed') return false;
  const current = (payload as { current: { annotatorId: number } | null }).current;
  return current === null || current.annotatorId === ownAnnotator(caller);
}
