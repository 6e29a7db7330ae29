// Where the Electron build of better-sqlite3 lives. node_modules keeps the build for Node (the
// CLI, tests and the browser mode); the Electron build, made for another ABI, sits beside the
// bundle and is passed to better-sqlite3 as `nativeBinding`.
import { join } from 'node:path';

/** The addon's file name, as better-sqlite3 builds it. */
export const BINDING_FILE = 'better_sqlite3.node';

/** The folder of the Electron build for a platform and CPU, under the project root (development). */
export function electronBindingDir(root: string, platform: string = process.platform, arch: string = process.arch): string {
  return join(root, 'dist', 'native', `electron-${platform}-${arch}`);
}

/** The addon inside a packaged app (electron-builder copies it to resources/native). */
export function packagedBindingPath(resourcesPath: string): string {
  return join(resourcesPath, 'native', BINDING_FILE);
}
