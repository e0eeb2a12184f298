// CoreHost: runs the core (better-sqlite3, imports, rating, exports) off the caller's event loop.
// Default: a worker_threads Worker on dist/worker.cjs. Option `nodeExecutable`: a forked plain
// Node process instead — used by `npm start` under Electron in development, where
// better-sqlite3 is built for Node's ABI, not Electron's (the packaged app rebuilds it).
import { fork, type ChildProcess } from 'node:child_process';
import { Worker } from 'node:worker_threads';
import type { ProgressEvent } from '../../shared/contract/api';
import type { FileGrants } from '../core/api/context';
import type { DispatchResult } from '../core/api/dispatch';
import type { FromWorker, ToWorker } from './messages';

export type { DispatchResult } from '../core/api/dispatch';
export type { FileGrants } from '../core/api/context';

export interface CoreHostOptions {
  /** Run the core in a child process of this Node executable instead of a worker thread. */
  nodeExecutable?: string;
}

interface Channel {
  send(msg: ToWorker): void;
  kill(): void;
  onMessage(cb: (msg: FromWorker) => void): void;
  onExit(cb: (reason: string) => void): void;
}

function threadChannel(workerFile: string): Channel {
  const w = new Worker(workerFile, { name: 'slicewise-core' });
  let lastError = '';
  w.on('error', (err) => {
    lastError = err?.message ?? String(err);
  });
  return {
    send: (m) => w.postMessage(m),
    kill: () => void w.terminate(),
    onMessage: (cb) => w.on('message', cb),
    onExit: (cb) => w.on('exit', (code) => cb(lastError || `exit code ${code}`)),
  };
}

function processChannel(workerFile: string, nodeExecutable: string): Channel {
  const env = { ...process.env };
  delete env.ELECTRON_RUN_AS_NODE;
  const child: ChildProcess = fork(workerFile, [], {
    execPath: nodeExecutable,
    serialization: 'advanced',
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    env,
  });
  let exited = false;
  return {
    send: (m) => {
      if (!exited && child.connected) child.send(m);
    },
    kill: () => void child.kill(),
    onMessage: (cb) => child.on('message', (m) => cb(m as FromWorker)),
    onExit: (cb) => {
      child.on('error', (err) => {
        if (!exited) {
          exited = true;
          cb(err.message);
        }
      });
      child.on('exit', (code, signal) => {
        if (!exited) {
          exited = true;
          cb(signal ? `signal ${signal}` : `exit code ${code}`);
        }
      });
    },
  };
}

export class CoreHost {
  private channel: Channel | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, (r: DispatchResult) => void>();
  private readonly listeners = new Set<(e: ProgressEvent) => void>();
  private closing: Promise<void> | null = null;
  private exited: Promise<void> = Promise.resolve();

  private constructor(
    readonly dbPath: string,
    private readonly workerFile: string,
    private readonly options: CoreHostOptions,
  ) {}

  static start(dbPath: string, workerFile: string, options: CoreHostOptions = {}): CoreHost {
    const host = new CoreHost(dbPath, workerFile, options);
    host.spawn();
    return host;
  }

  private spawn(): Channel {
    const ch = this.options.nodeExecutable ? processChannel(this.workerFile, this.options.nodeExecutable) : threadChannel(this.workerFile);
    this.channel = ch;
    let markExited!: () => void;
    this.exited = new Promise((r) => (markExited = r));
    ch.onMessage((msg) => this.receive(msg));
    ch.onExit((reason) => {
      if (this.channel === ch) this.channel = null;
      markExited();
      if (this.closing) return;
      // The core died (crash, out of memory…): fail what was in flight; the next call restarts it.
      const message = `The Slicewise core stopped unexpectedly (${reason}); try again`;
      for (const [id, resolve] of this.pending) {
        this.pending.delete(id);
        resolve({ ok: false, error: { code: 'internal', message } });
      }
    });
    ch.send({ type: 'init', dbPath: this.dbPath });
    return ch;
  }

  private receive(msg: FromWorker): void {
    switch (msg.type) {
      case 'result': {
        const resolve = this.pending.get(msg.id);
        if (resolve) {
          this.pending.delete(msg.id);
          resolve(msg.result);
        }
        return;
      }
      case 'progress':
        for (const cb of this.listeners) {
          try {
            cb(msg.event);
          } catch {
            // a listener's failure must not stop the others
          }
        }
        return;
      case 'ready':
      case 'init-failed':
        // init-failed: every call answers with the reason (see worker-runtime.ts).
        return;
    }
  }

  /** Runs one contract call in the core with the given file grants. Never rejects. */
  call(method: string, payload: unknown, grants: FileGrants): Promise<DispatchResult> {
    if (this.closing) return Promise.resolve({ ok: false, error: { code: 'internal', message: 'Slicewise is shutting down' } });
    const ch = this.channel ?? this.spawn();
    const id = this.nextId++;
    return new Promise<DispatchResult>((resolve) => {
      this.pending.set(id, resolve);
      try {
        ch.send({ type: 'call', id, method, payload, grants });
      } catch (err) {
        this.pending.delete(id);
        resolve({ ok: false, error: { code: 'invalid_request', message: `Cannot send this request: ${(err as Error).message}` } });
      }
    });
  }

  onProgress(cb: (e: ProgressEvent) => void): () => void {
    this.listeners.add(cb);
    return () => {
      this.listeners.delete(cb);
    };
  }

  /** Closes the workspace cleanly (waits for the core), killing it after `timeoutMs`. */
  close(timeoutMs = 5000): Promise<void> {
    if (this.closing) return this.closing;
    this.closing = (async () => {
      const ch = this.channel;
      if (ch) {
        ch.send({ type: 'close' });
        const timer = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), timeoutMs).unref());
        if ((await Promise.race([this.exited.then(() => 'exited' as const), timer])) === 'timeout') {
          ch.kill();
          await this.exited;
        }
      }
      this.channel = null;
      for (const [id, resolve] of this.pending) {
        this.pending.delete(id);
        resolve({ ok: false, error: { code: 'internal', message: 'Slicewise is shutting down' } });
      }
      this.listeners.clear();
    })();
    return this.closing;
  }
}
