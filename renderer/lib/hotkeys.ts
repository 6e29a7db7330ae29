// Class hotkeys: one key each, and never a key the labeling screen already uses for
// something else (a class on "s" would silently turn every skip into that class).
import type { ClassInfo } from '../../core/common/model.js';

/** Keys the labeling screen reserves: unsure, skip, next filter, help, play. */
export const RESERVED_KEYS: ReadonlyMap<string, string> = new Map([
  ['u', 'unsure'],
  ['s', 'skip'],
  ['f', 'the next band-pass preset'],
  ['?', 'the keyboard help'],
  [' ', 'play / pause'],
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
