// The core's side of the host: runs inside a worker thread (default) or, in development under
// Electron, inside a plain Node child process (see client.ts). Receives calls, runs them through
// the contract's dispatch with the caller's file grants, posts results and progress back.
import { parentPort } from 'node:worker_threads';
import type { ProgressEvent } from '../../shared/contract/api';
import { throttleProgress } from '../../shared/progress';
import { grantedContext } from '../core/api/context';
import { dispatch, type DispatchResult } from '../core/api/dispatch';
import type { CoreLike, FromWorker, OpenCore, ToWorker } from './messages';

interface Port {
  post(msg: FromWorker): void;
  onMessage(cb: (msg: ToWorker) => void): void;
  end(): void;
}

function hostPort(): Port | null {
  const pp = parentPort;
  if (pp) {
    return {
      post: (m) => pp.postMessage(m),
      onMessage: (cb) => pp.on('message', cb),
      end: () => process.exit(0),
    };
  }
  if (typeof process.send === 'function') {
    return {
      post: (m) => void process.send?.(m),
      onMessage: (cb) => process.on('message', (m) => cb(m as ToWorker)),
      end: () => {
        if (process.connected) process.disconnect();
      },
    };
  }
  return null;
}

export function runCoreWorker(openCore: OpenCore): void {
  const port = hostPort();
  if (!port) throw new Error('worker.cjs must be started by CoreHost (worker thread or forked process)');
  let core: CoreLike | null = null;
  let initError: string | null = null;
  let inFlight = 0;
  let closeRequested = false;

  const closeNow = () => {
    try {
      core?.close();
    } finally {
      core = null;
      port.end();
    }
  };

  const fail = (message: string): DispatchResult => ({ ok: false, error: { code: 'internal', message } });

  port.onMessage((msg) => {
    switch (msg.type) {
      case 'init': {
        try {
          core = openCore(msg.dbPath);
          port.post({ type: 'ready', dbPath: core.dbPath });
        } catch (err) {
          initError = `Cannot open the workspace ${msg.dbPath}: ${(err as Error)?.message ?? String(err)}`;
          port.post({ type: 'init-failed', message: initError });
        }
        return;
      }
      case 'call': {
        const { id } = msg;
        if (!core || closeRequested) {
          port.post({ type: 'result', id, result: fail(initError ?? 'The workspace is not open') });
          return;
        }
        const progress = throttleProgress((event: ProgressEvent) => port.post({ type: 'progress', id, event }));
        const ctx = grantedContext(msg.grants, progress);
        inFlight++;
        dispatch(core.handlers, msg.method, msg.payload, ctx)
          .then(
            (result) => postResult(port, id, result),
            (err: unknown) => port.post({ type: 'result', id, result: fail((err as Error)?.message ?? String(err)) }),
          )
          .finally(() => {
            inFlight--;
            if (closeRequested && inFlight === 0) closeNow();
          });
        return;
      }
      case 'close': {
        // Let calls in flight finish (an import's transaction, an export being written), then close.
        closeRequested = true;
        if (inFlight === 0) closeNow();
        return;
      }
    }
  });
}

/** Results cross a structured-clone boundary: if something un-cloneable slipped in, send its JSON form. */
function postResult(port: Port, id: number, result: DispatchResult): void {
  try {
    port.post({ type: 'result', id, result });
  } catch {
    port.post({ type: 'result', id, result: JSON.parse(JSON.stringify(result)) as DispatchResult });
  }
}
