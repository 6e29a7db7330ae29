// What `npm start` does after the renderer is built: run the desktop app when an Electron
// binary is (or can be made) available, else say so in one line and run the browser mode,
// so `npm start` always ends with a working Seislabel.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { ensureElectronBinding, runCommand, verifyInElectron, type Runner } from './nativeBinding.js';

export interface LaunchOptions {
  root: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
  log?: (line: string) => void;
  run?: Runner;
}

/** The Electron package folder and version. */
function electronPackage(root: string): { dir: string; version: string } {
  const dir = dirname(createRequire(join(root, 'package.json')).resolve('electron/package.json'));
  return { dir, version: (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string }).version };
}

/**
 * The Electron executable, or null when it is not installed. Mirrors how the `electron`
 * package finds it (path.txt, ELECTRON_OVERRIDE_DIST_PATH) without requiring that package,
 * which throws when the binary is missing.
 */
export function electronExecutable(root: string, env: NodeJS.ProcessEnv = process.env): string | null {
  const { dir } = electronPackage(root);
  let name: string | undefined;
  try {
    name = readFileSync(join(dir, 'path.txt'), 'utf8');
  } catch {
    name = undefined;
  }
  const exe = env.ELECTRON_OVERRIDE_DIST_PATH ? join(env.ELECTRON_OVERRIDE_DIST_PATH, name || 'electron') : name ? join(dir, 'dist', name) : null;
  return exe && existsSync(exe) ? exe : null;
}

/** The first line of a tool's output that says what went wrong. */
export function firstProblem(output: string): string {
  const lines = output.split('\n').map((l) => l.trim()).filter(Boolean);
  return lines.find((l) => /error|fail|denied|ENOTFOUND|ECONN|ETIMEDOUT|stopped after/i.test(l) && !l.startsWith('at ')) ?? lines[0] ?? 'no output';
}

/** Tries once to download the Electron binary with the electron package's own installer. */
async function fetchElectron(root: string, env: NodeJS.ProcessEnv, run: Runner): Promise<string | null> {
  if (env.ELECTRON_SKIP_BINARY_DOWNLOAD) return 'ELECTRON_SKIP_BINARY_DOWNLOAD is set';
  const { dir } = electronPackage(root);
  const timeoutMs = Number(env.SEISLABEL_ELECTRON_FETCH_TIMEOUT_MS) || 180_000;
  const res = await run(process.execPath, [join(dir, 'install.js')], { cwd: dir, timeoutMs, env });
  return res.ok ? null : `fetching it failed: ${firstProblem(res.output)}`;
}

/** Runs a child with this terminal, passes Ctrl-C and kill on to it, and resolves with its exit code. */
function runAttached(command: string, args: string[], opts: { cwd: string; env: NodeJS.ProcessEnv }): Promise<number> {
  const child: ChildProcess = spawn(command, args, { cwd: opts.cwd, env: opts.env, stdio: 'inherit' });
  const forward = (signal: NodeJS.Signals) => () => child.kill(signal);
  const onInt = forward('SIGINT');
  const onTerm = forward('SIGTERM');
  process.on('SIGINT', onInt);
  process.on('SIGTERM', onTerm);
  return new Promise((resolve) => {
    child.on('error', (e) => {
      process.stderr.write(`${command}: ${e.message}\n`);
      resolve(1);
    });
    child.on('exit', (code, signal) => {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
      resolve(code ?? (signal ? 0 : 1));
    });
  });
}

/** The browser mode (`seislabel serve` with the same arguments); it prints its URL. */
function browserMode(root: string, args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  return runAttached(process.execPath, [join(root, 'core', 'node', 'cli', 'bin.js'), 'serve', ...args], { cwd: root, env });
}

/**
 * Prepares a package build without starting anything: the Electron bundle and the Electron
 * build of better-sqlite3 (checked in Electron when its binary is present). Returns the exit code.
 */
export async function prepare(opts: Omit<LaunchOptions, 'args'>): Promise<number> {
  const log = opts.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const run = opts.run ?? runCommand;
  const { root } = opts;
  const bundle = await run(process.execPath, [join(root, 'electron', 'build.mjs')], { cwd: root, timeoutMs: 300_000 });
  if (!bundle.ok) {
    log(`Could not bundle the Electron app:\n${bundle.output.trim()}`);
    return 1;
  }
  const exe = electronExecutable(root, opts.env);
  try {
    const path = await ensureElectronBinding({ root, electronVersion: electronPackage(root).version, log, run, verify: exe ? verifyInElectron(exe, root, run) : undefined });
    log(`Electron bundle in dist/electron, better-sqlite3 for Electron at ${path}`);
    return 0;
  } catch (e) {
    log((e as Error).message);
    return 1;
  }
}

/** Starts Seislabel: Electron when possible, otherwise the browser mode. Resolves with the exit code. */
export async function launch(opts: LaunchOptions): Promise<number> {
  const env = { ...(opts.env ?? process.env) };
  const log = opts.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const run = opts.run ?? runCommand;
  const { root, args } = opts;
  const { version } = electronPackage(root);

  let exe = electronExecutable(root, env);
  if (!exe) {
    const problem = await fetchElectron(root, env, run);
    exe = electronExecutable(root, env);
    if (!exe) {
      const reason = problem ?? 'the download did not produce a binary';
      log(`Electron is not installed here (${reason}; \`node node_modules/electron/install.js\` fetches it); starting the browser mode instead.`);
      return browserMode(root, args, env);
    }
  }

  const bundle = await run(process.execPath, [join(root, 'electron', 'build.mjs')], { cwd: root, timeoutMs: 300_000 });
  if (!bundle.ok) {
    log(`Could not bundle the Electron app:\n${bundle.output.trim()}`);
    return 1;
  }
  let binding: string;
  try {
    binding = await ensureElectronBinding({ root, electronVersion: version, log, run, verify: verifyInElectron(exe, root, run) });
  } catch (e) {
    const message = (e as Error).message;
    log(`better-sqlite3 could not be prepared for Electron ${version}; starting the browser mode instead. Details:\n${message}`);
    return browserMode(root, args, env);
  }
  // ELECTRON_RUN_AS_NODE would turn the app into a plain Node process.
  delete env.ELECTRON_RUN_AS_NODE;
  return runAttached(exe, [root, ...args], { cwd: root, env: { ...env, SEISLABEL_SQLITE_BINDING: binding } });
}
