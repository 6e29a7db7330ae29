// The session: the core connection, the open project, its classes, the annotator and
// which screen is showing. One store per feature (labeling has its own).
import { create } from 'zustand';
import type { CoreClient } from '../../core/common/api/client.js';
import { mayCall, type Output } from '../../core/common/api/index.js';
import type { AnnotatorInfo, ClassInfo } from '../../core/common/model.js';

export type Screen = 'project' | 'label' | 'browse' | 'model' | 'features' | 'map' | 'team';
type Project = NonNullable<Output<'projects.current'>>;
type Info = Output<'projects.info'>;
export type Me = Output<'session.whoami'>;

interface SessionState {
  client: CoreClient | null;
  /** Who this page is signed in as (the desktop app and the owner's link: the owner). */
  me: Me | null;
  project: Project | null;
  info: Info | null;
  classes: ClassInfo[];
  annotator: AnnotatorInfo | null;
  screen: Screen;
  error: string | null;
  setClient(c: CoreClient): void;
  /** Loads the open project (if any), its classes and the annotator. */
  refresh(): Promise<void>;
  refreshInfo(): Promise<void>;
  /** Reloads the classes after an edit (name, hotkey, colour, examples, archive). */
  reloadClasses(): Promise<void>;
  setScreen(s: Screen): void;
  setError(e: string | null): void;
  /** Switches to another annotator name (remembered in this browser). */
  setAnnotatorName(name: string): Promise<void>;
}

const NAME_KEY = 'seislabel.annotator';

/** The annotator name remembered in this browser. */
export const storedAnnotatorName = (): string => localStorage.getItem(NAME_KEY) || 'annotator';

export const useSessionStore = create<SessionState>((set, get) => ({
  client: null,
  me: null,
  project: null,
  info: null,
  classes: [],
  annotator: null,
  screen: 'project',
  error: null,
  setClient: (client) => set({ client }),
  refresh: async () => {
    const client = get().client;
    if (!client) return;
    const [project, me] = await Promise.all([client.call('projects.current'), client.call('session.whoami')]);
    if (!project) {
      set({ me, project: null, info: null, classes: [], annotator: null, screen: 'project' });
      return;
    }
    // The owner picks the annotator name; an invited person always labels as themselves.
    const [classes, annotator, info] = await Promise.all([
      client.call('classes.list'),
      me.role === 'owner' ? client.call('annotators.ensure', { name: storedAnnotatorName() }) : Promise.resolve(me.annotator),
      mayCall(me.role, 'projects.info') ? client.call('projects.info') : Promise.resolve(null),
    ]);
    set({ me, project, classes, annotator, info });
  },
  refreshInfo: async () => {
    const client = get().client;
    if (!client || !get().project || !get().me || !mayCall(get().me!.role, 'projects.info')) return;
    // An import can add classes (the labels of a windowed set), so both are reloaded.
    const [info, classes] = await Promise.all([client.call('projects.info'), client.call('classes.list')]);
    set({ info, classes });
  },
  reloadClasses: async () => {
    const client = get().client;
    if (!client || !get().project) return;
    set({ classes: await client.call('classes.list') });
  },
  setScreen: (screen) => set({ screen }),
  setError: (error) => set({ error }),
  setAnnotatorName: async (name) => {
    const client = get().client;
    if (!client || !name.trim() || get().me?.role !== 'owner') return;
    localStorage.setItem(NAME_KEY, name.trim());
    set({ annotator: await client.call('annotators.ensure', { name: name.trim() }) });
  },
}));
