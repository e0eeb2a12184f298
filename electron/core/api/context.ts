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

/** For the desktop app and the browser bridge: only files the user granted are reachable. */
export function grantedContext(grants: FileGrants, progress: (e: ProgressEvent) => void): CallContext {
  return {
    progress,
    resolveInput(ref) {
      const g = grants.inputs[ref];
      if (!g) throw new ApiError('forbidden', 'That file was not chosen in this session; pick it again');
      return g.path;
    },
    resolveOutput(ref) {
      const g = grants.outputs[ref];
      if (!g) throw new ApiError('forbidden', 'That destination was not chosen in this session; choose it again');
      return g.path;
    },
    displayName(ref) {
      return grants.inputs[ref]?.name ?? grants.outputs[ref]?.name ?? path.basename(ref);
    },
  };
}

/** For the CLI: the user typed the paths. */
export function cliContext(progress: (e: ProgressEvent) => void): CallContext {
  return {
    progress,
    resolveInput: (ref) => path.resolve(ref),
    resolveOutput: (ref) => path.resolve(ref),
    displayName: (ref) => path.basename(ref),
  };
}
