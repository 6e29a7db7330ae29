// `seislabel serve` as a user starts it: it prints the owner's sign-in URL, that URL signs
// a browser in, and the host refuses to listen beyond loopback without authentication.
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/data.js';
import { tempDir } from '../helpers/tmp.js';

const dir = tempDir();
const bin = join(repoRoot, 'core/node/cli/bin.js');
const env = { ...process.env, SEISLABEL_HOME: join(dir, 'home') };
const project = join(dir, 's.seislabel');

describe('seislabel serve', () => {
  it('prints an owner URL whose token signs a browser in', async () => {
    expect(spawnSync(process.execPath, [bin, 'new', project], { env }).status).toBe(0);
    const child = spawn(process.execPath, [bin, 'serve', project, '--port', '0'], { env: { ...env, SEISLABEL_OWNER_TOKEN: undefined } });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (d: Buffer) => {
          out += String(d);
          const m = /(http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{43})/.exec(out);
          if (m) resolve(m[1]!);
        });
        child.once('exit', (code) => reject(new Error(`serve exited with ${code}: ${out}`)));
      });
      const origin = new URL(url).origin;
      expect((await fetch(`${origin}/api/session`)).status).toBe(401);
      const signIn = await fetch(url, { redirect: 'manual' });
      expect(signIn.status).toBe(303);
      const cookie = signIn.headers.get('set-cookie')!.split(';')[0]!;
      expect(await (await fetch(`${origin}/api/session`, { headers: { cookie } })).json()).toEqual({ role: 'owner', name: 'owner' });
    } finally {
      child.kill('SIGTERM');
    }
  });

  it('refuses to serve other machines without authentication, and a short fixed token', () => {
    const open = spawnSync(process.execPath, [bin, 'serve', project, '--host', '0.0.0.0', '--no-auth', '--port', '0'], { env, encoding: 'utf8', timeout: 30_000 });
    expect(open.status).toBe(1);
    expect(open.stderr).toMatch(/authentication must stay on/);
    const weak = spawnSync(process.execPath, [bin, 'serve', project, '--port', '0'], { env: { ...env, SEISLABEL_OWNER_TOKEN: 'abc' }, encoding: 'utf8', timeout: 30_000 });
    expect(weak.status).toBe(1);
    expect(weak.stderr).toMatch(/at least 16 characters/);
  });
});
