// Runs the built main process (dist/main.cjs) in plain Node against a fake 'electron' module
// that records what main.ts does: the shell's wiring is exercised for real (protocol handler,
// navigation guards, permission handlers, IPC through CoreHost to the real core worker) without
// Electron's binary.
import fs from 'node:fs';
import Module from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../electron/security';
import { bundle, testBuildDir } from './fixtures/build';

type Fn = (...args: any[]) => any;

interface Recorded {
  privileged: any[];
  protocolHandlers: Map<string, Fn>;
  appHandlers: Map<string, Fn[]>;
  ipc: Map<string, Fn>;
  windows: FakeWindow[];
  permissionRequest?: Fn;
  permissionCheck?: Fn;
  devicePermission?: Fn;
  beforeRequest?: { filter: { urls: string[] }; fn: Fn };
  headersReceived?: Fn;
  menu?: any[];
  quitCalls: number;
  saveDialogs: any[];
}

class FakeWebContents {
  handlers = new Map<string, Fn[]>();
  sent: [string, unknown][] = [];
  windowOpenHandler?: Fn;
  on(ev: string, fn: Fn) {
    this.handlers.set(ev, [...(this.handlers.get(ev) ?? []), fn]);
    return this;
  }
  setWindowOpenHandler(fn: Fn) {
    this.windowOpenHandler = fn;
  }
  send(channel: string, value: unknown) {
    this.sent.push([channel, value]);
  }
}

class FakeWindow {
  static rec: Recorded;
  webContents = new FakeWebContents();
  url = '';
  constructor(readonly options: any) {
    FakeWindow.rec.windows.push(this);
  }
  once() {
    return this;
  }
  on() {
    return this;
  }
  async loadURL(url: string) {
    this.url = url;
  }
  static getAllWindows() {
    return FakeWindow.rec.windows;
  }
}

function fakeElectron(rec: Recorded) {
  FakeWindow.rec = rec;
  const appOn = (ev: string, fn: Fn) => {
    rec.appHandlers.set(ev, [...(rec.appHandlers.get(ev) ?? []), fn]);
  };
  return {
    app: {
      isPackaged: false,
      on: appOn,
      once: appOn,
      whenReady: () => Promise.resolve(),
      requestSingleInstanceLock: () => true,
      quit: () => {
        rec.quitCalls++;
      },
      exit: () => undefined,
      getPath: () => os.tmpdir(),
      getVersion: () => '0.0.0-test',
    },
    BrowserWindow: FakeWindow,
    dialog: {
      showOpenDialog: async () => ({ canceled: true, filePaths: [] }),
      showSaveDialog: async (...args: any[]) => {
        rec.saveDialogs.push(args.at(-1));
        return { canceled: true };
      },
      showMessageBox: async () => ({}),
      showErrorBox: () => undefined,
    },
    ipcMain: { handle: (channel: string, fn: Fn) => rec.ipc.set(channel, fn), on: () => undefined },
    Menu: { buildFromTemplate: (t: any[]) => t, setApplicationMenu: (m: any[]) => (rec.menu = m) },
    protocol: {
      registerSchemesAsPrivileged: (s: any[]) => rec.privileged.push(...s),
      handle: (scheme: string, fn: Fn) => rec.protocolHandlers.set(scheme, fn),
    },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (fn: Fn) => (rec.permissionRequest = fn),
        setPermissionCheckHandler: (fn: Fn) => (rec.permissionCheck = fn),
        setDevicePermissionHandler: (fn: Fn) => (rec.devicePermission = fn),
        webRequest: {
          onBeforeRequest: (filter: { urls: string[] }, fn: Fn) => (rec.beforeRequest = { filter, fn }),
          onHeadersReceived: (fn: Fn) => (rec.headersReceived = fn),
        },
      },
    },
  };
}

let dir: string;
let db: string;
const rec: Recorded = { privileged: [], protocolHandlers: new Map(), appHandlers: new Map(), ipc: new Map(), windows: [], quitCalls: 0, saveDialogs: [] };
let restoreLoad: () => void;
let savedDb: string | undefined;

