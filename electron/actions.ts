// The menu's actions: a native dialog, then a call of the contract through the same
// dispatcher the renderer uses. The renderer learns of the result from the core's own events
// (`project.changed`, `windows.changed`, `task.progress`), exactly as if it had made the call.
import { LOCAL_OWNER } from '../core/common/api/roles.js';
import type { BrowserWindow, Dialog, MessageBoxOptions, Shell } from 'electron';
import { writeFile } from 'node:fs/promises';
import type { Dispatch } from '../core/node/api/dispatch.js';
import type { Core } from '../core/node/core.js';
import { DEMO_CLASSES, openOrCreateDemo } from '../core/node/demoProject.js';
import { labelsCsv } from '../core/node/exporters/labelsCsv.js';
import type { MenuActions } from './menu.js';

const PROJECT_FILTER = { name: 'Seislabel project', extensions: ['seislabel'] };
const DATA_FILTERS = [
  { name: 'Seismic and audio recordings', extensions: ['mseed', 'miniseed', 'ms', 'sac', 'SAC', 'wav'] },
  { name: 'miniSEED', extensions: ['mseed', 'miniseed', 'ms'] },
  { name: 'SAC', extensions: ['sac', 'SAC'] },
  { name: 'WAV', extensions: ['wav'] },
  { name: 'All files', extensions: ['*'] },
];

/** What the actions need from Electron and the host. */
export interface ActionDeps {
  core: Core;
  dispatch: Dispatch;
  dialog: Pick<Dialog, 'showOpenDialog' | 'showSaveDialog' | 'showMessageBox'>;
  shell: Pick<Shell, 'openPath'>;
  window(): BrowserWindow | null;
  appName: string;
  version: string;
  /** Called after the set of recent projects may have changed (to rebuild the menu). */
  onProjectOpened(): void;
}

/** The menu actions bound to a host. */
export function createActions(deps: ActionDeps): MenuActions {
  const { dialog, dispatch } = deps;

  const message = (opts: MessageBoxOptions) => {
    const win = deps.window();
    return win ? dialog.showMessageBox(win, opts) : dialog.showMessageBox(opts);
  };
  const fail = (title: string, text: string) => message({ type: 'error', title, message: title, detail: text, buttons: ['OK'] });

  // Every action is started from a menu click, which cannot await: failures become a dialog
  // instead of an unhandled rejection.
  const run = (title: string, body: () => Promise<void>) => () => {
    body().catch((e: unknown) => fail(title, (e as Error)?.message ?? String(e)));
  };

  const call = async (title: string, method: string, input: unknown): Promise<unknown | undefined> => {
    const res = await dispatch(method, input, LOCAL_OWNER);
    if (res.ok) return res.value;
    await fail(title, res.error.message);
    return undefined;
  };

  const openPath = async (path: string) => {
    if ((await call('Could not open the project', 'projects.open', { path })) !== undefined) deps.onProjectOpened();
  };

  const importPaths = async (properties: ('openFile' | 'openDirectory')[], title: string) => {
    if (!deps.core.project) return void (await fail('No project is open', 'Open or create a project before importing files.'));
    const win = deps.window();
    const opts = { title, properties: [...properties, 'multiSelections' as const], filters: properties.includes('openFile') ? DATA_FILTERS : [] };
    const res = win ? await dialog.showOpenDialog(win, opts) : await dialog.showOpenDialog(opts);
    if (res.canceled || !res.filePaths.length) return;
    await call('Could not import', 'imports.start', { paths: res.filePaths });
  };

  return {
    newProject: run('Could not create the project', async () => {
      const win = deps.window();
      const opts = { title: 'New project', defaultPath: 'labels.seislabel', filters: [PROJECT_FILTER], properties: ['createDirectory' as const] };
      const res = win ? await dialog.showSaveDialog(win, opts) : await dialog.showSaveDialog(opts);
      if (res.canceled || !res.filePath) return;
      const path = res.filePath.endsWith('.seislabel') ? res.filePath : `${res.filePath}.seislabel`;
      // New projects start with the Earthquake Detective classes; they can be renamed later.
      const classes = DEMO_CLASSES.map((c) => ({ name: c.name, description: c.description }));
      if ((await call('Could not create the project', 'projects.create', { path, classes })) !== undefined) deps.onProjectOpened();
    }),
    openProject: run('Could not open the project', async () => {
      const win = deps.window();
      const opts = { title: 'Open project', filters: [PROJECT_FILTER], properties: ['openFile' as const] };
      const res = win ? await dialog.showOpenDialog(win, opts) : await dialog.showOpenDialog(opts);
      if (!res.canceled && res.filePaths[0]) await openPath(res.filePaths[0]);
    }),
    openRecent: (path) => run('Could not open the project', () => openPath(path))(),
    openDemo: run('Could not open the demo project', async () => {
      await openOrCreateDemo(deps.core);
      deps.onProjectOpened();
    }),
    importFiles: run('Could not import', () => importPaths(['openFile'], 'Import recordings')),
    importFolder: run('Could not import', () => importPaths(['openDirectory'], 'Import windowed-array folders')),
    exportLabels: run('Could not export the labels', async () => {
      const store = deps.core.project;
      if (!store) return void (await fail('No project is open', 'Open a project to export its labels.'));
      const win = deps.window();
      const defaultPath = store.path.replace(/\.seislabel$/, '') + '-labels.csv';
      const opts = { title: 'Export labels', defaultPath, filters: [{ name: 'CSV', extensions: ['csv'] }] };
      const res = win ? await dialog.showSaveDialog(win, opts) : await dialog.showSaveDialog(opts);
      if (res.canceled || !res.filePath) return;
      const { text, rows } = labelsCsv(store);
      await writeFile(res.filePath, text);
      await message({ type: 'info', title: 'Labels exported', message: `Wrote ${rows} label(s) to ${res.filePath}`, buttons: ['OK'] });
    }),
    showDataFolder: run('Could not show the folder', async () => {
      const err = await deps.shell.openPath(deps.core.homeDir);
      if (err) throw new Error(err);
    }),
    about: run('About', async () => {
      await message({ type: 'info', title: `About ${deps.appName}`, message: `${deps.appName} ${deps.version}`, detail: 'Label events in seismic recordings with active learning.', buttons: ['OK'] });
    }),
  };
}
