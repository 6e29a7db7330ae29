// The layer rules of docs/ARCHITECTURE.md are enforced by lint: a wrong import fails.
import { ESLint } from 'eslint';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/data.js';

const eslint = new ESLint({ cwd: repoRoot });
const lint = async (file: string, code: string) => {
  const [res] = await eslint.lintText(code, { filePath: join(repoRoot, file) });
  return res!.messages.map((m) => m.ruleId);
};

describe('layer rules', () => {
  it('reject Node, Electron, React and node-layer imports in core/common', async () => {
    expect(await lint('core/common/x.ts', "import { readFileSync } from 'node:fs';\nexport const a = readFileSync;\n")).toContain('no-restricted-imports');
    expect(await lint('core/common/x.ts', "import { app } from 'electron';\nexport const a = app;\n")).toContain('no-restricted-imports');
    expect(await lint('core/common/x.ts', "import { Core } from '../node/core.js';\nexport const a = Core;\n")).toContain('no-restricted-imports');
    expect(await lint('core/common/x.ts', 'export const a = () => document.title;\n')).toContain('no-restricted-globals');
  });
  it('reject Electron in core/node and core/node in the renderer', async () => {
    expect(await lint('core/node/x.ts', "import { app } from 'electron';\nexport const a = app;\n")).toContain('no-restricted-imports');
    expect(await lint('renderer/x.ts', "import { Core } from '../core/node/core.js';\nexport const a = Core;\n")).toContain('no-restricted-imports');
    expect(await lint('renderer/x.ts', "import Database from 'better-sqlite3';\nexport const a = Database;\n")).toContain('no-restricted-imports');
  });
  it('accept the allowed directions', async () => {
    expect(await lint('renderer/x.ts', "import { api } from '../core/common/api/index.js';\nexport const a = api;\n")).toEqual([]);
    expect(await lint('core/node/x.ts', "import { readFileSync } from 'node:fs';\nexport const a = readFileSync;\n")).toEqual([]);
  });
});
