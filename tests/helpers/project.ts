// A core with a fresh project open, talked to through the in-process transport with output
// checking: the setup most node tests share.
import { join } from 'node:path';
import { createClient, type CoreClient } from '../../core/common/api/client.js';
import type { Input } from '../../core/common/api/index.js';
import { inProcessTransport } from '../../core/node/api/inProcess.js';
import { Core } from '../../core/node/core.js';

/** Creates `dir/fileName` with these classes (Seislabel's home in `dir/home`) and opens it. */
export async function newProject(dir: string, fileName: string, classes: Input<'projects.create'>['classes'] = []): Promise<{ core: Core; c: CoreClient }> {
  const core = new Core({ homeDir: join(dir, 'home') });
  const c = createClient(inProcessTransport(core, { checkOutput: true }));
  await c.call('projects.create', { path: join(dir, fileName), classes });
  return { core, c };
}
