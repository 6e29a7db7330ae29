// Bundles the Electron main process, its preload and the core's worker threads with esbuild
// into dist/electron/. The core runs through tsx everywhere else; Electron gets plain JS.
//
//   node electron/build.mjs [--outdir DIR] [--entry name=path.ts …]
//
// * main.js and the workers are ESM (package.json says "type": "module"). npm packages stay
//   external: they are in node_modules in development and in the packaged app, and bundling
//   them would break those that find files beside themselves (tfjs-wasm's .wasm) or are native.
// * The core starts workers with `new URL('./xWorker.js', import.meta.url)`. In the bundle
//   import.meta.url is the bundle's own file, so every worker entry (core/node/**/*Worker.ts)
//   is bundled beside main.js under its own base name, and the build fails when a bundle asks
//   for a worker file that is not there.
// * The preload runs sandboxed, where `require` knows only `electron`: it is one CommonJS file
//   with everything else inlined. electron/contractNames.ts is evaluated here and inlined as
//   literal lists, so the preload does not carry zod and the contract's schemas.
import { build } from 'esbuild';
import { tsImport } from 'tsx/esm/api';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Worker entry files of the core: name (output base name) → path. */
export function workerEntries(dir = join(root, 'core', 'node')) {
  const entries = {};
  for (const rel of readdirSync(dir, { recursive: true })) {
    const file = String(rel);
    if (!/Worker\.ts$/.test(file) || file.endsWith('.test.ts')) continue;
    const name = basename(file, '.ts');
    if (entries[name]) throw new Error(`two worker entries are both called ${name}.ts (${entries[name]}, ${file}); worker base names must be unique`);
    entries[name] = join(dir, file);
  }
  return entries;
}

/** Worker files the bundles ask for with `new URL('./x.js', import.meta.url)` that are missing. */
export function missingWorkerFiles(outdir) {
  const missing = [];
  for (const file of readdirSync(outdir).filter((f) => f.endsWith('.js'))) {
    const code = readFileSync(join(outdir, file), 'utf8');
    for (const m of code.matchAll(/new URL\(\s*["']\.\/([\w.-]+\.js)["']\s*,\s*import\.meta\.url\s*\)/g)) {
      if (!existsSync(join(outdir, m[1]))) missing.push(`${file} → ${m[1]}`);
    }
  }
  return missing;
}

/** An esbuild plugin that replaces electron/contractNames.ts by the lists it exports. */
function contractNamesPlugin() {
  const file = join(root, 'electron', 'contractNames.ts');
  return {
    name: 'seislabel-contract-names',
    setup(b) {
      b.onLoad({ filter: /contractNames\.ts$/ }, async (args) => {
        if (resolve(args.path) !== file) return undefined;
        const { METHOD_NAMES, EVENT_NAMES } = await tsImport(pathToFileURL(file).href, import.meta.url);
        const contents = `export const METHOD_NAMES = ${JSON.stringify(METHOD_NAMES)};\nexport const EVENT_NAMES = ${JSON.stringify(EVENT_NAMES)};\n`;
        return { contents, loader: 'js' };
      });
    },
  };
}

/** Builds main.js, preload.cjs and the worker bundles into `outdir`; `extraEntries` adds ESM entries (tests). */
export async function buildElectron({ outdir = join(root, 'dist', 'electron'), extraEntries = {}, logLevel = 'warning' } = {}) {
  rmSync(outdir, { recursive: true, force: true });
  const common = { bundle: true, platform: 'node', target: 'node20', sourcemap: 'linked', logLevel, absWorkingDir: root };
  await build({
    ...common,
    entryPoints: { main: join(root, 'electron', 'main.ts'), ...workerEntries(), ...extraEntries },
    outdir,
    format: 'esm',
    packages: 'external',
  });
  await build({
    ...common,
    entryPoints: [join(root, 'electron', 'preload.ts')],
    outfile: join(outdir, 'preload.cjs'),
    platform: 'browser',
    target: 'chrome130',
    format: 'cjs',
    external: ['electron'],
    plugins: [contractNamesPlugin()],
  });
  const missing = missingWorkerFiles(outdir);
  if (missing.length) {
    throw new Error(`bundled code starts workers that were not bundled (${missing.join(', ')}); name worker entries *Worker.ts under core/node`);
  }
  return outdir;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const { values } = parseArgs({ options: { outdir: { type: 'string' }, entry: { type: 'string', multiple: true } } });
  const extraEntries = Object.fromEntries((values.entry ?? []).map((e) => [e.slice(0, e.indexOf('=')), resolve(e.slice(e.indexOf('=') + 1))]));
  try {
    const out = await buildElectron({ outdir: values.outdir ? resolve(values.outdir) : undefined, extraEntries });
    process.stdout.write(`Electron bundle written to ${relative(process.cwd(), out) || '.'}\n`);
  } catch (e) {
    process.stderr.write(`electron/build.mjs: ${e.message}\n`);
    process.exitCode = 1;
  }
}
