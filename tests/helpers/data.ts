// Locates the real data set that lives beside the checkout (../shared/data). CI has it; a
// user's fresh clone may not, and then tests that need it skip with a clear message.
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Absolute path of ../shared/data, or of SEISLABEL_DATA when set. */
export const sharedDataDir = process.env.SEISLABEL_DATA ?? join(repoRoot, '..', 'shared', 'data');

/** True when the real data set is present. */
export const hasSharedData = existsSync(join(sharedDataDir, 'README.md'));

/** Path of a file inside ../shared/data. */
export const dataPath = (...parts: string[]): string => join(sharedDataDir, ...parts);

/** Reason printed by describe.skipIf when the data set is absent. */
export const missingDataReason = `real data not found at ${sharedDataDir} (set SEISLABEL_DATA or place shared/ beside the checkout); skipping tests that need it`;

if (!hasSharedData) console.warn(`SKIPPED: ${missingDataReason}`);

export { repoRoot };
