// kill -9 in the middle of an import: the project stays intact, the interrupted sources are
// marked unfinished, and importing the same files again completes them — the same windows as
// an import that was never interrupted, none doubled, nothing refused as "already imported".
import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createClient } from '../../core/common/api/client.js';
import type { ImportResult } from '../../core/common/importResult.js';
import { inProcessTransport } from '../../core/node/api/inProcess.js';
import { Core } from '../../core/node/core.js';
import { ProjectStore } from '../../core/node/store/project.js';
import { dataPath, hasSharedData, missingDataReason, repoRoot } from '../helpers/data.js';
import { tempDir } from '../helpers/tmp.js';

if (!hasSharedData) console.warn(`SKIPPED import crash test: ${missingDataReason}`);

// A 1 Hz day in 2 s windows every second: ~86,000 windows, stored in dozens of chunks.
const WINDOWING = { mode: 'fixed' as const, lengthSeconds: 2, stepSeconds: 1 };
const FILES = ['raw_formats/obspy/CH.BALST..LHE.D.2025.314', 'raw_formats/obspy/seism.sac', 'raw_formats/seisbench/OBS1.IQ.HHZ..D.2016.185.225026'];

const windowSet = (path: string): string[] => {
  const db = new Database(path, { readonly: true });
  const rows = db.prepare('SELECT s.name, w.start_time, w.n_samples, w.channels FROM windows w JOIN sources s ON s.id = w.source_id ORDER BY 1, 2').all() as Record<string, unknown>[];
  db.close();
  return rows.map((r) => Object.values(r).join('|'));
};

async function importIn(path: string, home: string, files: string[]): Promise<ImportResult> {
  const core = new Core({ homeDir: home });
  const c = createClient(inProcessTransport(core));
  await c.call('projects.open', { path });
  const { taskId } = await c.call('imports.start', { paths: files, windowing: WINDOWING });
  const task = await core.tasks.wait(taskId);
  await core.close();
  expect(task.errors).toEqual([]);
  return task.result as ImportResult;
}

describe.skipIf(!hasSharedData)('an import killed with SIGKILL', () => {
  it('is completed by importing the same files again', async () => {
    const dir = tempDir();
    const home = join(dir, 'home');
    const files = FILES.map((f) => dataPath(f));
    const reference = join(dir, 'reference.seislabel');
    ProjectStore.create(reference).close();
    await importIn(reference, home, files);
    const expected = windowSet(reference);
    expect(expected.length).toBeGreaterThan(80_000);

    const path = join(dir, 'crash.seislabel');
    ProjectStore.create(path).close();
    const child = spawn(process.execPath, ['--import', 'tsx', join(repoRoot, 'tests/node/fixtures/importWriter.ts'), path, home, JSON.stringify(WINDOWING), ...files], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    await new Promise<void>((resolve, reject) => {
      let buf = '';
      child.stdout.on('data', (d: Buffer) => {
        buf += d.toString();
        const lines = buf.split('\n');
        buf = lines.pop()!;
        // Kill once some chunks of windows are stored and many are still to come: the
        // "cutting windows: N of M" report comes after a chunk's transaction, the bare
        // "cutting windows" step (done = files read) before any window is stored.
        for (const l of lines) if (/^progress ([1-9]\d*) \d+ cutting windows: /.test(l) && !child.killed) child.kill('SIGKILL');
      });
      child.on('exit', (_code, signal) => (signal === 'SIGKILL' ? resolve() : reject(new Error(`importer was not killed mid-import: ${stderr}`))));
    });

    const db = new Database(path);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    const stored = (db.prepare('SELECT count(*) AS n FROM windows').get() as { n: number }).n;
    const unfinished = (db.prepare("SELECT count(*) AS n FROM sources WHERE json_extract(info, '$.complete') = 0").get() as { n: number }).n;
    db.close();
    // The kill landed mid-cut: some windows stored, not all, the sources marked unfinished.
    expect(stored).toBeGreaterThan(0);
    expect(stored).toBeLessThan(expected.length);
    expect(unfinished).toBe(FILES.length);

    const again = await importIn(path, home, files);
    expect(again.imported.map((f) => f.completed)).toEqual(FILES.map(() => true));
    expect(windowSet(path)).toEqual(expected);
    const check = new Database(path, { readonly: true });
    expect(check.prepare("SELECT count(*) AS n FROM sources WHERE json_extract(info, '$.complete') = 1").get()).toEqual({ n: FILES.length });
    check.close();
  });
});
