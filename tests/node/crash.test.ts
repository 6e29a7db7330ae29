import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ProjectStore } from '../../core/node/store/project.js';
import { repoRoot } from '../helpers/data.js';
import { tempDir } from '../helpers/tmp.js';

describe('labels survive kill -9', () => {
  it('keeps every acknowledged label and an intact database after SIGKILL mid-stream', async () => {
    const dir = tempDir();
    const path = join(dir, 'crash.seislabel');
    const store = ProjectStore.create(path, [{ name: 'earthquake' }, { name: 'noise' }]);
    for (let i = 0; i < 20; i++) {
      store.insertWindow({ sourceId: null, origin: 'manual', network: 'XX', station: 'S', location: '', channels: ['HHZ'], startTime: i * 1000, samplingRate: 100, data: [new Float32Array(100)] });
    }
    store.close();

    const child = spawn(process.execPath, ['--import', 'tsx', join(repoRoot, 'tests/node/fixtures/labelWriter.ts'), path, dir], { stdio: ['ignore', 'pipe', 'pipe'] });
    const acked: { event: number; window: number }[] = [];
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const killed = new Promise<void>((resolve, reject) => {
      let buf = '';
      child.stdout.on('data', (d: Buffer) => {
        buf += d.toString();
        const lines = buf.split('\n');
        buf = lines.pop()!;
        for (const l of lines) {
          const m = /^ack (\d+) (\d+)$/.exec(l);
          if (m) acked.push({ event: Number(m[1]), window: Number(m[2]) });
        }
        // Kill in the middle of the stream, at an arbitrary point after enough writes.
        if (acked.length >= 150 && !child.killed) child.kill('SIGKILL');
      });
      child.on('exit', (_code, signal) => (signal === 'SIGKILL' ? resolve() : reject(new Error(`writer exited without being killed: ${stderr}`))));
    });
    await killed;
    expect(acked.length).toBeGreaterThanOrEqual(150);

    const db = new Database(path);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    const ids = new Set(db.prepare('SELECT id FROM label_events').pluck().all() as number[]);
    const missing = acked.filter((a) => !ids.has(a.event));
    expect(missing).toEqual([]);
    // Each person's derived current label agrees with the log for every window.
    const key = (r: { window_id: number; annotator_id: number }) => `${r.window_id}|${r.annotator_id}`;
    const current = db.prepare('SELECT window_id, annotator_id, event_id FROM annotator_labels').all() as { window_id: number; annotator_id: number; event_id: number }[];
    const latest = db.prepare('SELECT window_id, annotator_id, max(id) AS id FROM label_events GROUP BY window_id, annotator_id').all() as { window_id: number; annotator_id: number; id: number }[];
    expect(new Map(current.map((c) => [key(c), c.event_id]))).toEqual(new Map(latest.map((l) => [key(l), l.id])));
    db.close();
  });
});
