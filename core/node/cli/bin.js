#!/usr/bin/env node
// Entry of the `seislabel` command. The CLI is TypeScript run through tsx's loader, so the
// same sources serve the CLI, the browser host and the tests without a separate build.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('./main.ts');
process.exitCode = await main(process.argv.slice(2));
