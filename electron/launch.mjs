#!/usr/bin/env node
// `npm start` (after `npm run build`): the desktop app when Electron is installed, else the
// browser mode. `--prepare` only bundles and makes the Electron build of better-sqlite3 (for
// packaging). The launcher is TypeScript, run through tsx like the CLI.
import { register } from 'tsx/esm/api';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

register();
const { launch, prepare } = await import('./launcher.ts');
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
process.exitCode = args[0] === '--prepare' ? await prepare({ root }) : await launch({ root, args });
