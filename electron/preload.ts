// Sandboxed preload (dist/preload.cjs): only 'electron' may be required here, everything else is
// bundled in by esbuild. Exposes exactly window.slicewise; never ipcRenderer itself.
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import type { ProgressEvent } from '../shared/contract/api';
import type { DispatchResult } from './core/api/dispatch';
import { IPC, ipcErrorMessage, type MenuCommand } from './security';

export interface SlicewiseElectronApi {
  transport: 'electron';
  send(method: string, payload: unknown): Promise<DispatchResult>;
  onProgress(cb: (e: ProgressEvent) => void): () => void;
  onMenu(cb: (command: MenuCommand) => void): () => void;
  pickFiles(): Promise<{ ref: string; name: string }[]>;
  pickSaveFile(defaultName: string): Promise<string | null>;
  grantDroppedFiles(files: File[]): Promise<{ ref: string; name: string }[]>;
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

/**
 * Files dropped on the page → their paths, read here in the isolated world (the page never sees
 * a path). A File built by page script is backed by no file on disk: its path is '' and it is
 * skipped, so the page can only hand over files the user actually dropped (or picked).
 */
function droppedPaths(files: unknown): string[] {
  const paths: string[] = [];
  for (const file of Array.isArray(files) ? (files as unknown[]) : []) {
    let p: string;
    try {
      p = webUtils.getPathForFile(file as File);
    } catch {
      p = ''; // not a File
    }
    if (typeof p === 'string' && p !== '') paths.push(p);
  }
  return paths;
}

const api: SlicewiseElectronApi = {
  transport: 'electron',
  send: (method, payload) => ipcRenderer.invoke(IPC.call, method, payload) as Promise<DispatchResult>,
  onProgress: (cb) => subscribe<ProgressEvent>(IPC.progress, cb),
  onMenu: (cb) => subscribe<MenuCommand>(IPC.menu, cb),
  pickFiles: () => ipcRenderer.invoke(IPC.openFiles) as Promise<{ ref: string; name: string }[]>,
  pickSaveFile: (defaultName) => ipcRenderer.invoke(IPC.saveFile, defaultName) as Promise<string | null>,
  grantDroppedFiles: async (files) => {
    const paths = droppedPaths(files);
    if (paths.length === 0) return [];
    try {
      return (await ipcRenderer.invoke(IPC.dropFiles, paths)) as { ref: string; name: string }[];
    } catch (err) {
      throw new Error(ipcErrorMessage(err), { cause: err }); // the main process's reason, meant for the user
    }
  },
};

contextBridge.exposeInMainWorld('slicewise', api);
