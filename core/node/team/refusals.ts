// What a host serving a team database refuses, kept apart from the host itself so the
// dispatcher can ask without loading the PostgreSQL driver.

/**
 * Methods that would change what every host must agree on but the team database does not
 * hold (windows, classes) or that would switch this host to another project: refused
 * on a team host, with what to do instead.
 */
const REFUSED: Record<string, string> = {
  'projects.create': 'this host serves one team project',
  'projects.open': 'this host serves one team project',
  'imports.start': 'import into the project file, then push it to a new team database',
  'imports.upload': 'import into the project file, then push it to a new team database',
  'windows.cut': 'cut windows in the project file, then push it to a new team database',
  'fetch.start': 'fetch into the project file, then push it to a new team database',
  'classes.create': 'classes are fixed while a team database serves the project',
  'classes.update': 'classes are fixed while a team database serves the project',
  'classes.archive': 'classes are fixed while a team database serves the project',
  'maps.labelWindows': 'label windows one at a time on a team host',
  'windows.create': 'create windows in the project file, then push it to a new team database',
};

/** Why a method is refused on a team host, or null when it may run. */
export function teamRefusal(method: string): string | null {
  return Object.hasOwn(REFUSED, method) ? REFUSED[method]! : null;
}
