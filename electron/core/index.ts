// The core, opened on one workspace file: what every adapter (IPC, HTTP bridge, CLI) calls.
import os from 'node:os';
import path from 'node:path';
import type { Handlers } from '../../shared/contract/api';
import { openWorkspace, type Db } from './store/open';
import { createHandlers } from './api';
import { removeInterruptedTemps } from './export/interrupted';

export interface Core {
  handlers: Handlers;
  db: Db;
  dbPath: string;
  close(): void;
}

/** The workspace the desktop app uses; SLICEWISE_DB overrides. */
export function defaultWorkspacePath(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.SLICEWISE_DB) return path.resolve(env.SLICEWISE_DB);
  const home = os.homedir();
  const base =
    platform === 'win32'
      ? (env.APPDATA ?? path.join(home, 'AppData', 'Roaming'))
      : platform === 'darwin'
        ? path.join(home, 'Library', 'Application Support')
        : (env.XDG_DATA_HOME ?? path.join(home, '.local', 'share'));
  return path.join(base, 'Slicewise', 'workspace.sqlite');
}

export function openCore(dbPath: string = defaultWorkspacePath()): Core {
  const db = openWorkspace(dbPath);
  if (!db.memory) removeInterruptedTemps(dbPath);
  return { handlers: createHandlers(db, dbPath), db, dbPath, close: () => db.close() };
}
