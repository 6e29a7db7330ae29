// Class hotkeys: one key each, and never a key the labeling screen already uses for
// something else (a class on "s" would silently turn every skip into that class).
import type { ClassInfo } from '../../core/common/model.js';

/** Keys the labeling screen reserves: unsure, skip, next filter, help, play. */
export const RESERVED_KEYS: ReadonlyMap<string, string> = new Map([
  ['u', 'unsure'],
  ['s', 'skip'],
  ['f', 'the next band-pass preset'],
  ['g', 'marking a window as gold'],
  ['?', 'the keyboard help'],
  [' ', 'play / pause'],
  ['P', 'placing a P pick'],
  ['S', 'placing an S pick'],
]);

/** Why a hotkey cannot be given to a class (null when it can; '' means no hotkey). */
export function hotkeyProblem(key: string, classes: ClassInfo[], classId: number | null): string | null {
  if (key === '') return null;
  if ([...key].length !== 1) return 'a hotkey is a single key';
  const reserved = RESERVED_KEYS.get(key);
  if (reserved) return `“${key}” is already the key for ${reserved}`;
  const other = classes.find((c) => c.id !== classId && c.hotkey === key);
  if (other) return `“${key}” is already the key of “${other.name}”`;
  return null;
}

/**
 * Whether a key press accepts the model's suggestion (full labeling view only: volunteers
 * judge blind). Plain Enter; with a modifier it stays the browser's, and a held key's
 * repeats would accept the suggestion of every window that scrolls by.
 */
export function acceptsSuggestion(e: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'shiftKey' | 'altKey' | 'metaKey' | 'repeat'>): boolean {
  return e.key === 'Enter' && !e.ctrlKey && !e.shiftKey && !e.altKey && !e.metaKey && !e.repeat;
}

/** What a key does on both labeling views (full and volunteer). */
export type VerdictKey = { kind: 'class'; classId: number } | { kind: 'unsure' } | { kind: 'skip' } | { kind: 'undo' } | { kind: 'play' };

/** The shared meaning of a key press, or null when the view handles it (or nothing does). */
export function verdictKey(e: Pick<KeyboardEvent, 'key' | 'ctrlKey'>, classes: Pick<ClassInfo, 'id' | 'hotkey'>[]): VerdictKey | null {
  if (e.ctrlKey) return e.key === 'z' ? { kind: 'undo' } : null;
  const cls = classes.find((c) => c.hotkey === e.key);
  if (cls) return { kind: 'class', classId: cls.id };
  if (e.key === 'u') return { kind: 'unsure' };
  if (e.key === 's') return { kind: 'skip' };
  if (e.key === 'Backspace') return { kind: 'undo' };
  if (e.key === ' ') return { kind: 'play' };
  return null;
}
