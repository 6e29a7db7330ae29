#!/usr/bin/env node
// `npm start` (after `npm run build`): the desktop app when Electron is installed, else the
// browser mode. The launcher is TypeScript, run through tsx like the CLI.
import { register } from 'tsx/esm/api';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

register();
const { launch } = await import('./launcher.ts');
process.exitCode = await launch({ root: resolve(dirname(fileURLToPath(import.meta.url)), '..'), args: process.argv.slice(2) });
