// The menu template and its actions without Electron: the template is plain data, and the
// actions run against a fake dialog and a real Core, as the main process wires them.
import type { MenuItemConstructorOptions } from 'electron';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { createDispatcher } from '../../core/node/api/dispatch.js';
import { writeWav } from '../../core/common/formats/wav.js';
import { Core } from '../../core/node/core.js';
import { createActions, type ActionDeps } from '../../electron/actions.js';
import { menuTemplate, type MenuActions } from '../../electron/menu.js';
import { tempDir } from '../helpers/tmp.js';

const noop = () => {};
const stubActions = (): MenuActions => ({
  newProject: vi.fn(), openProject: vi.fn(), openRecent: vi.fn(), openDemo: vi.fn(), importFiles: vi.fn(),
  importFolder: vi.fn(), exportLabels: vi.fn(), showDataFolder: vi.fn(), about: vi.fn(),
});

/** Every item of a template, depth first. */
function items(template: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return template.flatMap((i) => [i, ...(Array.isArray(i.submenu) ? items(i.submenu) : [])]);
}
const byLabel = (t: MenuItemConstructorOptions[], label: string) => items(t).find((i) => i.label === label);
const roles = (t: MenuItemConstructorOptions[]) => items(t).map((i) => i.role).filter(Boolean);

describe('menuTemplate', () => {
  const linux = (dev: boolean, recent: string[] = []) => menuTemplate({ platform: 'linux', dev, appName: 'Seislabel', recent, actions: stubActions() });

  it('has File, Edit, View and Help with the usual accelerators', () => {
    const t = linux(false);
    expect(t.map((m) => m.label ?? m.role)).toEqual(['&File', '&Edit', '&View', 'help']);
    expect(byLabel(t, 'New Project…')?.accelerator).toBe('CmdOrCtrl+N');
    expect(byLabel(t, 'Open Project…')?.accelerator).toBe('CmdOrCtrl+O');
    expect(byLabel(t, 'Import Files…')?.accelerator).toBe('CmdOrCtrl+I');
    expect(byLabel(t, 'Export Labels as CSV…')?.accelerator).toBe('CmdOrCtrl+E');
    expect(items(t).find((i) => i.role === 'quit')?.accelerator).toBe('Ctrl+Q');
    expect(roles(t)).toEqual(expect.arrayContaining(['editMenu', 'resetZoom', 'zoomIn', 'zoomOut', 'togglefullscreen']));
  });

  it('offers reload and developer tools only when not packaged', () => {
    expect(roles(linux(true))).toEqual(expect.arrayContaining(['reload', 'forceReload', 'toggleDevTools']));
    for (const role of ['reload', 'forceReload', 'toggleDevTools']) expect(roles(linux(false))).not.toContain(role);
  });

  it('lists recent projects and opens the one clicked', () => {
    const actions = stubActions();
    const t = menuTemplate({ platform: 'linux', dev: false, appName: 'Seislabel', recent: ['/d/a.seislabel', '/d/b.seislabel'], actions });
    const recent = byLabel(t, 'Open Recent')!.submenu as MenuItemConstructorOptions[];
    expect(recent.map((i) => i.label)).toEqual(['/d/a.seislabel', '/d/b.seislabel']);
    (recent[1]!.click as () => void)();
    expect(actions.openRecent).toHaveBeenCalledWith('/d/b.seislabel');
    expect((byLabel(linux(false), 'Open Recent')!.submenu as MenuItemConstructorOptions[])[0]).toMatchObject({ enabled: false });
  });

  it('follows macOS conventions: app menu with quit, Window menu, Close in File', () => {
    const t = menuTemplate({ platform: 'darwin', dev: false, appName: 'Seislabel', recent: [], actions: stubActions() });
    expect(t[0]).toMatchObject({ label: 'Seislabel', role: 'appMenu' });
    expect(roles(t)).toContain('windowMenu');
    expect(roles(t)).not.toContain('quit');
    expect((t[1]!.submenu as MenuItemConstructorOptions[]).at(-1)).toEqual({ role: 'close' });
  });
});

