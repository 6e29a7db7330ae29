import { isAbsolute, relative, sep } from 'node:path';

/** Whether absolute `file` lies inside absolute `root` (a separator-aware check, not a string prefix). */
export function isInside(root: string, file: string): boolean {
  const rel = relative(root, file);
  return rel === '' || (!isAbsolute(rel) && rel !== '..' && !rel.startsWith(`..${sep}`));
}
