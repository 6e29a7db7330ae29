// The application menu as a plain template, so which items exist, their accelerators and what
// is left out of a packaged build can be tested without Electron.
import type { MenuItemConstructorOptions } from 'electron';

/** What the File and Help menus do; each opens a native dialog or acts on the core. */
export interface MenuActions {
  newProject(): void;
  openProject(): void;
  openRecent(path: string): void;
  openDemo(): void;
  importFiles(): void;
  importFolder(): void;
  exportLabels(): void;
  showDataFolder(): void;
  about(): void;
}

/** What the menu depends on besides the actions. */
export interface MenuContext {
  platform: NodeJS.Platform;
  /** Unpackaged run: adds reload and developer tools. */
  dev: boolean;
  appName: string;
  recent: readonly string[];
  actions: MenuActions;
}

/** The menu template for `Menu.buildFromTemplate`. */
export function menuTemplate(ctx: MenuContext): MenuItemConstructorOptions[] {
  const mac = ctx.platform === 'darwin';
  const { actions } = ctx;
  const recent: MenuItemConstructorOptions[] = ctx.recent.length
    ? ctx.recent.map((path) => ({ label: path, click: () => actions.openRecent(path) }))
    : [{ label: 'No recent projects', enabled: false }];

  const file: MenuItemConstructorOptions = {
    label: '&File',
    submenu: [
      { label: 'New Project…', accelerator: 'CmdOrCtrl+N', click: () => actions.newProject() },
      { label: 'Open Project…', accelerator: 'CmdOrCtrl+O', click: () => actions.openProject() },
      { label: 'Open Recent', submenu: recent },
      { label: 'Open Demo Project', click: () => actions.openDemo() },
      { type: 'separator' },
      { label: 'Import Files…', accelerator: 'CmdOrCtrl+I', click: () => actions.importFiles() },
      { label: 'Import Windowed-Array Folder…', accelerator: 'CmdOrCtrl+Shift+I', click: () => actions.importFolder() },
      { label: 'Export Labels as CSV…', accelerator: 'CmdOrCtrl+E', click: () => actions.exportLabels() },
      { type: 'separator' },
      // On macOS, Quit lives in the app menu and File ends with Close.
      mac ? { role: 'close' } : { role: 'quit', accelerator: 'Ctrl+Q' },
    ],
  };

  const view: MenuItemConstructorOptions = {
    label: '&View',
    submenu: [
      ...(ctx.dev
        ? ([{ role: 'reload' }, { role: 'forceReload' }, { role: 'toggleDevTools' }, { type: 'separator' }] as MenuItemConstructorOptions[])
        : []),
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { type: 'separator' },
      { role: 'togglefullscreen' },
    ],
  };

  const help: MenuItemConstructorOptions = {
    role: 'help',
    submenu: [
      { label: 'Show Settings Folder', click: () => actions.showDataFolder() },
      ...(mac ? [] : ([{ type: 'separator' }, { label: `About ${ctx.appName}`, click: () => actions.about() }] as MenuItemConstructorOptions[])),
    ],
  };

  return [
    ...(mac ? [{ label: ctx.appName, role: 'appMenu' } as MenuItemConstructorOptions] : []),
    file,
    { label: '&Edit', role: 'editMenu' },
    view,
    ...(mac ? [{ role: 'windowMenu' } as MenuItemConstructorOptions] : []),
    help,
  ];
}
