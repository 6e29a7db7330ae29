// The tar written for downloads reads back (names, sizes, contents) and has valid ustar
// header checksums, so `tar -xf` accepts it.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { tarFolder, untar } from '../../core/node/exporters/tar.js';
import { tempDir } from '../helpers/tmp.js';

describe('tarFolder', () => {
  it('round-trips files of odd sizes and passes tar -t', () => {
    const dir = tempDir();
    const src = join(dir, 'src');
    mkdirSync(src);
    writeFileSync(join(src, 'a.csv'), 'x,y\n1,2\n');
    writeFileSync(join(src, 'b.bin'), Buffer.alloc(1025, 7));
    const out = join(dir, 'out.tar');
    const bytes = tarFolder(src, 'set', out);
    expect(bytes % 512).toBe(0);
    const files = untar(readFileSync(out));
    expect([...files.keys()]).toEqual(['set/a.csv', 'set/b.bin']);
    expect(files.get('set/a.csv')!.toString()).toBe('x,y\n1,2\n');
    expect(files.get('set/b.bin')!.length).toBe(1025);
    const t = spawnSync('tar', ['-tf', out], { encoding: 'utf8' });
    if (t.status !== null && !t.error) expect(t.stdout.trim().split('\n')).toEqual(['set/a.csv', 'set/b.bin']);
  });
});
