// The sandboxed preload: exposes `window.seislabel` and nothing else. It is bundled into one
// CommonJS file (dist/electron/preload.cjs) because a sandboxed preload can require only
// `electron`.
import { contextBridge, ipcRenderer } from 'electron';
import { createBridge } from './bridge.js';
import { EVENT_NAMES, METHOD_NAMES } from './contractNames.js';

contextBridge.exposeInMainWorld('seislabel', createBridge(ipcRenderer, METHOD_NAMES, EVENT_NAMES));
