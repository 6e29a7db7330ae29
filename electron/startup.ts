// Which project the app opens when it starts: the one named on the command line (or handed
// over by a second instance), else the last one used, else the demo project. Free of
// Electron so it runs in plain Node tests.
import type { Core } from '../core/node/core.js';
import { openOrCreateDemo } from '../core/node/demoProject.js';

/** The project file named in a command line, if any (the last `*.seislabel` argument that is not a switch). */
export function projectFromArgs(argv: readonly string[]): string | null {
  for (let i = argv.length - 1; i >= 0; i--) {
    const arg = argv[i]!;
    if (!arg.startsWith('-') && arg.toLowerCase().endsWith('.seislabel')) return arg;
  }
  return null;
}

/** What happened at start-up: the project that is open and, when the wanted one failed, why. */
export interface StartupResult {
  path: string;
  problem?: string;
}

/**
 * Opens the requested project, else the most recent, else the demo. A project that cannot be
 * opened (missing, damaged, from a newer version) is reported and the demo opened instead,
 * so the app always starts with something to show.
 */
export async function openStartupProject(core: Core, requested: string | null): Promise<StartupResult> {
  const wanted = requested ?? core.recentProjects()[0] ?? null;
  if (wanted) {
    try {
      return { path: core.openProject(wanted).path };
    } catch (e) {
      const store = await openOrCreateDemo(core);
      return { path: store.path, problem: `${wanted}: ${(e as Error).message}` };
    }
  }
  return { path: (await openOrCreateDemo(core)).path };
}
