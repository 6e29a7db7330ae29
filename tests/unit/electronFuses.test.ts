// The packaging config must flip the security fuses of the Electron binary. The config is
// read as electron-builder reads it: a top-level `electronFuses` mapping of names to booleans.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/data.js';

/** The entries of one top-level YAML mapping of scalars (comments and blank lines skipped). */
function topLevelMapping(yaml: string, key: string): Record<string, string> {
  const lines = yaml.split(/\r?\n/);
  const start = lines.findIndex((l) => l.replace(/\s+#.*$/, '') === `${key}:`);
  if (start < 0) throw new Error(`electron-builder.yml has no top-level "${key}:"`);
  const out: Record<string, string> = {};
  for (const line of lines.slice(start + 1)) {
    if (/^\s*(#.*)?$/.test(line)) continue;
    if (!/^\s/.test(line)) break;
    const m = /^\s+([A-Za-z][\w]*):\s*([^#\s]+)\s*(#.*)?$/.exec(line);
    if (!m) throw new Error(`cannot read "${line.trim()}" under ${key}`);
    if (m[1]! in out) throw new Error(`${key}.${m[1]} is set twice`);
    out[m[1]!] = m[2]!;
  }
  return out;
}

describe('electron-builder fuses', () => {
  const fuses = topLevelMapping(readFileSync(join(repoRoot, 'electron-builder.yml'), 'utf8'), 'electronFuses');

  it('turns off running as Node, NODE_OPTIONS and --inspect, and loads only an intact ASAR', () => {
    expect(fuses).toMatchObject({
      runAsNode: 'false',
      enableCookieEncryption: 'true',
      enableNodeOptionsEnvironmentVariable: 'false',
      enableNodeCliInspectArguments: 'false',
      enableEmbeddedAsarIntegrityValidation: 'true',
      onlyLoadAppFromAsar: 'true',
    });
  });

  it('names only fuses Electron has, with boolean values', () => {
    const known = ['runAsNode', 'enableCookieEncryption', 'enableNodeOptionsEnvironmentVariable', 'enableNodeCliInspectArguments', 'enableEmbeddedAsarIntegrityValidation', 'onlyLoadAppFromAsar', 'loadBrowserProcessSpecificV8Snapshot', 'grantFileProtocolExtraPrivileges'];
    for (const [name, value] of Object.entries(fuses)) {
      expect(known, `unknown fuse ${name}`).toContain(name);
      expect(['true', 'false']).toContain(value);
    }
  });

  it('does not switch off ASAR packaging, which the integrity fuse relies on', () => {
    const yaml = readFileSync(join(repoRoot, 'electron-builder.yml'), 'utf8');
    expect(yaml).not.toMatch(/^asar:\s*false/m);
    expect(yaml).not.toMatch(/disableIntegrity:\s*true/);
  });
});
