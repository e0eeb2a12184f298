// The browser bridge against a REAL server on 127.0.0.1, a real worker and a real SQLite file.
import ExcelJS from 'exceljs';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebServer, statusForResult, tokenMatches, type WebServer } from '../../electron/web/server';
import { CONTENT_SECURITY_POLICY } from '../../electron/security';
import { bundle, testBuildDir } from '../electron/fixtures/build';

let buildDir: string;
let server: WebServer;
let dbPath: string;
let rendererDir: string;
let secretOutside: string;
let base: string;

beforeAll(async () => {
  buildDir = testBuildDir('web');
  const workerFile = await bundle('electron/host/worker.ts', path.join(buildDir, 'worker.cjs'));
  base = fs.mkdtempSync(path.join(os.tmpdir(), 'slicewise-web-test-'));
  dbPath = path.join(base, 'workspace.sqlite');
  rendererDir = path.join(base, 'dist-renderer');
  fs.mkdirSync(path.join(rendererDir, 'assets'), { recursive: true });
  fs.writeFileSync(
    path.join(rendererDir, 'index.html'),
    '<!doctype html><html><head><title>Slicewise</title><script type="module" src="/assets/app.js"></script></head><body></body></html>',
  );
  fs.writeFileSync(path.join(rendererDir, 'assets', 'app.js'), 'console.log("app")');
  secretOutside = path.join(base, 'secret.txt');
  fs.writeFileSync(secretOutside, 'TOP SECRET');
  server = await startWebServer({ dbPath, port: 0, rendererDir, workerFile, maxJsonBytes: 64 * 1024, maxUploadBytes: 1024 * 1024 });
});

afterAll(async () => {
  await server?.close();
  fs.rmSync(buildDir, { recursive: true, force: true });
  fs.rmSync(base, { recursive: true, force: true });
});

interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** A raw HTTP request (no URL normalisation, any Host header). */
function raw(opts: { method?: string; path: string; headers?: Record<string, string>; body?: string | Buffer; host?: string }): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: opts.host ?? '127.0.0.1',
        port: server.port,
        method: opts.method ?? 'GET',
        path: opts.path,
        headers: { host: `127.0.0.1:${server.port}`, ...opts.headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(opts.body);
  });
}

const auth = () => ({ 'X-Slicewise-Token': server.token });

async function call(method: string, payload: unknown, headers: Record<string, string> = auth()): Promise<{ status: number; json: any }> {
  const res = await fetch(`${server.url}api/call/${method}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify(payload),
  });
  return { status: res.status, json: await res.json() };
}

async function upload(name: string, content: string): Promise<{ ref: string; name: string }> {
  const res = await fetch(`${server.url}api/upload?name=${encodeURIComponent(name)}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/octet-stream', ...auth() },
    body: content,
  });
  expect(res.status).toBe(200);
  return (await res.json()) as { ref: string; name: string };
}

// The sample workspace shipped in resources/sample (see its README).
const SAMPLE = path.join(__dirname, '..', '..', 'resources', 'sample');
const PERIOD = '2021-03';
const OWNER = 'orga_4c1d7e2a-8b3f-4e6d-9a21-5f0c7b9e3d14';
const CATALOG = fs.readFileSync(path.join(SAMPLE, 'catalog-2021.json'), 'utf8');
const USAGE_CSV = fs.readFileSync(path.join(SAMPLE, 'usage-2021-03.csv'), 'utf8');

describe('browser bridge: network exposure', () => {
  it('listens on 127.0.0.1 only', async () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/`);
    expect(server.openUrl).toBe(`${server.url}#token=${server.token}`);
    expect(server.token).toMatch(/^[0-9a-f]{64}$/);
    // Another loopback address of this machine: nothing listens there.
    for (const host of ['127.0.0.2', '::1']) {
      const refused = await new Promise<boolean>((resolve) => {
        const s = net.connect({ host, port: server.port });
        s.once('connect', () => {
          s.destroy();
          resolve(false);
        });
        s.once('error', () => resolve(true));
      });
      expect(refused, host).toBe(true);
    }
  });

  it('makes a new token for every run', async () => {
    const other = await startWebServer({ dbPath: path.join(path.dirname(dbPath), 'other.sqlite'), rendererDir, workerFile: path.join(buildDir, 'worker.cjs') });
    try {
      expect(other.token).not.toBe(server.token);
      expect(other.port).not.toBe(server.port);
    } finally {
      await other.close();
    }
    expect(fs.existsSync(other.tempDir)).toBe(false);
  });
});

