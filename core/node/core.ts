// The core: holds the open project, background tasks and the event stream. Both hosts
// (Electron main and the browser-mode server) and the CLI drive one of these.
import { EventEmitter } from 'node:events';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import type { EventName, EventPayload } from '../common/api/index.js';
import { CoreError } from '../common/errors.js';
import { ParsePool } from './importers/parsePool.js';
import type { NewClass } from './store/classes.js';
import { backupIfDue } from './store/backup.js';
import { ProjectStore } from './store/project.js';
import { TaskManager } from './tasks.js';
import { Retrainer } from './ml/retrain.js';
import { SqliteTeamStore } from './team/sqliteTeamStore.js';
import type { TeamHost } from './team/teamHost.js';
import type { TeamStore } from './team/teamStore.js';

export interface CoreOptions {
  /** Where Seislabel keeps its own settings (recent projects); default ~/.seislabel or $SEISLABEL_HOME. */
  homeDir?: string;
}

export class Core {
  project: ProjectStore | null = null;
  readonly tasks: TaskManager;
  readonly parsePool = new ParsePool();
  readonly retrainer: Retrainer = new Retrainer(this);
  private readonly emitter = new EventEmitter();
  /** The backup under way, awaited by close() so a CLI command never exits halfway through one. */
  private backup: Promise<unknown> = Promise.resolve();
  readonly homeDir: string;
  /** Set when the project's team tables live in PostgreSQL (`serve --db`); null for a single file. */
  team: TeamHost | null = null;

  constructor(opts: CoreOptions = {}) {
    this.homeDir = opts.homeDir ?? process.env.SEISLABEL_HOME ?? join(homedir(), '.seislabel');
    this.tasks = new TaskManager((info) => this.emit('task.progress', info));
    this.emitter.setMaxListeners(100);
  }

  /** The open project, or a `no_project` error. */
  requireProject(): ProjectStore {
    if (!this.project) throw new CoreError('no_project', 'no project is open: create or open one first');
    return this.project;
  }

  /** Where people, tokens, labels and consensus inputs are written: the team database, or the project file. */
  teamStore(): TeamStore {
    if (this.team) return this.team.store;
    const p = this.requireProject();
    return new SqliteTeamStore(p.db, p.path);
  }

  /** Where files uploaded by browser clients are kept: beside the open project, so a re-import or audit finds them. */
  uploadsDir(): string {
    const p = this.requireProject();
    return join(dirname(p.path), `${basename(p.path)}.imports`);
  }

  /** Creates and opens a project file. */
  createProject(path: string, classes: NewClass[] = [], meta: Record<string, string> = {}): ProjectStore {
    const abs = resolve(path);
    mkdirSync(dirname(abs), { recursive: true });
    const store = ProjectStore.create(abs, classes, meta);
    this.setProject(store);
    return store;
  }

  /** Opens a project file, closing the one that was open. */
  openProject(path: string, opts: { readonly?: boolean } = {}): ProjectStore {
    const store = ProjectStore.open(resolve(path), opts);
    this.setProject(store);
    // A project opened for work is backed up once a day; read-only commands change nothing.
    if (!opts.readonly) {
      this.backup = backupIfDue(store.db, store.path).catch((e: Error) => {
        process.emitWarning(`${store.path}: automatic backup failed (${e.message})`);
      });
    }
    return store;
  }

  private setProject(store: ProjectStore): void {
    this.project?.close();
    this.project = store;
    this.retrainer.reset();
    this.rememberRecent(store.path);
    this.emit('project.changed', { path: store.path });
  }

  /** Project files opened before, newest first (missing files left out). */
  recentProjects(): string[] {
    try {
      const list = JSON.parse(readFileSync(join(this.homeDir, 'recent.json'), 'utf8')) as string[];
      return list.filter((p) => existsSync(p));
    } catch {
      return [];
    }
  }

  private rememberRecent(path: string): void {
    try {
      mkdirSync(this.homeDir, { recursive: true });
      const list = [path, ...this.recentProjects().filter((p) => p !== path)].slice(0, 10);
      writeFileSync(join(this.homeDir, 'recent.json'), JSON.stringify(list, null, 2));
    } catch {
      // Remembering recent projects is a convenience; a read-only home must not stop work.
    }
  }

  /** Sends an event to every subscribed client. */
  emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
    this.emitter.emit('event', event, payload);
  }

  /** Subscribes to all events; returns the unsubscribe function. */
  subscribe(listener: (event: string, payload: unknown) => void): () => void {
    this.emitter.on('event', listener);
    return () => this.emitter.off('event', listener);
  }

  /** Closes the project and stops the workers. */
  async close(): Promise<void> {
    await this.backup;
    await this.team?.close();
    this.team = null;
    this.project?.close();
    this.project = null;
    await this.parsePool.close();
  }
}
