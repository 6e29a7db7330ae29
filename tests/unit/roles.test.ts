// The role table of the contract: complete, as narrow as the issue asks for volunteers and
// reviewers, and no method that takes a path on the host left open to remote callers.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { access, api, type MethodName } from '../../core/common/api/index.js';

const methods = Object.keys(api) as MethodName[];
const allowed = (role: string) => methods.filter((m) => access[m].roles.includes(role as never)).sort();

/** Field names of a method's input object (through defaults and optionals). */
function inputFields(schema: z.ZodType): string[] {
  let s: z.ZodType = schema;
  for (;;) {
    if (s instanceof z.ZodObject) return Object.keys(s.shape);
    const inner = (s as unknown as { def: { innerType?: z.ZodType; in?: z.ZodType } }).def;
    const next = inner.innerType ?? inner.in;
    if (!next) return [];
    s = next;
  }
}

describe('who may call what', () => {
  it('lets a volunteer fetch windows, label, undo, read the classes and follow the field guide, and nothing more', () => {
    expect(allowed('volunteer')).toEqual([
      'al.nextBatch', 'al.reasons', 'classes.list', 'guide.feedback', 'guide.finishTutorial', 'guide.practice', 'guide.status',
      'labels.add', 'labels.mine', 'labels.undo', 'projects.current', 'session.whoami', 'windows.get', 'windows.list',
    ]);
  });

  it('gives a reviewer no method that writes', () => {
    const writes = /\.(add|undo|create|update|archive|ensure|start|upload|cut|train|compute|clusters|suggestK|stability|labelWindows|queue|simulate|invite|revoke|cancel|settings|nextBatch|open)$/;
    expect(allowed('reviewer').filter((m) => writes.test(m))).toEqual([]);
  });

  it('keeps people, projects and annotator choice to the owner', () => {
    for (const m of ['people.list', 'people.invite', 'people.revoke', 'projects.create', 'projects.open', 'projects.recent', 'annotators.ensure'] as const) expect(access[m].roles).toEqual(['owner']);
  });

  it('guards every method whose input names a path on the host', () => {
    const takesPath = methods.filter((m) => inputFields(api[m].input).some((f) => /path/i.test(f)));
    expect(takesPath.length).toBeGreaterThanOrEqual(4);
    for (const m of takesPath) expect([m, !!(access[m].localOnly || access[m].paths)]).toEqual([m, true]);
  });
});
