// A project: one SQLite file. ProjectStore gathers the store's functions behind one object
// that holds the writable handle.
import { basename } from 'node:path';
import type { AnnotatorInfo } from '../../common/model.js';
import type { Trace } from '../../common/types.js';
import * as classes from './classes.js';
import * as crowd from './consensus.js';
import { openDatabase, type WritableDb } from './db.js';
import * as labels from './labels.js';
import * as picks from './picks.js';
import { SCHEMA_VERSION } from './migrations/index.js';
import * as win from './windows.js';

export interface ProjectInfo {
  path: string;
  name: string;
  schemaVersion: number;
  isDemo: boolean;
}

export class ProjectStore {
  private constructor(
    readonly path: string,
    readonly db: WritableDb,
  ) {}

  /** Creates a new project file with the given classes. */
  static create(path: string, initialClasses: classes.NewClass[] = [], meta: Record<string, string> = {}): ProjectStore {
    const store = new ProjectStore(path, openDatabase(path, { create: true }));
    store.transaction(() => {
      store.setMeta('created_at', new Date().toISOString());
      for (const [k, v] of Object.entries(meta)) store.setMeta(k, v);
      for (const c of initialClasses) classes.createClass(store.db, c);
    });
    return store;
  }

  /**
   * Opens an existing project file (migrating it forward). `readonly` opens it for reading
   * only: nothing is migrated or written, and a write fails in SQLite.
   */
  static open(path: string, opts: { readonly?: boolean } = {}): ProjectStore {
    return new ProjectStore(path, openDatabase(path, { readonly: opts.readonly ?? false }));
  }

  /** Runs `fn` in one transaction: all of it is written, or none. */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  info(): ProjectInfo {
    return { path: this.path, name: basename(this.path).replace(/\.seislabel$/, ''), schemaVersion: SCHEMA_VERSION, isDemo: this.getMeta('demo') === 'true' };
  }

  getMeta(key: string): string | null {
    const r = this.db.prepare('SELECT value FROM project_meta WHERE key = ?').get(key) as { value: string } | undefined;
    return r?.value ?? null;
  }

  setMeta(key: string, value: string): void {
    this.db.prepare('INSERT INTO project_meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(key, value);
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  // Classes and annotators
  listClasses = () => classes.listClasses(this.db);
  createClass = (c: classes.NewClass) => classes.createClass(this.db, c);
  updateClass = (id: number, patch: Parameters<typeof classes.updateClass>[2]) => classes.updateClass(this.db, id, patch);
  archiveClass = (id: number) => classes.archiveClass(this.db, id);
  classByName = (name: string) => classes.classByName(this.db, name);
  listAnnotators = () => classes.listAnnotators(this.db);
  ensureAnnotator = (name: string, kind: AnnotatorInfo['kind'] = 'human') => classes.ensureAnnotator(this.db, name, kind);

  // Sources, streams, windows
  sourceByHash = (sha: string) => win.sourceByHash(this.db, sha);
  insertSource = (s: win.NewSource) => win.insertSource(this.db, s);
  listSources = () => win.listSources(this.db);
  sourceImportState = (id: number) => win.sourceImportState(this.db, id);
  markSourcesComplete = (ids: number[]) => win.markSourcesComplete(this.db, ids);
  countSourceWindows = (sourceId: number) => win.countSourceWindows(this.db, sourceId);
  windowKeys = (sourceId: number) => win.windowKeys(this.db, sourceId);
  insertStream = (sourceId: number, t: Trace) => win.insertStream(this.db, sourceId, t);
  listStreams = (sourceId?: number) => win.listStreams(this.db, sourceId);
  loadStream = (id: number) => win.loadStream(this.db, id);
  insertWindow = (w: win.NewWindow) => win.insertWindow(this.db, w);
  listWindows = (q?: win.WindowQuery) => win.listWindows(this.db, q);
  /** Sets (or with offset null removes) a phase's onset in a window, as an append-only event. */
  addPick = (e: Omit<picks.PickEvent, 'id' | 'createdAt'>) => picks.addPickEvent(this.db, e);
  pickHistory = (windowId: number) => picks.pickHistory(this.db, windowId);
  windowIds = () => win.windowIds(this.db);
  loadWindow = (id: number) => win.loadWindow(this.db, id);
  countWindows = () => win.countWindows(this.db);
  groupKeys = () => win.groupKeys(this.db);

  // Labels: each person's own, and the project's consensus of them
  addLabel = (l: labels.NewLabel) => labels.addLabel(this.db, l);
  undoLast = (annotatorId: number) => labels.undoLast(this.db, annotatorId);
  labelHistory = (windowId: number) => labels.labelHistory(this.db, windowId);
  ownLabel = (windowId: number, annotatorId: number) => labels.ownLabel(this.db, windowId, annotatorId);
  ownLabels = (annotatorId: number) => labels.ownLabels(this.db, annotatorId);
  /** The project's label of a window: the consensus of everyone's labels, or null. */
  currentLabel = (windowId: number) => crowd.projectConsensus(this.db).labels.get(windowId) ?? null;
  /** The project's label of every labeled window. */
  allCurrentLabels = () => crowd.projectConsensus(this.db).labels;
  labelCounts = () => crowd.consensusCounts(this.db);
  /** The suggestion in view when the label event naming each window's project label was given. */
  currentSuggestions = () => {
    const current = this.allCurrentLabels();
    const byEvent = labels.suggestionsOf(this.db, [...current.values()].map((l) => l.eventId));
    return new Map([...current].flatMap(([w, l]) => (byEvent.has(l.eventId) ? [[w, byEvent.get(l.eventId)!] as const] : [])));
  };
  eventsById = (eventIds: Iterable<number>) => labels.eventsById(this.db, eventIds);
  /** The consensus settled for reading as a whole (Dawid–Skene's EM run over every change first): agreement views, exports. */
  consensus = (method?: crowd.ConsensusMethod) => crowd.projectConsensus(this.db, method, { settled: true });
  crowdSettings = () => crowd.crowdSettings(this.db);
  updateCrowdSettings = (patch: Partial<crowd.CrowdSettings>) => crowd.updateCrowdSettings(this.db, patch);
  setGold = (windowId: number, classId: number | null) => crowd.setGold(this.db, windowId, classId);
  goldWindows = () => crowd.goldWindows(this.db);
  retiredWindows = () => crowd.retiredWindows(this.db);
}
