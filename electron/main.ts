// The Electron main process: a thin shell. It hosts one Core, carries the API contract to
// the window over one IPC call channel and one event channel, and adds what only a desktop
// app has: native dialogs in a menu, a single instance, a locked-down window.
import { app, BrowserWindow, dialog, ipcMain, Menu, protocol, session, shell } from 'electron';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDispatcher } from '../core/node/api/dispatch.js';
import { Core } from '../core/node/core.js';
import { createActions } from './actions.js';
import { registerAppScheme, serveRenderer } from './appProtocol.js';
import { APP_URL } from './channels.js';
import { forwardEvents, serveContract } from './ipcHost.js';
import { menuTemplate, type MenuActions } from './menu.js';
import { BINDING_FILE, electronBindingDir, packagedBindingPath } from './nativePaths.js';
import { openStartupProject, projectFromArgs } from './startup.js';
import { createMainWindow, secureSession } from './windowFactory.js';

// This file is bundled to <app>/dist/electron/main.js, in development and inside app.asar.
const here = dirname(fileURLToPath(import.meta.url));
const appRoot = resolve(here, '..', '..');
const APP_NAME = 'Seislabel';

// better-sqlite3 in node_modules is built for Node; Electron needs its own build, which the
// core's database layer loads when SEISLABEL_SQLITE_BINDING names it. `npm start` sets it;
// a packaged app carries the build in resources/native.
process.env.SEISLABEL_SQLITE_BINDING ||= app.isPackaged
  ? packagedBindingPath(process.resourcesPath)
  : join(electronBindingDir(appRoot), BINDING_FILE);

registerAppScheme(protocol);

if (!app.requestSingleInstanceLock()) {
  // Another Seislabel is running; it receives our command line through 'second-instance'.
  app.quit();
} else {
  void start();
}

async function start(): Promise<void> {
  app.setName(APP_NAME);
  // macOS hands over files opened from Finder before and after ready.
  let pendingOpen: string | null = projectFromArgs(process.argv.slice(1));
  let openPath: ((path: string) => void) | null = null;
  app.on('open-file', (event, path) => {
    event.preventDefault();
    if (openPath) openPath(path);
    else pendingOpen = path;
  });

  await app.whenReady();
  const binding = process.env.SEISLABEL_SQLITE_BINDING!;
  if (!existsSync(binding)) {
    dialog.showErrorBox(
      `${APP_NAME} cannot start`,
      `The Electron build of better-sqlite3 is missing:\n${binding}\n\nStart the app with \`npm start\`, which prepares it.`,
    );
    app.exit(1);
    return;
  }

  secureSession(session.defaultSession);
  serveRenderer(protocol, join(appRoot, 'dist', 'renderer'));

  const core = new Core();
  const dispatch = createDispatcher(core);
  let win: BrowserWindow | null = null;

  const actions: MenuActions = createActions({
    core, dispatch, dialog, shell, appName: APP_NAME, version: app.getVersion(), window: () => win, onProjectOpened: () => refreshMenu(),
  });
  const refreshMenu = () => {
    Menu.setApplicationMenu(
      Menu.buildFromTemplate(menuTemplate({ platform: process.platform, dev: !app.isPackaged, appName: APP_NAME, recent: core.recentProjects(), actions })),
    );
  };

  const openWindow = () => {
    win = createMainWindow({ BrowserWindow, openExternal: (url) => shell.openExternal(url) }, { preload: join(here, 'preload.cjs'), url: APP_URL, title: APP_NAME });
    win.on('closed', () => (win = null));
  };

  // The window appears first and calls wait until the start-up project is open: creating the
  // demo project on a first start keeps this process busy for a few seconds, and the page
  // (whose files this process serves) should have loaded before that.
  let markReady!: () => void;
  const ready = new Promise<void>((r) => (markReady = r));
  serveContract(ipcMain, dispatch, ready);
  forwardEvents(core, () => BrowserWindow.getAllWindows().map((w) => w.webContents));
  refreshMenu();
  openWindow();
  let started = false;
  const openProject = () => {
    if (started) return;
    started = true;
    void openStartupProject(core, pendingOpen)
      .then((r) => {
        refreshMenu();
        if (r.problem) void dialog.showMessageBox({ type: 'warning', title: 'Project not opened', message: 'The project could not be opened; the demo project is open instead.', detail: r.problem });
      })
      .catch((e: unknown) => dialog.showErrorBox('No project could be opened', (e as Error).message))
      .finally(() => {
        markReady();
        openPath = (path) => actions.openRecent(path);
      });
  };
  win!.once('ready-to-show', () => setImmediate(openProject));
  // A page that never becomes ready (e.g. the renderer is not built) must not leave calls waiting forever.
  setTimeout(openProject, 5000).unref();

  app.on('second-instance', (_event, argv) => {
    if (win) {
      if (win.isMinimized()) win.restore();
      win.focus();
    }
    const path = projectFromArgs(argv.slice(1));
    if (path) actions.openRecent(path);
  });
  app.on('activate', () => {
    if (!win) openWindow();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  // Close the project (flushing the WAL) and stop the workers before the process ends.
  let closed = false;
  app.on('will-quit', (event) => {
    if (closed) return;
    event.preventDefault();
    void core.close().finally(() => {
      closed = true;
      app.quit();
    });
  });
}
