// The IPC handlers' logic, free of Electron so it can be tested in plain Node.
// main.ts wires these into ipcMain.handle with real dialogs; tests use fakes.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { FileGrants } from '../core/api/context';
import type { DispatchResult } from '../core/api/dispatch';
import { checkCallArgs, checkSaveName, isTrustedSenderUrl, MAX_DROPPED_FILES } from '../security';

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

/** A refused 'files:drop' payload; the message is meant for the user. */
export class DroppedFilesError extends Error {
  override name = 'DroppedFilesError';
}

/** Longest path accepted from a drop (Windows' extended-length limit). */
const MAX_DROPPED_PATH = 32_767;

/**
 * Checks the paths of a drop before anything is granted: an array of at most MAX_DROPPED_FILES
 * absolute path strings, each an existing regular file (stat follows symlinks; no directories,
 * devices, FIFOs or sockets). All or nothing: one bad entry refuses the whole drop.
 */
async function checkDroppedPaths(paths: unknown): Promise<string[]> {
  if (!Array.isArray(paths)) throw new DroppedFilesError('The dropped files must be a list of paths');
  if (paths.length > MAX_DROPPED_FILES) {
    throw new DroppedFilesError(`Too many files dropped at once (${paths.length}); drop at most ${MAX_DROPPED_FILES} at a time`);
  }
  for (const p of paths) {
    if (typeof p !== 'string' || p.length === 0 || p.length > MAX_DROPPED_PATH || p.includes('\0')) {
      throw new DroppedFilesError('A dropped file path is not a valid path');
    }
    if (!path.isAbsolute(p)) throw new DroppedFilesError('A dropped file path is not absolute');
  }
  const checked = paths as string[];
  await Promise.all(
    checked.map(async (p) => {
      const name = `“${path.basename(p)}”`;
      let stat: fs.Stats;
      try {
        stat = await fs.promises.stat(p);
      } catch {
        throw new DroppedFilesError(`${name} cannot be read (it no longer exists, or access is denied)`);
      }
      if (stat.isDirectory()) throw new DroppedFilesError(`${name} is a folder: drop the files it contains instead`);
      if (!stat.isFile()) throw new DroppedFilesError(`${name} is not a regular file`);
    }),
  );
  return checked;
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

    /**
     * 'files:drop' (paths) → [{ref, name}]: files dropped on the window. The preload turns the
     * dropped File objects into paths (webUtils.getPathForFile); page script cannot reach this
     * channel directly. Each path must be an existing regular file; each becomes an input grant.
     */
    async dropFiles(event: IpcSender, paths: unknown): Promise<{ ref: string; name: string }[]> {
      assertTrusted(event);
      const checked = await checkDroppedPaths(paths);
      return checked.map((p) => {
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
