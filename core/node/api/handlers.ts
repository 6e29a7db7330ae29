// The implementation of every API method, typed from the contract: a method missing here,
// or one returning the wrong shape, is a compile error.
import { appendFileSync, existsSync, mkdirSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Caller, MethodName, Output, ParsedInput } from '../../common/api/index.js';
import type { WindowsCutResult } from '../../common/api/windows.js';
import { CoreError } from '../../common/errors.js';
import { f32ToBase64 } from '../../common/base64.js';
import type { Core } from '../core.js';
import { cutAndStore } from '../importers/cutStreams.js';
import { runImport } from '../importers/importFiles.js';
import { fetchHandlers } from './handlersFetch.js';
import { mapHandlers } from './handlersMaps.js';
import { insightsHandlers } from './handlersInsights.js';
import { modelHandlers } from './handlersModels.js';
import { streamsHandlers } from './handlersStreams.js';
import { labelAs, labelFor, labelsFor, ownAnnotator, projectFor } from './caller.js';
import { choosingBatch } from '../store/labels.js';
import { peopleHandlers } from './handlersPeople.js';
import { exportHandlers } from './handlersExports.js';
import { crowdHandlers } from './handlersCrowd.js';
import { guideHandlers } from './handlersGuide.js';
import { groupCommitOf } from './groupCommit.js';

type Handler<M extends MethodName> = (input: ParsedInput<M>, core: Core, caller: Caller) => Output<M> | Promise<Output<M>>;
export type Handlers = { [M in MethodName]: Handler<M> };