beforeAll(async () => {
  dir = testBuildDir('main');
  const dist = path.join(dir, 'dist');
  await bundle('electron/main.ts', path.join(dist, 'main.cjs'));
  await bundle('electron/host/worker.ts', path.join(dist, 'worker.cjs'));
  fs.mkdirSync(path.join(dir, 'dist-renderer', 'assets'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'dist-renderer', 'index.html'), '<!doctype html><title>Slicewise</title>');
  fs.writeFileSync(path.join(dir, 'secret.txt'), 'TOP SECRET');
  db = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'slicewise-main-')), 'w.sqlite');
  savedDb = process.env.SLICEWISE_DB;
  process.env.SLICEWISE_DB = db;

  const fake = fakeElectron(rec);
  const M = Module as unknown as { _load: Fn };
  const original = M._load;
  M._load = function (request: string, ...rest: unknown[]) {
    if (request === 'electron') return fake;
    return original.call(this, request, ...rest);
  };
  restoreLoad = () => (M._load = original);
  Module.createRequire(__filename)(path.join(dist, 'main.cjs'));
  await new Promise((r) => setTimeout(r, 50)); // whenReady().then(…)
});

afterAll(async () => {
  // will-quit closes the core cleanly, then quits.
  const willQuit = rec.appHandlers.get('will-quit')?.[0];
  if (willQuit) {
    let prevented = false;
    willQuit({ preventDefault: () => (prevented = true) });
    expect(prevented).toBe(true);
    for (let i = 0; i < 100 && rec.quitCalls === 0; i++) await new Promise((r) => setTimeout(r, 50));
  }
  restoreLoad?.();
  if (savedDb === undefined) delete process.env.SLICEWISE_DB;
  else process.env.SLICEWISE_DB = savedDb;
  fs.rmSync(dir, { recursive: true, force: true });
  fs.rmSync(path.dirname(db), { recursive: true, force: true });
});

