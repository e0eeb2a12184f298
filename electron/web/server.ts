// Browser bridge (dist/web.cjs): the same renderer and the same core, over HTTP on 127.0.0.1.
// For machines where Electron's binary is not installed. node:http only; protocol documented in
// docs/architecture.md ("Transports"). Every /api request needs the per-run token.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { ApiErrorShape, ProgressEvent } from '../../shared/contract/api';
import type { FileGrants } from '../core/api/context';
import type { DispatchResult } from '../core/api/dispatch';
import { CoreHost } from '../host/client';
import { newGrantRef } from '../host/ipc';
import { SECURITY_HEADERS, safeFileName } from '../security';
import { contentTypeFor, lookupStatic } from './static';

export interface WebServerOptions {
  dbPath: string;
  /** 0 (default) picks a free port. */
  port?: number;
  /** The built renderer (dist-renderer). */
  rendererDir: string;
  /** dist/worker.cjs by default (next to this bundle). */
  workerFile?: string;
  maxJsonBytes?: number;
  maxUploadBytes?: number;
}

export interface WebServer {
  /** http://127.0.0.1:PORT/ */
  url: string;
  /** The URL to open: url + '#token=' + token. */
  openUrl: string;
  token: string;
  port: number;
  /** Per-run directory holding uploads and exports (deleted on close). */
  tempDir: string;
  close(): Promise<void>;
}

export const TOKEN_HEADER = 'x-slicewise-token';
const MAX_JSON_BYTES = 10 * 1024 * 1024;
const MAX_UPLOAD_BYTES = 2 * 1024 * 1024 * 1024;
/** A refused request's body is read and dropped up to this size (so the client sees the answer), then the connection is cut. */
const MAX_DISCARD_BYTES = 16 * 1024 * 1024;

function discardBody(req: http.IncomingMessage): void {
  if (req.complete || req.destroyed) return;
  let dropped = 0;
  req.on('data', (chunk: Buffer) => {
    dropped += chunk.length;
    if (dropped > MAX_DISCARD_BYTES) req.destroy();
  });
  req.on('error', () => undefined);
  req.resume();
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: ApiErrorShape['code'],
    message: string,
  ) {
    super(message);
  }
}

const STATUS_BY_CODE: Record<ApiErrorShape['code'], number> = {
  invalid_request: 400,
  forbidden: 403,
  not_found: 404,
  import_error: 422,
  rating_error: 422,
  period_closed: 409,
  internal: 500,
};

export function statusForResult(result: DispatchResult): number {
  return result.ok ? 200 : (STATUS_BY_CODE[result.error.code] ?? 500);
}

function digest(s: string): Buffer {
  return createHash('sha256').update(s, 'utf8').digest();
}

/** Constant-time token comparison (hashing first so lengths never leak). */
export function tokenMatches(expected: string, given: unknown): boolean {
  if (typeof given !== 'string' || given.length === 0 || given.length > 1024) return false;
  return timingSafeEqual(digest(expected), digest(given));
}

function defaultWorkerFile(): string {
  return path.join(typeof __dirname === 'string' ? __dirname : process.cwd(), 'worker.cjs');
}