export const handlers: Handlers = {
  'projects.create': ({ path, classes }, core) => core.createProject(path, classes).info(),
  'projects.open': ({ path, readonly }, core) => core.openProject(path, { readonly: readonly ?? false }).info(),
  'projects.current': (_i, core, caller) => {
    const info = core.project?.info();
    return info ? projectFor(caller, info) : null;
  },
  'projects.recent': (_i, core) => core.recentProjects(),
  'projects.info': (_i, core, caller) => {
    const p = core.requireProject();
    const counts = p.labelCounts();
    return {
      project: projectFor(caller, p.info()),
      sources: p.listSources(),
      streams: p.listStreams(),
      windows: p.countWindows(),
      labeled: counts.labeled,
      unsure: counts.unsure,
      skip: counts.skip,
      perClass: p.listClasses().map((c) => ({ classId: c.id, name: c.name, count: counts.perClass[c.id] ?? 0 })),
    };
  },

  'imports.start': ({ paths, windowing, importLabels, labelColumn }, core) => {
    const p = core.requireProject();
    const title = paths.length === 1 ? `Import ${basename(paths[0]!)}` : `Import ${paths.length} files`;
    const task = core.tasks.start('import', title, async (ctx) => {
      const res = await runImport(p, core.parsePool, paths, windowing, ctx, { importLabels, labelColumn });
      core.emit('windows.changed', { total: p.countWindows() });
      return res;
    });
    return { taskId: task.id };
  },
  'imports.upload': ({ name, base64, offset, last }, core) => {
    const dir = core.uploadsDir();
    mkdirSync(dir, { recursive: true });
    const safe = basename(name).replace(/[^\w.\-+@]/g, '_');
    if (!safe || safe.startsWith('.')) throw new CoreError('invalid_input', `"${name}" is not a usable file name`);
    const path = join(dir, safe);
    // Chunks land in a .part file, so an interrupted upload never looks like a whole file.
    const part = `${path}.part`;
    const have = offset === 0 ? 0 : existsSync(part) ? statSync(part).size : -1;
    if (have !== offset) throw new CoreError('conflict', `${safe}: chunk at byte ${offset} does not follow the ${Math.max(have, 0)} bytes received; start the upload again`);
    const bytes = Buffer.from(base64, 'base64');
    if (offset === 0) writeFileSync(part, bytes);
    else appendFileSync(part, bytes);
    const received = offset + bytes.length;
    if (!last) return { path: '', received };
    renameSync(part, path);
    return { path, received };
  },

  'windows.list': (q, core, caller) => {
    const store = core.requireProject();
    if (caller.role !== 'volunteer') return store.listWindows(q);
    // "Labeled" for a volunteer means by them: whether others judged a window is not theirs to know.
    const list = store.listWindows({ ...q, labeledBy: ownAnnotator(caller) ?? 0 });
    // A volunteer judges each window afresh: they see their own label, never the consensus.
    const label = labelsFor(caller, store);
    return { ...list, windows: list.windows.map((w) => ({ ...w, label: label(w.id) })) };
  },
  'windows.get': ({ id }, core, caller) => {
    const store = core.requireProject();
    const { data, ...summary } = store.loadWindow(id);
    return { ...summary, label: labelFor(caller, store, id), samples: data.map(f32ToBase64) };
  },
  'windows.cut': ({ windowing, sourceIds }, core) => {
    const p = core.requireProject();
    const task = core.tasks.start('cut', 'Cut windows', async (ctx): Promise<WindowsCutResult> => {
      const files = new Map(p.listSources().map((s) => [s.id, s.path]));
      const items = p.listStreams()
        .filter((s) => !sourceIds || sourceIds.includes(s.sourceId))
        .map((s) => ({ trace: p.loadStream(s.id), sourceId: s.sourceId, file: files.get(s.sourceId) ?? '' }));
      const cuts = [...(await cutAndStore(p, core.parsePool, items, windowing, { signal: ctx.signal, progress: ctx.progress })).values()];
      core.emit('windows.changed', { total: p.countWindows() });
      // A group spanning several sources reports its notice once.
      const notices = [...new Map(cuts.flatMap((c) => c.notices).map((n) => [n.message, n])).values()];
      return { created: cuts.reduce((a, c) => a + c.created, 0), skipped: cuts.reduce((a, c) => a + c.skipped, 0), notices };
    });
    return { taskId: task.id };
  },

  'labels.add': async (l, core, caller) => {
    const store = core.requireProject();
    const annotatorId = labelAs(caller, l.annotatorId);
    const { view, timeToLabelMs, idempotencyKey, ...label } = l;
    // Identity comes from the session, never from the client; the client adds only what it alone knows.
    const session = { personId: caller.personId, role: caller.role, view: view ?? null, timeToLabelMs: timeToLabelMs ?? null };
    const key = idempotencyKey ?? null;
    const res = core.team
      // A team host reads the batch that leased the window from the team database (it may have
      // been leased through another host), else the latest of its own batches naming it.
      ? await core.teamStore().addLabel({
        ...label, annotatorId, idempotencyKey: key,
        session: { ...session, batch: (await core.team.store.leasingBatch(l.windowId, annotatorId)) ?? choosingBatch(store.db, l.windowId, annotatorId) },
      })
      // Committed together with other connections' labels; answered only once on disk.
      : await groupCommitOf(store).run(() => store.addLabel({ ...label, annotatorId, session, idempotencyKey: key }));
    if (core.team) {
      // The team database acknowledged it; the replica and this host's clients follow (other hosts hear the NOTIFY).
      await core.team.applyEvent(res.event.id);
    } else if (!res.replayed) {
      core.emit('labels.changed', { windowId: l.windowId, current: store.currentLabel(l.windowId), by: annotatorId, own: res.current });
      core.retrainer.noteLabel();
    }
    return { event: res.event, current: labelFor(caller, store, l.windowId)! };
  },
  'labels.undo': async ({ annotatorId }, core, caller) => {
    const store = core.requireProject();
    const who = labelAs(caller, annotatorId);
    // In the same queue as labels, so an undo never overtakes the label it should take back.
    const res = core.team ? await core.teamStore().undoLast(who) : await groupCommitOf(store).run(() => store.undoLast(who));
    if (!res) return null;
    if (core.team) await core.team.applyEvent(res.undoEventId);
    else core.emit('labels.changed', { windowId: res.windowId, current: store.currentLabel(res.windowId), by: who, own: res.current });
    return { undone: res.undone, windowId: res.windowId, current: labelFor(caller, store, res.windowId) };
  },
  'labels.history': ({ windowId }, core) => core.requireProject().labelHistory(windowId),
  'labels.mine': ({ windowId, annotatorId }, core, caller) => {
    const who = labelAs(caller, annotatorId);
    return core.requireProject().labelHistory(windowId).filter((e) => e.annotatorId === who);
  },
  'picks.set': async ({ windowId, annotatorId, phase, offsetSeconds, uncertaintySeconds }, core, caller) => {
    const store = core.requireProject();
    const w = store.loadWindow(windowId);
    const duration = w.nSamples / w.samplingRate;
    if (offsetSeconds !== null && offsetSeconds > duration) {
      throw new CoreError('invalid_input', `offsetSeconds: ${offsetSeconds} s is after the end of window ${windowId} (${duration} s long)`);
    }
    const pick = { windowId, annotatorId: labelAs(caller, annotatorId), phase, offsetSeconds, uncertaintySeconds: uncertaintySeconds ?? null };
    // A team host writes it to the team database first; the replica follows (other hosts hear the NOTIFY).
    if (core.team) await core.team.applyPick((await core.team.store.addPick(pick)).id);
    else {
      store.addPick(pick);
      core.emit('picks.changed', { windowId, picks: store.loadWindow(windowId).picks });
    }
    return { picks: store.loadWindow(windowId).picks };
  },
  'picks.history': ({ windowId }, core) => core.requireProject().pickHistory(windowId),

  'classes.list': (_i, core) => core.requireProject().listClasses(),
  'classes.create': (c, core) => core.requireProject().createClass(c),
  'classes.update': ({ id, ...patch }, core) => core.requireProject().updateClass(id, patch),
  'classes.archive': ({ id }, core) => {
    core.requireProject().archiveClass(id);
    return { ok: true as const };
  },
  'annotators.list': (_i, core) => core.requireProject().listAnnotators(),
  'annotators.ensure': async ({ name }, core) => {
    const a = await core.teamStore().ensureAnnotator(name, 'human');
    await core.team?.ensureLocalAnnotator(a.id);
    return a;
  },

  'tasks.list': (_i, core) => core.tasks.list(),
  'tasks.get': ({ id }, core) => core.tasks.get(id),
  'tasks.cancel': ({ id }, core) => {
    core.tasks.cancel(id);
    return { ok: true as const };
  },
  ...fetchHandlers,
  ...streamsHandlers,
  ...modelHandlers,
  ...mapHandlers,
  ...insightsHandlers,
  ...peopleHandlers,
  ...exportHandlers,
  ...crowdHandlers,
  ...guideHandlers,
};