describe('menu actions', () => {
  const home = tempDir('seislabel-actions-');
  const core = new Core({ homeDir: home });
  afterAll(() => core.close());
  const events: [string, unknown][] = [];
  core.subscribe((e, p) => events.push([e, p]));

  const dialog = { showOpenDialog: vi.fn(), showSaveDialog: vi.fn(), showMessageBox: vi.fn(async () => ({ response: 0, checkboxChecked: false })) };
  const onProjectOpened = vi.fn();
  const actions = createActions({
    core, dispatch: createDispatcher(core), dialog: dialog as unknown as ActionDeps['dialog'], shell: { openPath: vi.fn(async () => '') },
    window: () => null, appName: 'Seislabel', version: '0.1.0', onProjectOpened,
  });
  const lastMessage = () => dialog.showMessageBox.mock.calls.at(-1) as unknown as [{ type: string; detail?: string; message: string }] | undefined;

  it('New Project creates the file chosen in the save dialog, with the default classes, and tells the renderer', async () => {
    dialog.showSaveDialog.mockResolvedValueOnce({ canceled: false, filePath: join(home, 'survey') });
    actions.newProject();
    await vi.waitFor(() => expect(onProjectOpened).toHaveBeenCalledTimes(1));
    const path = join(home, 'survey.seislabel');
    expect(existsSync(path)).toBe(true);
    expect(core.project?.path).toBe(path);
    expect(core.project?.listClasses().map((c) => c.name)).toEqual(['earthquake', 'tremor', 'noise', 'none of the above']);
    expect(events).toContainEqual(['project.changed', { path }]);
  });

  it('does nothing when a dialog is cancelled', async () => {
    dialog.showOpenDialog.mockResolvedValueOnce({ canceled: true, filePaths: [] });
    const before = core.project?.path;
    actions.openProject();
    await vi.waitFor(() => expect(dialog.showOpenDialog).toHaveBeenCalled());
    await new Promise((r) => setTimeout(r, 20));
    expect(core.project?.path).toBe(before);
    expect(dialog.showMessageBox).not.toHaveBeenCalled();
  });

  it('shows the core’s message when a file is not a project, and keeps the open project', async () => {
    const bogus = join(home, 'notes.seislabel');
    writeFileSync(bogus, 'these are not the droids');
    const before = core.project?.path;
    dialog.showOpenDialog.mockResolvedValueOnce({ canceled: false, filePaths: [bogus] });
    actions.openProject();
    await vi.waitFor(() => expect(dialog.showMessageBox).toHaveBeenCalled());
    expect(lastMessage()![0]).toMatchObject({ type: 'error', message: 'Could not open the project' });
    expect(lastMessage()![0].detail).toContain('notes.seislabel');
    expect(core.project?.path).toBe(before);
  });

  it('Import Files starts an import task of the chosen files, reported as task events', async () => {
    const file = join(home, 'STA1.wav');
    writeFileSync(file, writeWav([Float32Array.from({ length: 6000 }, (_, i) => Math.sin(i / 5))], 100));
    dialog.showOpenDialog.mockResolvedValueOnce({ canceled: false, filePaths: [file] });
    actions.importFiles();
    await vi.waitFor(() => expect(events.some(([e]) => e === 'task.progress')).toBe(true));
    const [, task] = events.find(([e]) => e === 'task.progress')! as [string, { kind: string; id: string }];
    const done = await core.tasks.wait(task.id);
    expect(done).toMatchObject({ status: 'done', errors: [] });
    // 60 s in 30 s windows every 15 s.
    expect(events).toContainEqual(['windows.changed', { total: 3 }]);
  });

  it('Export Labels writes the CSV to the chosen path', async () => {
    const out = join(home, 'labels.csv');
    dialog.showSaveDialog.mockResolvedValueOnce({ canceled: false, filePath: out });
    actions.exportLabels();
    await vi.waitFor(() => expect(existsSync(out)).toBe(true));
    expect(readFileSync(out, 'utf8').split('\n')[0]).toMatch(/^window_id,label,annotator/);
    await vi.waitFor(() => expect(lastMessage()![0]).toMatchObject({ type: 'info', message: `Wrote 0 label(s) to ${out}` }));
  });

  it('refuses to import without an open project', async () => {
    const bare = new Core({ homeDir: tempDir('seislabel-actions-') });
    const box = vi.fn(async () => ({ response: 0, checkboxChecked: false }));
    const open = vi.fn();
    const acts = createActions({
      core: bare, dispatch: createDispatcher(bare), dialog: { showOpenDialog: open, showSaveDialog: vi.fn(), showMessageBox: box } as unknown as ActionDeps['dialog'],
      shell: { openPath: vi.fn() }, window: () => null, appName: 'Seislabel', version: '0', onProjectOpened: noop,
    });
    acts.importFiles();
    await vi.waitFor(() => expect(box).toHaveBeenCalled());
    expect(open).not.toHaveBeenCalled();
    await bare.close();
  });
});