describe('browser bridge: API access control', () => {
  it('answers with the token', async () => {
    const r = await call('workspace.overview', {});
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ ok: true, value: { dbPath } });
    expect(fs.existsSync(dbPath)).toBe(true);
  });

  it('refuses no token, a wrong token and a token in the query string of a call', async () => {
    expect((await call('workspace.overview', {}, {})).status).toBe(403);
    expect((await call('workspace.overview', {}, { 'X-Slicewise-Token': '0'.repeat(64) })).status).toBe(403);
    expect((await call('workspace.overview', {}, { 'X-Slicewise-Token': server.token.slice(0, 63) })).status).toBe(403);
    const q = await fetch(`${server.url}api/call/workspace.overview?token=${server.token}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{}',
    });
    expect(q.status).toBe(403);
    const r = await call('workspace.overview', {}, {});
    expect(r.json).toEqual({ ok: false, error: { code: 'forbidden', message: 'Missing or wrong Slicewise token' } });
  });

  it('refuses a foreign Origin, a cross-site fetch and a foreign Host (DNS rebinding), even with the token', async () => {
    const body = '{}';
    const base = { method: 'POST', path: '/api/call/workspace.overview', body, headers: { 'Content-Type': 'application/json', ...auth() } };
    expect((await raw({ ...base, headers: { ...base.headers, Origin: 'https://evil.example' } })).status).toBe(403);
    expect((await raw({ ...base, headers: { ...base.headers, Origin: 'null' } })).status).toBe(403);
    expect((await raw({ ...base, headers: { ...base.headers, Origin: `http://127.0.0.1:${server.port + 1}` } })).status).toBe(403);
    expect((await raw({ ...base, headers: { ...base.headers, 'Sec-Fetch-Site': 'cross-site' } })).status).toBe(403);
    expect((await raw({ ...base, headers: { ...base.headers, host: `evil.example:${server.port}` } })).status).toBe(403);
    expect((await raw({ ...base, headers: { ...base.headers, host: '127.0.0.1' } })).status).toBe(403);
    expect((await raw({ path: '/', headers: { host: `rebind.evil.example:${server.port}` } })).status).toBe(403);
    // Our own origin and host names are fine.
    expect((await raw({ ...base, headers: { ...base.headers, Origin: `http://127.0.0.1:${server.port}` } })).status).toBe(200);
    expect((await raw({ ...base, headers: { ...base.headers, host: `localhost:${server.port}`, Origin: `http://localhost:${server.port}` } })).status).toBe(
      200,
    );
    expect((await raw({ ...base, headers: { ...base.headers, 'Sec-Fetch-Site': 'same-origin' } })).status).toBe(200);
  });

  it('validates requests: JSON only, size limit, known methods, contract schemas', async () => {
    const form = await raw({
      method: 'POST',
      path: '/api/call/workspace.overview',
      body: 'a=1',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...auth() },
    });
    expect(form.status).toBe(415);
    const big = await raw({
      method: 'POST',
      path: '/api/call/workspace.overview',
      body: JSON.stringify({ x: 'y'.repeat(70 * 1024) }),
      headers: { 'Content-Type': 'application/json', ...auth() },
    });
    expect(big.status).toBe(413);
    const bad = await raw({ method: 'POST', path: '/api/call/workspace.overview', body: '{nope', headers: { 'Content-Type': 'application/json', ...auth() } });
    expect(bad.status).toBe(400);
    expect((await call('no.such.method', {})).json).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    const invalid = await call('rate.run', { period: 'March' });
    expect(invalid.status).toBe(400);
    expect(invalid.json).toMatchObject({ ok: false, error: { code: 'invalid_request', message: expect.stringContaining('period') } });
    expect((await raw({ method: 'GET', path: '/api/call/workspace.overview', headers: auth() })).status).toBe(405);
    expect((await raw({ method: 'POST', path: '/api/nothing', headers: auth() })).status).toBe(404);
  });

  it('maps error codes to HTTP statuses', () => {
    expect(statusForResult({ ok: true, value: 1 })).toBe(200);
    expect(statusForResult({ ok: false, error: { code: 'forbidden', message: '' } })).toBe(403);
    expect(statusForResult({ ok: false, error: { code: 'not_found', message: '' } })).toBe(404);
    expect(statusForResult({ ok: false, error: { code: 'import_error', message: '' } })).toBe(422);
    expect(statusForResult({ ok: false, error: { code: 'internal', message: '' } })).toBe(500);
    expect(tokenMatches('abc', 'abc')).toBe(true);
    expect(tokenMatches('abc', 'abd')).toBe(false);
    expect(tokenMatches('abc', undefined)).toBe(false);
    expect(tokenMatches('abc', '')).toBe(false);
  });
});

