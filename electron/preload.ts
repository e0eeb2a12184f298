// Sandboxed preload (dist/preload.cjs): only 'electron' may be required here, everything else is
// bundled in by esbuild. Exposes exactly window.slicewise; never ipcRenderer itself.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { ProgressEvent } from '../shared/api';
import type { DispatchResult } from './core/dispatch';
import { IPC, type MenuCommand } from './security';

export interface SlicewiseElectronApi {
  transport: 'electron';
  send(method: string, payload: unknown): Promise<DispatchResult>;
  onProgress(cb: (e: ProgressEvent) => void): () => void;
  onMenu(cb: (command: MenuCommand) => void): () => void;
  pickFiles(): Promise<{ ref: string; name: string }[]>;
  pickSaveFile(defaultName: string): Promise<string | null>;
}

function subscribe<T>(channel: string, cb: (value: T) => void): () => void {
  if (typeof cb !== 'function') throw new TypeError('callback must be a function');
  // Only the value crosses to the page, never the IpcRendererEvent (it holds `sender`).
  const listener = (_e: IpcRendererEvent, value: T) => cb(value);
  ipcRenderer.on(channel, listener);
  return () => {
    ipcRenderer.removeListener(channel, listener);
  };
}

const api: SlicewiseElectronApi = {
  transport: 'electron',
  send: (method, payload) => ipcRenderer.invoke(IPC.call, method, payload) as Promise<DispatchResult>,
  onProgress: (cb) => subscribe<ProgressEvent>(IPC.progress, cb),
  onMenu: (cb) => subscribe<MenuCommand>(IPC.menu, cb),
  pickFiles: () => ipcRenderer.invoke(IPC.openFiles) as Promise<{ ref: string; name: string }[]>,
  pickSaveFile: (defaultName) => ipcRenderer.invoke(IPC.saveFile, defaultName) as Promise<string | null>,
};

contextBridge.exposeInMainWorld('slicewise', api);
