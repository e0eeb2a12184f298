// Call contexts: how a fileRef becomes a path for each adapter.
import path from 'node:path';
import type { CallContext, ProgressEvent } from '../../../shared/contract/api';
import { ApiError } from '../../../shared/contract/errors';

export interface FileGrants {
  /** ref → absolute path of a file the user picked or uploaded. */
  inputs: Record<string, { path: string; name: string }>;
  /** ref → absolute path the user chose to save to. */
  outputs: Record<string, { path: string; name: string }>;
}

/** A grant by the table's own keys only: "__proto__" or "constructor" name no grant. */
function grantOf(table: FileGrants['inputs'], ref: string): { path: string; name: string } | undefined {
  return Object.hasOwn(table, ref) ? table[ref] : undefined;
}

/** For the desktop app and the browser bridge: only files the user granted are reachable. */
export function grantedContext(grants: FileGrants, progress: (e: ProgressEvent) => void): CallContext {
  return {
    progress,
    resolveInput(ref) {
      const g = grantOf(grants.inputs, ref);
      if (!g) throw new ApiError('forbidden', 'That file was not chosen in this session; pick it again');
      return g.path;
    },
    resolveOutput(ref) {
      const g = grantOf(grants.outputs, ref);
      if (!g) throw new ApiError('forbidden', 'That destination was not chosen in this session; choose it again');
      return g.path;
    },
    displayName(ref) {
      return grantOf(grants.inputs, ref)?.name ?? grantOf(grants.outputs, ref)?.name ?? path.basename(ref);
    },
  };
}

/** For the CLI: the user typed the paths; the actor is --actor's, else SLICEWISE_ACTOR's, else the workspace's. */
export function cliContext(progress: (e: ProgressEvent) => void, actor: string | undefined = process.env.SLICEWISE_ACTOR): CallContext {
  return {
    progress,
    ...(actor?.trim() ? { actor: actor.trim() } : {}),
    resolveInput: (ref) => path.resolve(ref),
    resolveOutput: (ref) => path.resolve(ref),
    displayName: (ref) => path.basename(ref),
  };
}
