// The IPC handlers' logic, free of Electron so it can be tested in plain Node.
// main.ts wires these into ipcMain.handle with real dialogs; tests use fakes.
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { FileGrants } from '../core/context';
import type { DispatchResult } from '../core/dispatch';
import { checkCallArgs, checkSaveName, isTrustedSenderUrl } from '../security';

/** The part of an IpcMainInvokeEvent we look at. */
export interface IpcSender {
  senderFrame?: { url: string } | null;
}

export interface IpcDeps {
  call(method: string, payload: unknown, grants: FileGrants): Promise<DispatchResult>;
  /** Shows the native open dialog; absolute paths chosen, [] when cancelled. */
  showOpenDialog(): Promise<string[]>;
  /** Shows the native save dialog; absolute path chosen, null when cancelled. */
  showSaveDialog(defaultName: string): Promise<string | null>;
  grants: FileGrants;
  newRef?: (kind: 'in' | 'out') => string;
}

export class UntrustedSenderError extends Error {
  constructor(url: string | undefined) {
    super(`IPC refused: sender ${url === undefined ? '(no frame)' : JSON.stringify(url.slice(0, 200))} is not the app`);
  }
}

export function newGrantRef(kind: 'in' | 'out'): string {
  return `${kind}_${randomBytes(18).toString('base64url')}`;
}

function assertTrusted(event: IpcSender): void {
  const url = event.senderFrame?.url;
  if (!isTrustedSenderUrl(url)) throw new UntrustedSenderError(url);
}

export function createIpcHandlers(deps: IpcDeps) {
  const newRef = deps.newRef ?? newGrantRef;
  return {
    /** 'core:call' (method, payload) → DispatchResult. */
    async call(event: IpcSender, method: unknown, payload: unknown): Promise<DispatchResult> {
      assertTrusted(event);
      const checked = checkCallArgs(method, payload);
      if (!checked.ok) return { ok: false, error: { code: 'invalid_request', message: checked.message } };
      return deps.call(checked.value.method, checked.value.payload, deps.grants);
    },

    /** 'dialog:openFiles' → [{ref, name}]; each chosen path becomes an input grant. */
    async openFiles(event: IpcSender): Promise<{ ref: string; name: string }[]> {
      assertTrusted(event);
      const paths = await deps.showOpenDialog();
      return paths
        .filter((p) => typeof p === 'string' && path.isAbsolute(p))
        .map((p) => {
          const ref = newRef('in');
          const name = path.basename(p);
          deps.grants.inputs[ref] = { path: p, name };
          return { ref, name };
        });
    },

    /** 'dialog:saveFile' (defaultName) → ref | null; the chosen path becomes an output grant. */
    async saveFile(event: IpcSender, defaultName: unknown): Promise<string | null> {
      assertTrusted(event);
      const checked = checkSaveName(defaultName);
      if (!checked.ok) throw new Error(checked.message);
      const chosen = await deps.showSaveDialog(checked.value);
      if (!chosen || !path.isAbsolute(chosen)) return null;
      const ref = newRef('out');
      deps.grants.outputs[ref] = { path: chosen, name: path.basename(chosen) };
      return ref;
    },
  };
}

export type IpcHandlers = ReturnType<typeof createIpcHandlers>;
