// Making the Electron build of better-sqlite3, with the download and compile tools replaced
// by a fake runner (there is no network here): where it goes, when it is remade, the compile
// fallback, and that the Node build in node_modules is never touched.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ensureElectronBinding, readStamp, toolEnv, type RunResult, type Runner } from '../../electron/nativeBinding.js';
import { BINDING_FILE, electronBindingDir } from '../../electron/nativePaths.js';
import { tempDir } from '../helpers/tmp.js';

const repo = resolve(import.meta.dirname, '..', '..');
const nodeBuild = join(repo, 'node_modules', 'better-sqlite3', 'build', 'Release', BINDING_FILE);
const hash = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

/** A project root in a temp folder that shares the repository's node_modules. */
function fakeRoot(): string {
  const root = tempDir('seislabel-native-');
  writeFileSync(join(root, 'package.json'), '{"name":"probe","type":"module"}');
  symlinkSync(join(repo, 'node_modules'), join(root, 'node_modules'), 'dir');
  return root;
}

type Call = { tool: string; args: string[]; cwd: string; staged: string[]; env?: NodeJS.ProcessEnv };

/** A runner whose prebuild-install and node-gyp succeed or fail as told, writing a marker binary. */
function fakeTools(opts: { prebuild: boolean; gyp: boolean }): { run: Runner; calls: Call[] } {
  const calls: Call[] = [];
  const run: Runner = async (_cmd, args, { cwd, env }) => {
    const tool = args[0]!.includes('prebuild-install') ? 'prebuild' : 'gyp';
    calls.push({ tool, env, args: args.slice(1), cwd, staged: ['package.json', 'binding.gyp', 'src', 'deps'].filter((f) => existsSync(join(cwd, f))) });
    if (!opts[tool as 'prebuild' | 'gyp']) return { ok: false, output: `${tool} failed: getaddrinfo ENOTFOUND` };
    const out = join(cwd, 'build', 'Release', BINDING_FILE);
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, `${tool} build for ${args.find((a) => /^(--target=)?\d+\.\d+\.\d+$/.test(a))}`);
    return { ok: true, output: '' };
  };
  return { run, calls };
}

describe('ensureElectronBinding', () => {
  it('fetches the Electron build into dist/native beside the app, leaving node_modules alone', async () => {
    const root = fakeRoot();
    const before = hash(nodeBuild);
    const tools = fakeTools({ prebuild: true, gyp: true });
    const path = await ensureElectronBinding({ root, electronVersion: '41.7.1', platform: 'linux', arch: 'x64', run: tools.run });
    expect(path).toBe(join(electronBindingDir(root, 'linux', 'x64'), BINDING_FILE));
    expect(path).toBe(join(root, 'dist', 'native', 'electron-linux-x64', BINDING_FILE));
    expect(readFileSync(path, 'utf8')).toBe('prebuild build for 41.7.1');
    expect(tools.calls).toHaveLength(1);
    expect(tools.calls[0]!.args).toEqual(['--runtime', 'electron', '--target', '41.7.1', '--arch', 'x64', '--platform', 'linux']);
    expect(tools.calls[0]!.cwd).not.toContain('node_modules');
    expect(Object.keys(tools.calls[0]!.env ?? {})).not.toContain('npm_config_nodedir');
    expect(readStamp(dirname(path))).toMatchObject({ electron: '41.7.1', platform: 'linux', arch: 'x64' });
    expect(hash(nodeBuild)).toBe(before);
  });

  it('reuses the build while Electron and better-sqlite3 stay the same, and remakes it when Electron changes', async () => {
    const root = fakeRoot();
    const tools = fakeTools({ prebuild: true, gyp: true });
    await ensureElectronBinding({ root, electronVersion: '41.7.1', run: tools.run });
    await ensureElectronBinding({ root, electronVersion: '41.7.1', run: tools.run });
    expect(tools.calls).toHaveLength(1);
    const path = await ensureElectronBinding({ root, electronVersion: '42.0.0', run: tools.run });
    expect(tools.calls).toHaveLength(2);
    expect(readFileSync(path, 'utf8')).toBe('prebuild build for 42.0.0');
  });

  it('compiles against Electron’s headers in a staged copy when no binary can be fetched', async () => {
    const root = fakeRoot();
    const tools = fakeTools({ prebuild: false, gyp: true });
    const path = await ensureElectronBinding({ root, electronVersion: '41.7.1', arch: 'arm64', run: tools.run });
    const gyp = tools.calls[1]!;
    expect(gyp.tool).toBe('gyp');
    expect(gyp.args).toEqual(expect.arrayContaining(['rebuild', '--runtime=electron', '--target=41.7.1', '--arch=arm64', '--dist-url=https://electronjs.org/headers']));
    expect(gyp.staged).toEqual(['package.json', 'binding.gyp', 'src', 'deps']);
    expect(readFileSync(path, 'utf8')).toBe('gyp build for --target=41.7.1');
  });

  it('fails with both tools’ output and leaves no half-made binding when neither works', async () => {
    const root = fakeRoot();
    const tools = fakeTools({ prebuild: false, gyp: false });
    await expect(ensureElectronBinding({ root, electronVersion: '41.7.1', run: tools.run })).rejects.toThrow(/prebuild failed[\s\S]*gyp failed/);
    expect(existsSync(join(electronBindingDir(root), BINDING_FILE))).toBe(false);
  });

  it('discards a build that does not load in Electron', async () => {
    const root = fakeRoot();
    const tools = fakeTools({ prebuild: true, gyp: true });
    const verify = async (p: string): Promise<RunResult> => ({ ok: false, output: `${p}: was compiled against a different Node.js version (NODE_MODULE_VERSION 115)` });
    await expect(ensureElectronBinding({ root, electronVersion: '41.7.1', run: tools.run, verify })).rejects.toThrow(/does not load in Electron 41\.7\.1.*NODE_MODULE_VERSION/);
    expect(existsSync(join(electronBindingDir(root), BINDING_FILE))).toBe(false);
    expect(readStamp(electronBindingDir(root))).toBeNull();
  });

  it('keeps npm settings that would build for Node away from the tools', () => {
    const env = toolEnv({ PATH: '/usr/bin', npm_config_nodedir: '/usr/include/node', npm_config_target: '20.20.2', npm_config_runtime: 'node', npm_config_cache: '/c' });
    expect(env).toEqual({ PATH: '/usr/bin', npm_config_cache: '/c' });
  });
});
