// Makes the Electron build of better-sqlite3 without touching the Node build in node_modules:
// a copy of the package's sources is staged in a temporary folder, prebuild-install fetches
// the published Electron binary into it (or node-gyp compiles it against Electron's headers
// when no binary is published), and only the resulting .node file is kept, with a stamp
// saying which Electron and better-sqlite3 versions it was made for.
import { spawn } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { BINDING_FILE, electronBindingDir } from './nativePaths.js';

/** The outcome of one external command. */
export interface RunResult {
  ok: boolean;
  output: string;
}

/** Runs a command; injectable so the orchestration can be tested without a network. */
export type Runner = (command: string, args: string[], opts: { cwd: string; timeoutMs: number; env?: NodeJS.ProcessEnv }) => Promise<RunResult>;

/** What the binding was made for; a mismatch means it must be made again. */
export interface BindingStamp {
  electron: string;
  betterSqlite3: string;
  platform: string;
  arch: string;
}

export interface EnsureOptions {
  /** The project root (holds node_modules and dist). */
  root: string;
  electronVersion: string;
  platform?: string;
  arch?: string;
  log?: (line: string) => void;
  run?: Runner;
  /** Checks a fresh binding (e.g. loads it in Electron run as Node); a failed check discards it. */
  verify?: (bindingPath: string) => Promise<RunResult>;
}

/** Spawns `command` and collects its output; kills it after `timeoutMs`. */
export const runCommand: Runner = (command, args, opts) =>
  new Promise((resolve) => {
    const child = spawn(command, args, { cwd: opts.cwd, env: opts.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d));
    child.stderr.on('data', (d: Buffer) => (output += d));
    const timer = setTimeout(() => {
      output += `\n(stopped after ${Math.round(opts.timeoutMs / 1000)} s)`;
      child.kill('SIGKILL');
    }, opts.timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      resolve({ ok: false, output: `${output}${e.message}` });
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ ok: code === 0, output });
    });
  });

/** The stamp of the binding in `dir`, or null when there is none. */
export function readStamp(dir: string): BindingStamp | null {
  try {
    return JSON.parse(readFileSync(join(dir, 'binding.json'), 'utf8')) as BindingStamp;
  } catch {
    return null;
  }
}

/**
 * The environment for the build tools, without npm settings that would make them build for
 * Node instead (a `nodedir` in .npmrc, or `npm start` passing npm_config_target/runtime).
 */
export function toolEnv(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(env)) {
    if (!/^npm_config_(nodedir|target|runtime|disturl|dist_url|arch|platform|build_from_source)$/i.test(k)) out[k] = v;
  }
  return out;
}

const sameStamp = (a: BindingStamp | null, b: BindingStamp) =>
  !!a && a.electron === b.electron && a.betterSqlite3 === b.betterSqlite3 && a.platform === b.platform && a.arch === b.arch;

/**
 * The path of an Electron build of better-sqlite3 for this Electron version, making it first
 * when it is missing or was made for other versions. Throws with the tools' output when
 * neither a download nor a compile works.
 */
export async function ensureElectronBinding(opts: EnsureOptions): Promise<string> {
  const platform = opts.platform ?? process.platform;
  const arch = opts.arch ?? process.arch;
  const run = opts.run ?? runCommand;
  const log = opts.log ?? (() => {});
  const require = createRequire(join(opts.root, 'package.json'));
  const pkgDir = dirname(require.resolve('better-sqlite3/package.json'));
  const pkg = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')) as { version: string };
  const stamp: BindingStamp = { electron: opts.electronVersion, betterSqlite3: pkg.version, platform, arch };
  const dir = electronBindingDir(opts.root, platform, arch);
  const target = join(dir, BINDING_FILE);
  if (existsSync(target) && sameStamp(readStamp(dir), stamp)) return target;

  log(`Preparing better-sqlite3 ${pkg.version} for Electron ${opts.electronVersion} (${platform}-${arch}, once)…`);
  const staging = mkdtempSync(join(tmpdir(), 'seislabel-sqlite-'));
  try {
    // prebuild-install reads name, version and download host from package.json in its cwd and
    // writes build/Release/better_sqlite3.node there: the staged copy, never node_modules.
    copyFileSync(join(pkgDir, 'package.json'), join(staging, 'package.json'));
    const built = join(staging, 'build', 'Release', BINDING_FILE);
    const targetArgs = ['--runtime', 'electron', '--target', opts.electronVersion, '--arch', arch, '--platform', platform];
    const prebuild = await run(process.execPath, [require.resolve('prebuild-install/bin.js'), ...targetArgs], { cwd: staging, timeoutMs: 120_000, env: toolEnv() });
    let output = `prebuild-install: ${prebuild.output.trim()}`;
    if (!prebuild.ok || !existsSync(built)) {
      log('No published Electron build was found; compiling better-sqlite3 (needs a C++ toolchain)…');
      for (const part of ['binding.gyp', 'src', 'deps']) cpSync(join(pkgDir, part), join(staging, part), { recursive: true });
      const gyp = await run(
        process.execPath,
        [
          require.resolve('node-gyp/bin/node-gyp.js'), 'rebuild', '--release', '--runtime=electron', `--target=${opts.electronVersion}`,
          `--arch=${arch}`, '--dist-url=https://electronjs.org/headers',
        ],
        { cwd: staging, timeoutMs: 20 * 60_000, env: toolEnv() },
      );
      output += `\nnode-gyp: ${gyp.output.trim()}`;
      if (!gyp.ok || !existsSync(built)) throw new Error(`could not make better-sqlite3 for Electron ${opts.electronVersion}:\n${output}`);
    }
    if (opts.verify) {
      const check = await opts.verify(built);
      if (!check.ok) throw new Error(`the Electron build of better-sqlite3 does not load in Electron ${opts.electronVersion}: ${check.output.trim()}`);
    }
    mkdirSync(dir, { recursive: true });
    // Copy under a temporary name and rename, so an interrupted copy never looks finished.
    copyFileSync(built, `${target}.partial`);
    renameSync(`${target}.partial`, target);
    writeFileSync(join(dir, 'binding.json'), `${JSON.stringify(stamp, null, 2)}\n`);
    return target;
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

/** A `verify` that opens an in-memory database with the binding inside Electron run as Node. */
export function verifyInElectron(electronExe: string, root: string, run: Runner = runCommand): (bindingPath: string) => Promise<RunResult> {
  return (bindingPath) => {
    const code =
      `const D = require(${JSON.stringify(createRequire(join(root, 'package.json')).resolve('better-sqlite3'))});` +
      `const db = new D(':memory:', { nativeBinding: process.argv.at(-1) }); db.prepare('select 1').get(); db.close();`;
    return run(electronExe, ['-e', code, bindingPath], { cwd: root, timeoutMs: 60_000, env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' } });
  };
}