describe('main process (fake Electron)', () => {
  it('registers app:// as a privileged standard, secure scheme before ready', () => {
    expect(rec.privileged).toEqual([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
  });

  it('opens one window on app://slicewise/ with the safe options', () => {
    expect(rec.windows).toHaveLength(1);
    const win = rec.windows[0]!;
    expect(win.url).toBe('app://slicewise/');
    expect(win.options.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, webviewTag: false });
    expect(win.options.webPreferences.preload).toBe(path.join(dir, 'dist', 'preload.cjs'));
  });

  it('serves only dist-renderer through the protocol, with the CSP', async () => {
    const handler = rec.protocolHandlers.get('app')!;
    const ok: Response = await handler(new Request('app://slicewise/'));
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(ok.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await ok.text()).toContain('<title>Slicewise</title>');
    for (const url of ['app://slicewise/%2e%2e/secret.txt', 'app://slicewise/..%2fsecret.txt', 'app://slicewise/assets/%2e%2e/%2e%2e/secret.txt']) {
      const r: Response = await handler(new Request(url));
      expect([403, 404], url).toContain(r.status);
      expect(await r.text()).not.toContain('TOP SECRET');
    }
    expect((await handler(new Request('app://other/index.html'))).status).toBe(404);
    expect((await handler(new Request('app://slicewise/', { method: 'POST', body: 'x' }))).status).toBe(405);
  });

  it('prevents navigation, redirects, webviews and new windows in every web contents', () => {
    const created = rec.appHandlers.get('web-contents-created')?.[0];
    expect(created).toBeTypeOf('function');
    const wc = new FakeWebContents();
    created!({}, wc);
    for (const ev of ['will-navigate', 'will-redirect', 'will-attach-webview']) {
      let prevented = false;
      for (const fn of wc.handlers.get(ev) ?? []) fn({ preventDefault: () => (prevented = true) }, 'https://evil.example/');
      expect(prevented, ev).toBe(true);
    }
    expect(wc.windowOpenHandler?.({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
  });

  it('denies permissions and blocks the network', () => {
    let granted: boolean | undefined;
    rec.permissionRequest!(null, 'media', (g: boolean) => (granted = g), { requestingUrl: 'app://slicewise/' });
    expect(granted).toBe(false);
    rec.permissionRequest!(null, 'clipboard-sanitized-write', (g: boolean) => (granted = g), { requestingUrl: 'https://evil.example/' });
    expect(granted).toBe(false);
    expect(rec.permissionCheck!(null, 'geolocation', 'app://slicewise')).toBe(false);
    expect(rec.devicePermission!({})).toBe(false);
    expect(rec.beforeRequest!.filter.urls).toEqual(expect.arrayContaining(['http://*/*', 'https://*/*', 'ws://*/*', 'wss://*/*', 'file://*/*']));
    let cancel: unknown;
    rec.beforeRequest!.fn({ url: 'https://example.com/' }, (r: { cancel: boolean }) => (cancel = r.cancel));
    expect(cancel).toBe(true);
    let headers: any;
    rec.headersReceived!({ responseHeaders: { 'X-A': ['1'] } }, (r: any) => (headers = r.responseHeaders));
    expect(headers['Content-Security-Policy']).toEqual([CONTENT_SECURITY_POLICY]);
  });

  it('has the File menu with Import… and Export… sent to the renderer', () => {
    const file = rec.menu!.find((m) => m.label === '&File');
    const items = file.submenu.filter((i: any) => i.label);
    expect(items.map((i: any) => [i.label, i.accelerator])).toEqual([
      ['Import…', 'CmdOrCtrl+O'],
      ['Export…', 'CmdOrCtrl+E'],
    ]);
    items[0].click();
    items[1].click();
    expect(rec.windows[0]!.webContents.sent).toEqual([
      ['menu', 'import'],
      ['menu', 'export'],
    ]);
    expect(rec.menu!.some((m) => m.role === 'help')).toBe(true);
  });

  it('IPC: refuses foreign senders and forwards app calls to the core worker', async () => {
    expect([...rec.ipc.keys()]).toEqual(['core:call', 'dialog:openFiles', 'dialog:saveFile', 'files:drop']);
    const call = rec.ipc.get('core:call')!;
    await expect(call({ senderFrame: { url: 'https://evil.example/' } }, 'workspace.overview', {})).rejects.toThrow(/IPC refused/);
    const r = await call({ senderFrame: { url: 'app://slicewise/' } }, 'workspace.overview', {});
    expect(r).toMatchObject({ ok: true, value: { dbPath: db } });
    expect(await call({ senderFrame: { url: 'app://slicewise/' } }, 'import.preview', { file: '/etc/passwd' })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(await rec.ipc.get('dialog:openFiles')!({ senderFrame: { url: 'app://slicewise/' } })).toEqual([]);
    expect(await rec.ipc.get('dialog:saveFile')!({ senderFrame: { url: 'app://slicewise/' } }, 'x.xlsx')).toBeNull();
    // The save dialog offers the kind of file asked for: a workbook, or an evidence pack.
    expect(await rec.ipc.get('dialog:saveFile')!({ senderFrame: { url: 'app://slicewise/' } }, 'x-evidence.zip')).toBeNull();
    expect(rec.saveDialogs.slice(-2).map((o) => o.filters[0].extensions)).toEqual([['xlsx'], ['zip']]);
  });

  it('IPC: grants dropped files, which the core worker can then preview', async () => {
    const appSender = { senderFrame: { url: 'app://slicewise/' } };
    const drop = rec.ipc.get('files:drop')!;
    const usage = path.join(dir, 'usage 2021-03.csv');
    fs.copyFileSync(path.join(__dirname, '..', '..', 'resources', 'sample', 'usage-2021-03.csv'), usage);
    await expect(drop({ senderFrame: { url: 'https://evil.example/' } }, [usage])).rejects.toThrow(/IPC refused/);
    await expect(drop(appSender, [path.join(dir, 'dist')])).rejects.toThrow(/is a folder/);
    await expect(drop(appSender, ['secret.txt'])).rejects.toThrow(/not absolute/);
    await expect(drop(appSender, usage)).rejects.toThrow(/list of paths/);
    const dropped = await drop(appSender, [usage]);
    expect(dropped).toEqual([{ ref: expect.stringMatching(/^in_[A-Za-z0-9_-]{24}$/), name: 'usage 2021-03.csv' }]);
    const call = rec.ipc.get('core:call')!;
    expect(await call(appSender, 'import.preview', { file: dropped[0].ref })).toMatchObject({
      ok: true,
      value: { fileName: 'usage 2021-03.csv', format: 'usage-csv' },
    });
  });
});
