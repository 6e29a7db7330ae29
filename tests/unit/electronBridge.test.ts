// The IPC bridge end to end without Electron: the preload's bridge talks through a fake
// ipcRenderer/ipcMain pair to the real main-process handler, which drives a real Core.
import { EventEmitter } from 'node:events';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { createDispatcher } from '../../core/node/api/dispatch.js';
import { inProcessTransport } from '../../core/node/api/inProcess.js';
import { Core } from '../../core/node/core.js';
import { createBridge, type BridgeIpc } from '../../electron/bridge.js';
import { APP_URL, EVENT_CHANNEL, INVOKE_CHANNEL } from '../../electron/channels.js';
import { EVENT_NAMES, METHOD_NAMES } from '../../electron/contractNames.js';
import { forwardEvents, serveContract } from '../../electron/ipcHost.js';
import { tempDir } from '../helpers/tmp.js';

type Handler = (event: { senderFrame: { url: string } | null }, ...args: unknown[]) => Promise<unknown>;

/** A fake of the two IPC ends: ipcMain.handle on one side, ipcRenderer.invoke/on on the other. */
function fakeIpc(frameUrl = APP_URL) {
  const handlers = new Map<string, Handler>();
  const wire = new EventEmitter();
  const ipcMain = {
    handle: (channel: string, h: Handler) => void handlers.set(channel, h),
    removeHandler: (channel: string) => void handlers.delete(channel),
  };
  const ipcRenderer: BridgeIpc = {
    invoke: vi.fn(async (channel: string, ...args: unknown[]) => {
      const h = handlers.get(channel);
      if (!h) throw new Error(`No handler registered for '${channel}'`);
      // Electron structured-clones arguments across processes.
      return h({ senderFrame: { url: frameUrl } }, ...structuredClone(args));
    }),
    on: (channel, l) => wire.on(channel, l),
    removeListener: (channel, l) => wire.off(channel, l),
  };
  const webContents = { destroyed: false, send: (channel: string, ...args: unknown[]) => void wire.emit(channel, {}, ...structuredClone(args)), isDestroyed() { return this.destroyed; } };
  return { handlers, ipcMain, ipcRenderer, webContents };
}

describe('preload bridge ↔ main process', () => {
  const home = tempDir('seislabel-ipc-');
  const core = new Core({ homeDir: home });
  afterAll(() => core.close());
  const ipc = fakeIpc();
  serveContract(ipc.ipcMain, createDispatcher(core));
  forwardEvents(core, () => [ipc.webContents]);
  const bridge = createBridge(ipc.ipcRenderer, METHOD_NAMES, EVENT_NAMES);

  it('carries calls to the core and answers exactly what the WebSocket/in-process transport answers', async () => {
    const path = join(home, 'a.seislabel');
    const created = await bridge.invoke('projects.create', { path, classes: [{ name: 'earthquake' }, { name: 'noise' }] });
    expect(created).toMatchObject({ ok: true, value: { path } });
    const viaBridge = await bridge.invoke('projects.info');
    const direct = await inProcessTransport(core).invoke('projects.info', {});
    expect(viaBridge).toEqual(direct);
    expect(viaBridge).toMatchObject({ ok: true, value: { windows: 0, perClass: [{ name: 'earthquake' }, { name: 'noise' }] } });
  });

  it('returns contract errors as values, not exceptions', async () => {
    expect(await bridge.invoke('projects.open', {})).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await bridge.invoke('projects.open', { path: join(home, 'missing.seislabel') })).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('refuses names outside the contract in the preload, before any IPC', async () => {
    const calls = vi.mocked(ipc.ipcRenderer.invoke).mock.calls.length;
    expect(await bridge.invoke('fs.readFile', { path: '/etc/passwd' })).toEqual({ ok: false, error: { code: 'unknown_method', message: 'unknown method "fs.readFile"' } });
    expect(await bridge.invoke('__proto__')).toMatchObject({ ok: false, error: { code: 'unknown_method' } });
    expect(vi.mocked(ipc.ipcRenderer.invoke).mock.calls.length).toBe(calls);
  });

  it('delivers core events to subscribers until they unsubscribe, and only contract events', async () => {
    const seen: [string, unknown][] = [];
    const off = bridge.on((name, payload) => seen.push([name, payload]));
    const path = join(home, 'b.seislabel');
    await bridge.invoke('projects.create', { path });
    expect(seen).toContainEqual(['project.changed', { path }]);
    ipc.webContents.send(EVENT_CHANNEL, 'shell.exec', JSON.stringify({ cmd: 'rm -rf' }));
    expect(seen.map(([n]) => n)).not.toContain('shell.exec');
    off();
    const before = seen.length;
    core.emit('windows.changed', { total: 7 });
    expect(seen.length).toBe(before);
  });

  it('does not send to a closed window', () => {
    const send = vi.spyOn(ipc.webContents, 'send');
    ipc.webContents.destroyed = true;
    core.emit('windows.changed', { total: 1 });
    expect(send).not.toHaveBeenCalled();
    ipc.webContents.destroyed = false;
  });

  it('passes only the page itself, not the IPC event object, to listeners', () => {
    const listener = vi.fn();
    const off = bridge.on(listener);
    core.emit('windows.changed', { total: 3 });
    expect(listener).toHaveBeenCalledWith('windows.changed', { total: 3 });
    expect(listener.mock.calls[0]).toHaveLength(2);
    off();
    expect(() => bridge.on('not a function' as never)).toThrow(TypeError);
  });
});

describe('main-process handler', () => {
  it('refuses calls from frames that are not the app', async () => {
    const core = new Core({ homeDir: tempDir('seislabel-ipc-') });
    const ipc = fakeIpc('https://evil.example/');
    serveContract(ipc.ipcMain, createDispatcher(core));
    const bridge = createBridge(ipc.ipcRenderer, METHOD_NAMES, EVENT_NAMES);
    await expect(bridge.invoke('projects.recent')).rejects.toThrow(/refused a call from https:\/\/evil\.example/);
    const h = ipc.handlers.get(INVOKE_CHANNEL)!;
    await expect(h({ senderFrame: null }, 'projects.recent', {})).rejects.toThrow(/refused/);
    await core.close();
  });

  it('holds calls until the start-up project is open', async () => {
    const core = new Core({ homeDir: tempDir('seislabel-ipc-') });
    const ipc = fakeIpc();
    let open!: () => void;
    const ready = new Promise<void>((r) => (open = r));
    serveContract(ipc.ipcMain, createDispatcher(core), ready);
    const bridge = createBridge(ipc.ipcRenderer, METHOD_NAMES, EVENT_NAMES);
    const answer = bridge.invoke('projects.current');
    const path = join(core.homeDir, 'startup.seislabel');
    core.createProject(path);
    open();
    expect(await answer).toMatchObject({ ok: true, value: { path } });
    const unregister = serveContract(ipc.ipcMain, createDispatcher(core));
    unregister();
    expect(ipc.handlers.has(INVOKE_CHANNEL)).toBe(false);
    await core.close();
  });
});