export async function startWebServer(opts: WebServerOptions): Promise<WebServer> {
  const maxJson = opts.maxJsonBytes ?? MAX_JSON_BYTES;
  const maxUpload = opts.maxUploadBytes ?? MAX_UPLOAD_BYTES;
  const rendererDir = path.resolve(opts.rendererDir);
  const token = randomBytes(32).toString('hex');
  const tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'slicewise-web-'));
  fs.chmodSync(tempDir, 0o700);
  const uploadsDir = path.join(tempDir, 'uploads');
  const downloadsDir = path.join(tempDir, 'downloads');
  fs.mkdirSync(uploadsDir, { mode: 0o700 });
  fs.mkdirSync(downloadsDir, { mode: 0o700 });

  const grants: FileGrants = { inputs: {}, outputs: {} };
  const host = CoreHost.start(opts.dbPath, opts.workerFile ?? defaultWorkerFile());
  const sseClients = new Set<http.ServerResponse>();
  let allowedHosts = new Set<string>();
  let allowedOrigins = new Set<string>();

  const unsubscribe = host.onProgress((e: ProgressEvent) => {
    const frame = `data: ${JSON.stringify(e)}\n\n`;
    for (const res of sseClients) res.write(frame);
  });

  function baseHeaders(extra: Record<string, string | number> = {}): Record<string, string | number> {
    return { ...SECURITY_HEADERS, ...extra };
  }

  function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
    const text = JSON.stringify(body);
    res.writeHead(
      status,
      baseHeaders({ 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text), 'Cache-Control': 'no-store' }),
    );
    res.end(text);
  }

  function sendError(res: http.ServerResponse, err: HttpError): void {
    if (err.status === 413) res.setHeader('Connection', 'close');
    sendJson(res, err.status, { ok: false, error: { code: err.code, message: err.message } });
  }

  function checkToken(req: http.IncomingMessage, url: URL, allowQuery: boolean): void {
    const header = req.headers[TOKEN_HEADER];
    const given = typeof header === 'string' ? header : allowQuery ? url.searchParams.get('token') : null;
    if (!tokenMatches(token, given)) throw new HttpError(403, 'forbidden', 'Missing or wrong Slicewise token');
  }

  function readJson(req: http.IncomingMessage): Promise<unknown> {
    const type = req.headers['content-type'] ?? '';
    if (!/^application\/json\b/i.test(type)) return Promise.reject(new HttpError(415, 'invalid_request', 'Content-Type must be application/json'));
    const declared = Number(req.headers['content-length'] ?? NaN);
    if (Number.isFinite(declared) && declared > maxJson)
      return Promise.reject(new HttpError(413, 'invalid_request', `Request body larger than ${maxJson} bytes`));
    return new Promise((resolve, reject) => {
      const chunks: Buffer[] = [];
      let size = 0;
      let failed = false;
      req.on('data', (chunk: Buffer) => {
        if (failed) return;
        size += chunk.length;
        if (size > maxJson) {
          failed = true;
          reject(new HttpError(413, 'invalid_request', `Request body larger than ${maxJson} bytes`));
          return;
        }
        chunks.push(chunk);
      });
      req.on('end', () => {
        if (failed) return;
        const text = Buffer.concat(chunks).toString('utf8');
        if (text.trim() === '') return resolve({});
        try {
          resolve(JSON.parse(text));
        } catch {
          reject(new HttpError(400, 'invalid_request', 'Request body is not valid JSON'));
        }
      });
      req.on('error', (err) => {
        if (!failed) reject(new HttpError(400, 'invalid_request', err.message));
      });
    });
  }

  async function handleCall(req: http.IncomingMessage, res: http.ServerResponse, method: string): Promise<void> {
    const payload = await readJson(req);
    if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
      throw new HttpError(400, 'invalid_request', 'Request body must be a JSON object');
    }
    const result = await host.call(method, payload, grants);
    sendJson(res, statusForResult(result), result);
  }

  async function handleUpload(req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<void> {
    const name = safeFileName(url.searchParams.get('name') ?? '', 'upload');
    const declared = Number(req.headers['content-length'] ?? NaN);
    if (Number.isFinite(declared) && declared > maxUpload) throw new HttpError(413, 'invalid_request', `File larger than ${maxUpload} bytes`);
    const ref = newGrantRef('in');
    const dir = path.join(uploadsDir, ref);
    fs.mkdirSync(dir, { mode: 0o700 });
    const file = path.join(dir, name);
    let size = 0;
    try {
      await new Promise<void>((resolve, reject) => {
        const out = fs.createWriteStream(file, { flags: 'wx', mode: 0o600 });
        let failed = false;
        const fail = (err: HttpError) => {
          if (failed) return;
          failed = true;
          req.unpipe(out);
          out.destroy();
          reject(err);
        };
        req.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > maxUpload) fail(new HttpError(413, 'invalid_request', `File larger than ${maxUpload} bytes`));
        });
        req.on('aborted', () => fail(new HttpError(400, 'invalid_request', 'Upload aborted')));
        req.on('error', (err) => fail(new HttpError(400, 'invalid_request', `Upload failed: ${err.message}`)));
        out.on('error', (err) => fail(new HttpError(500, 'internal', `Cannot store the upload: ${err.message}`)));
        out.on('finish', () => {
          if (!failed) resolve();
        });
        req.pipe(out);
      });
    } catch (err) {
      fs.rmSync(dir, { recursive: true, force: true });
      throw err;
    }
    grants.inputs[ref] = { path: file, name };
    sendJson(res, 200, { ref, name, bytes: size });
  }

  function handleDownloadSlot(res: http.ServerResponse, url: URL): void {
    const name = safeFileName(url.searchParams.get('name') ?? '', 'export.xlsx');
    const ref = newGrantRef('out');
    const dir = path.join(downloadsDir, ref);
    fs.mkdirSync(dir, { mode: 0o700 });
    grants.outputs[ref] = { path: path.join(dir, name), name };
    sendJson(res, 200, { ref, name });
  }

  async function handleDownload(req: http.IncomingMessage, res: http.ServerResponse, ref: string): Promise<void> {
    const grant = Object.prototype.hasOwnProperty.call(grants.outputs, ref) ? grants.outputs[ref] : undefined;
    if (!grant) throw new HttpError(404, 'not_found', 'No such download');
    let stat: fs.Stats;
    try {
      stat = await fs.promises.stat(grant.path);
    } catch {
      throw new HttpError(404, 'not_found', 'Nothing was exported to this download yet');
    }
    const ascii = grant.name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
    res.writeHead(
      200,
      baseHeaders({
        'Content-Type': contentTypeFor(grant.path),
        'Content-Length': stat.size,
        'Content-Disposition': `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(grant.name)}`,
        'Cache-Control': 'no-store',
      }),
    );
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    await pipeline(fs.createReadStream(grant.path), res);
  }

  function handleEvents(req: http.IncomingMessage, res: http.ServerResponse): void {
    res.writeHead(200, baseHeaders({ 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-store', Connection: 'keep-alive' }));
    res.write('retry: 2000\n: connected\n\n');
    sseClients.add(res);
    const ping = setInterval(() => res.write(': ping\n\n'), 15_000);
    ping.unref();
    req.on('close', () => {
      clearInterval(ping);
      sseClients.delete(res);
    });
  }

  async function handleStatic(req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<void> {
    if (req.method !== 'GET' && req.method !== 'HEAD') throw new HttpError(405, 'invalid_request', 'Method not allowed');
    const found = lookupStatic(rendererDir, url.pathname);
    if (found.kind === 'forbidden') throw new HttpError(403, 'forbidden', 'Forbidden');
    if (found.kind === 'missing') {
      throw new HttpError(404, 'not_found', fs.existsSync(rendererDir) ? 'Not found' : 'The renderer is not built: run `npm run build`');
    }
    const stat = await fs.promises.stat(found.file);
    res.writeHead(200, baseHeaders({ 'Content-Type': contentTypeFor(found.file), 'Content-Length': stat.size, 'Cache-Control': 'no-cache' }));
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    await pipeline(fs.createReadStream(found.file), res);
  }

  async function route(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    // DNS rebinding: only our own host names.
    const hostHeader = (req.headers.host ?? '').toLowerCase();
    if (!allowedHosts.has(hostHeader)) throw new HttpError(403, 'forbidden', 'Host not allowed');
    // Cross-site requests: a present Origin must be ours; browsers' fetch metadata must not say cross-site.
    const origin = req.headers.origin;
    if (origin !== undefined && !allowedOrigins.has(origin)) throw new HttpError(403, 'forbidden', 'Origin not allowed');
    const site = req.headers['sec-fetch-site'];
    const target = req.url ?? '/';
    if (!target.startsWith('/')) throw new HttpError(400, 'invalid_request', 'Bad request target');
    const url = new URL(`http://${hostHeader}${target}`);
    if (!url.pathname.startsWith('/api/')) return handleStatic(req, res, url);
    if (site !== undefined && site !== 'same-origin' && site !== 'none') throw new HttpError(403, 'forbidden', 'Cross-site request refused');

    const parts = url.pathname.split('/'); // ['', 'api', route, arg?]
    const routeName = parts[2] ?? '';
    let arg: string | undefined;
    try {
      arg = parts.length === 4 ? decodeURIComponent(parts[3] ?? '') : undefined;
    } catch {
      throw new HttpError(400, 'invalid_request', 'Bad request path');
    }
    if (parts.length > 4) throw new HttpError(404, 'not_found', 'No such API route');

    if (routeName === 'call' && arg !== undefined) {
      if (req.method !== 'POST') throw new HttpError(405, 'invalid_request', 'Use POST');
      checkToken(req, url, false);
      return handleCall(req, res, arg);
    }
    if (routeName === 'upload' && arg === undefined) {
      if (req.method !== 'POST') throw new HttpError(405, 'invalid_request', 'Use POST');
      checkToken(req, url, false);
      return handleUpload(req, res, url);
    }
    if (routeName === 'download-slot' && arg === undefined) {
      if (req.method !== 'POST') throw new HttpError(405, 'invalid_request', 'Use POST');
      checkToken(req, url, false);
      return handleDownloadSlot(res, url);
    }
    if (routeName === 'download' && arg !== undefined) {
      if (req.method !== 'GET' && req.method !== 'HEAD') throw new HttpError(405, 'invalid_request', 'Use GET');
      checkToken(req, url, true);
      return handleDownload(req, res, arg);
    }
    if (routeName === 'events' && arg === undefined) {
      if (req.method !== 'GET') throw new HttpError(405, 'invalid_request', 'Use GET');
      checkToken(req, url, true);
      return handleEvents(req, res);
    }
    throw new HttpError(404, 'not_found', 'No such API route');
  }

  const server = http.createServer((req, res) => {
    route(req, res).catch((err: unknown) => {
      const httpErr = err instanceof HttpError ? err : new HttpError(500, 'internal', (err as Error)?.message ?? String(err));
      if (res.headersSent) {
        res.destroy();
        return;
      }
      sendError(res, httpErr);
      discardBody(req);
    });
  });
  // Large uploads may take a while; headers must still arrive promptly.
  server.requestTimeout = 60 * 60 * 1000;
  server.headersTimeout = 60 * 1000;

  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen({ port: opts.port ?? 0, host: '127.0.0.1', exclusive: true }, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (err) {
    unsubscribe();
    await host.close();
    fs.rmSync(tempDir, { recursive: true, force: true });
    throw err;
  }
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('unexpected server address');
  const port = address.port;
  allowedHosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  allowedOrigins = new Set([`http://127.0.0.1:${port}`, `http://localhost:${port}`]);
  const url = `http://127.0.0.1:${port}/`;

  let closing: Promise<void> | null = null;
  return {
    url,
    openUrl: `${url}#token=${token}`,
    token,
    port,
    tempDir,
    close() {
      closing ??= (async () => {
        unsubscribe();
        for (const res of sseClients) res.end();
        sseClients.clear();
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeIdleConnections();
          // A request still running (a large upload) does not hold the shutdown for long.
          setTimeout(() => server.closeAllConnections(), 2000).unref();
        });
        await host.close();
        fs.rmSync(tempDir, { recursive: true, force: true });
      })();
      return closing;
    },
  };
}

/** The workspace the desktop app and the CLI use (SLICEWISE_DB overrides). */
export async function resolveDbPath(): Promise<string> {
  const core = await import('../core/index');
  return core.defaultWorkspacePath();
}

/** `node dist/web.cjs [--port N]`: serve ../dist-renderer and print the URL to open. */
export async function main(argv: string[] = process.argv.slice(2)): Promise<WebServer> {
  const portIdx = argv.indexOf('--port');
  const port = portIdx >= 0 ? Number(argv[portIdx + 1]) : 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error('--port expects a number between 0 and 65535');
  const dist = typeof __dirname === 'string' ? __dirname : process.cwd();
  const server = await startWebServer({ dbPath: await resolveDbPath(), port, rendererDir: path.join(dist, '..', 'dist-renderer') });
  console.log(`Slicewise (browser mode): ${server.openUrl}`);
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    void server.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return server;
}

if (typeof require !== 'undefined' && typeof module !== 'undefined' && require.main === module) {
  main().catch((err: unknown) => {
    console.error(`slicewise web: ${(err as Error)?.message ?? String(err)}`);
    process.exit(1);
  });
}