describe('browser bridge: files', () => {
  it('uploads a file, then previews it by ref', async () => {
    const up = await upload('March usage.csv', USAGE_CSV);
    expect(up.name).toBe('March usage.csv');
    expect(up.ref).toMatch(/^in_/);
    const r = await call('import.preview', { file: up.ref });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ ok: true, value: { fileName: 'March usage.csv', format: 'usage-csv' } });
    expect(r.json.value.columns).toEqual(expect.arrayContaining(['owner_id', 'item_type', 'consumption_start']));
  });

  it('refuses a path that was not granted: a raw path, another run’s ref', async () => {
    for (const file of ['/etc/passwd', secretOutside, 'in_notarealref']) {
      const r = await call('import.preview', { file });
      expect(r.status, file).toBe(403);
      expect(r.json).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    const out = await call('export.workbook', { period: PERIOD, ownerId: OWNER, out: '/tmp/evil.xlsx' });
    expect(out.json).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(fs.existsSync('/tmp/evil.xlsx')).toBe(false);
  });

  it('keeps uploaded names harmless and refuses uploads without the token or over the limit', async () => {
    const up = await upload('../../../../etc/cron.d/evil', 'x');
    expect(up.name).toBe('evil');
    const grantDir = path.join(server.tempDir, 'uploads', up.ref);
    expect(fs.readdirSync(grantDir)).toEqual(['evil']);
    const noToken = await raw({ method: 'POST', path: '/api/upload?name=a.csv', body: 'x' });
    expect(noToken.status).toBe(403);
    const tooBig = await raw({ method: 'POST', path: '/api/upload?name=big.csv', body: Buffer.alloc(1024 * 1024 + 1), headers: auth() });
    expect(tooBig.status).toBe(413);
    // Without a Content-Length the limit is enforced while streaming.
    const chunked = await raw({
      method: 'POST',
      path: '/api/upload?name=big.csv',
      body: Buffer.alloc(1024 * 1024 + 1),
      headers: { ...auth(), 'Transfer-Encoding': 'chunked' },
    });
    expect(chunked.status).toBe(413);
    expect(JSON.parse(chunked.body.toString())).toMatchObject({ ok: false, error: { code: 'invalid_request', message: expect.stringMatching(/larger than/) } });
    const uploads = fs.readdirSync(path.join(server.tempDir, 'uploads'));
    for (const ref of uploads) expect(fs.readdirSync(path.join(server.tempDir, 'uploads', ref))).not.toContain('big.csv');
  });

  it('imports, rates, exports to a download slot and streams a real xlsx', async () => {
    const catalog = await upload('catalog.json', CATALOG);
    const usage = await upload('usage.csv', USAGE_CSV);
    // The reviewer is named first, as the app asks at first run: a write with nobody named is refused.
    expect((await call('settings.update', { actor: 'Web Tester' })).json).toMatchObject({ ok: true, value: { actor: 'Web Tester' } });
    const commit = await call('import.commit', { files: [catalog.ref, usage.ref] });
    expect(commit.json, JSON.stringify(commit.json)).toMatchObject({ ok: true });
    for (const r of commit.json.value.results) expect(r, JSON.stringify(r)).toMatchObject({ ok: true });
    const rate = await call('rate.run', { period: PERIOD });
    expect(rate.json, JSON.stringify(rate.json)).toMatchObject({ ok: true });

    const slotRes = await fetch(`${server.url}api/download-slot?name=${encodeURIComponent('Invoice März 2025-03.xlsx')}`, { method: 'POST', headers: auth() });
    expect(slotRes.status).toBe(200);
    const slot = (await slotRes.json()) as { ref: string; name: string };
    expect(slot.ref).toMatch(/^out_/);

    // Nothing there yet.
    expect((await fetch(`${server.url}api/download/${slot.ref}?token=${server.token}`)).status).toBe(404);

    const exp = await call('export.workbook', { period: PERIOD, ownerId: OWNER, out: slot.ref });
    expect(exp.json, JSON.stringify(exp.json)).toMatchObject({ ok: true, value: { lines: expect.any(Number) } });
    expect(exp.json.value.lines).toBeGreaterThan(0);

    expect((await fetch(`${server.url}api/download/${slot.ref}`)).status).toBe(403);
    expect((await fetch(`${server.url}api/download/${slot.ref}?token=nope`)).status).toBe(403);
    expect((await fetch(`${server.url}api/download/out_unknown?token=${server.token}`)).status).toBe(404);

    const dl = await fetch(`${server.url}api/download/${slot.ref}?token=${server.token}`);
    expect(dl.status).toBe(200);
    expect(dl.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(dl.headers.get('content-disposition')).toBe(`attachment; filename="Invoice M_rz 2025-03.xlsx"; filename*=UTF-8''Invoice%20M%C3%A4rz%202025-03.xlsx`);
    const bytes = Buffer.from(await dl.arrayBuffer());
    expect(bytes.subarray(0, 2).toString('latin1')).toBe('PK');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Summary', 'Lines', 'Details', 'Credits', 'Audit']);
  });
});

