// Messages between CoreHost (main process / bridge) and the core worker.
import type { ProgressEvent } from '../../shared/contract/api';
import type { FileGrants } from '../core/api/context';
import type { DispatchResult } from '../core/api/dispatch';

export type ToWorker =
  { type: 'init'; dbPath: string } | { type: 'call'; id: number; method: string; payload: unknown; grants: FileGrants } | { type: 'close' };

export type FromWorker =
  | { type: 'ready'; dbPath: string }
  | { type: 'init-failed'; message: string }
  | { type: 'result'; id: number; result: DispatchResult }
  | { type: 'progress'; id: number; event: ProgressEvent };

/** What the worker needs from the core (electron/core/index.ts `openCore`). */
export interface CoreLike {
  handlers: import('../../shared/contract/api').Handlers;
  dbPath: string;
  close(): void;
}

export type OpenCore = (dbPath: string) => CoreLike;