describe('browser bridge: progress events', () => {
  it('streams Server-Sent Events to token holders only', async () => {
    expect((await raw({ path: '/api/events' })).status).toBe(403);
    const ctrl = new AbortController();
    const res = await fetch(`${server.url}api/events?token=${server.token}`, { signal: ctrl.signal });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    const reader = res.body!.getReader();
    const first = new TextDecoder().decode((await reader.read()).value);
    expect(first).toContain(': connected');
    // Rating reports its progress (at least its last step) to every open stream.
    const rated = call('rate.run', { period: PERIOD });
    let text = '';
    while (!text.includes('"phase":"rate"')) text += new TextDecoder().decode((await reader.read()).value);
    const events = text
      .split('\n\n')
      .filter((f) => f.startsWith('data: '))
      .map((f) => JSON.parse(f.slice(6)));
    expect(events.at(-1)).toMatchObject({
      task: `rate:${PERIOD}`,
      phase: 'rate',
      label: expect.any(String),
      done: expect.any(Number),
      total: expect.any(Number),
    });
    expect((await rated).status).toBe(200);
    ctrl.abort();
  });
});

describe('browser bridge: static files', () => {
  it('serves index.html for / with the CSP and other security headers', async () => {
    const res = await fetch(server.url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(await res.text()).toContain('<title>Slicewise</title>');
    const js = await fetch(`${server.url}assets/app.js`);
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(js.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
  });

  it('refuses path traversal', async () => {
    const rel = path.relative(rendererDir, secretOutside).split(path.sep).join('/'); // ../secret.txt
    for (const p of [
      `/${rel}`,
      '/../secret.txt',
      '/%2e%2e/secret.txt',
      '/assets/..%2f..%2fsecret.txt',
      '/..%5csecret.txt',
      '/assets/%2e%2e/%2e%2e/secret.txt',
      '//etc/passwd',
      '/%2fetc%2fpasswd',
    ]) {
      const r = await raw({ path: p });
      expect([403, 404], p).toContain(r.status);
      expect(r.body.toString()).not.toContain('TOP SECRET');
      expect(r.body.toString()).not.toContain('root:');
    }
    expect((await raw({ method: 'POST', path: '/' })).status).toBe(405);
  });
});
