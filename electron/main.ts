// Electron main process (dist/main.cjs). A thin, locked-down shell: the UI comes from
// app://slicewise/ (files of dist-renderer only), the core runs in a worker (CoreHost), and the
// renderer reaches it only through four validated IPC channels. See docs/architecture.md.
import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  Menu,
  protocol,
  session,
  type MenuItemConstructorOptions,
  type OpenDialogOptions,
  type SaveDialogOptions,
  type WebContents,
} from 'electron';
import fs from 'node:fs';
import path from 'node:path';
import type { FileGrants } from './core/api/context';
import { defaultWorkspacePath } from './core/index';
import { CoreHost } from './host/client';
import { createIpcHandlers } from './host/ipc';
import { APP_HOST, APP_ORIGIN, APP_SCHEME, APP_URL, CONTENT_SECURITY_POLICY, IPC, SECURITY_HEADERS, type MenuCommand } from './security';
import { contentTypeFor, lookupStatic } from './web/static';
import { mainWindowOptions } from './window-options';

const distDir = __dirname;
const rootDir = path.resolve(distDir, '..');
const rendererDir = path.join(rootDir, 'dist-renderer');
const workerFile = path.join(distDir, 'worker.cjs');
const iconPath = path.join(rootDir, 'resources', 'icons', 'icon.png');

// Must run before 'ready': app:// behaves like https (standard, secure origin, fetch allowed).
protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);

// One app at a time: a second launch focuses the first window instead.
const primaryInstance = app.requestSingleInstanceLock();
if (!primaryInstance) app.quit();

let mainWindow: BrowserWindow | null = null;
let host: CoreHost | null = null;
const grants: FileGrants = { inputs: {}, outputs: {} };

function textResponse(status: number, text: string): Response {
  return new Response(text, { status, headers: { 'Content-Type': 'text/plain; charset=utf-8', ...SECURITY_HEADERS } });
}

/** app://slicewise/<path> → a file of dist-renderer, never anything else. */
async function serveApp(request: Request): Promise<Response> {
  const url = new URL(request.url);
  if (url.host !== APP_HOST) return textResponse(404, 'Not found');
  if (request.method !== 'GET' && request.method !== 'HEAD') return textResponse(405, 'Method not allowed');
  const found = lookupStatic(rendererDir, url.pathname);
  if (found.kind === 'forbidden') return textResponse(403, 'Forbidden');
  if (found.kind === 'missing') {
    return textResponse(404, fs.existsSync(rendererDir) ? 'Not found' : 'The renderer is not built: run `npm run build`.');
  }
  const body = await fs.promises.readFile(found.file);
  return new Response(request.method === 'HEAD' ? null : body, {
    status: 200,
    headers: { 'Content-Type': contentTypeFor(found.file), 'Cache-Control': 'no-cache', ...SECURITY_HEADERS },
  });
}

function lockDownSession(): void {
  const ses = session.defaultSession;
  // No permission is ever granted (camera, notifications, geolocation, HID, serial…),
  // except writing to the clipboard from our own page (copy buttons).
  ses.setPermissionRequestHandler((_wc, permission, callback, details) => {
    callback(permission === 'clipboard-sanitized-write' && details.requestingUrl.startsWith(APP_URL));
  });
  ses.setPermissionCheckHandler((_wc, permission, requestingOrigin) => {
    return permission === 'clipboard-sanitized-write' && requestingOrigin === APP_ORIGIN;
  });
  ses.setDevicePermissionHandler(() => false);
  // Offline by design: no request ever leaves the machine, whatever a page tries.
  ses.webRequest.onBeforeRequest({ urls: ['http://*/*', 'https://*/*', 'ws://*/*', 'wss://*/*', 'ftp://*/*', 'file://*/*'] }, (_details, callback) =>
    callback({ cancel: true }),
  );
  // The same CSP on anything the session might still receive.
  ses.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } });
  });
  protocol.handle(APP_SCHEME, serveApp);
}

function hardenWebContents(contents: WebContents): void {
  // The app never navigates: it is one page. Links and redirects go nowhere.
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}

function sendMenu(command: MenuCommand): void {
  mainWindow?.webContents.send(IPC.menu, command);
}

function buildMenu(): Menu {
  const isMac = process.platform === 'darwin';
  const template: MenuItemConstructorOptions[] = [
    ...(isMac ? [{ role: 'appMenu' as const }] : []),
    {
      label: '&File',
      submenu: [
        { label: 'Import…', accelerator: 'CmdOrCtrl+O', click: () => sendMenu('import') },
        { label: 'Export…', accelerator: 'CmdOrCtrl+E', click: () => sendMenu('export') },
        { type: 'separator' },
        isMac ? { role: 'close' } : { role: 'quit' },
      ],
    },
    { role: 'editMenu' },
    {
      label: '&View',
      submenu: [
        ...(app.isPackaged
          ? []
          : ([{ role: 'reload' }, { role: 'forceReload' }, { role: 'toggleDevTools' }, { type: 'separator' }] as MenuItemConstructorOptions[])),
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    { role: 'windowMenu' },
    {
      role: 'help',
      submenu: [
        {
          label: 'About Slicewise',
          click: () => {
            const opts = {
              type: 'info' as const,
              title: 'About Slicewise',
              message: `Slicewise ${app.getVersion()}`,
              detail: `Offline reconciliation of cloud invoices.\nWorkspace: ${host?.dbPath ?? ''}\nElectron ${process.versions.electron}, Chromium ${process.versions.chrome}, Node ${process.versions.node}`,
              buttons: ['OK'],
            };
            void (mainWindow ? dialog.showMessageBox(mainWindow, opts) : dialog.showMessageBox(opts));
          },
        },
      ],
    },
  ];
  return Menu.buildFromTemplate(template);
}

function registerIpc(core: CoreHost): void {
  const handlers = createIpcHandlers({
    grants,
    call: (method, payload, g) => core.call(method, payload, g),
    async showOpenDialog() {
      const opts: OpenDialogOptions = {
        title: 'Import files',
        properties: ['openFile', 'multiSelections'],
        filters: [
          { name: 'Invoices, usage, catalogs, credits', extensions: ['json', 'csv', 'tsv', 'txt'] },
          { name: 'All files', extensions: ['*'] },
        ],
      };
      const r = mainWindow ? await dialog.showOpenDialog(mainWindow, opts) : await dialog.showOpenDialog(opts);
      return r.canceled ? [] : r.filePaths;
    },
    async showSaveDialog(defaultName) {
      const opts: SaveDialogOptions = {
        title: 'Export',
        defaultPath: path.join(app.getPath('documents'), defaultName),
        filters: /\.zip$/i.test(defaultName) ? [{ name: 'Evidence pack (zip)', extensions: ['zip'] }] : [{ name: 'Excel workbook', extensions: ['xlsx'] }],
        properties: ['showOverwriteConfirmation', 'createDirectory'],
      };
      const r = mainWindow ? await dialog.showSaveDialog(mainWindow, opts) : await dialog.showSaveDialog(opts);
      return r.canceled || !r.filePath ? null : r.filePath;
    },
  });
  ipcMain.handle(IPC.call, (event, method: unknown, payload: unknown) => handlers.call(event, method, payload));
  ipcMain.handle(IPC.openFiles, (event) => handlers.openFiles(event));
  ipcMain.handle(IPC.saveFile, (event, defaultName: unknown) => handlers.saveFile(event, defaultName));
  ipcMain.handle(IPC.dropFiles, (event, paths: unknown) => handlers.dropFiles(event, paths));
}

function createWindow(): void {
  const win = new BrowserWindow(mainWindowOptions(distDir, { packaged: app.isPackaged, ...(fs.existsSync(iconPath) ? { iconPath } : {}) }));
  mainWindow = win;
  win.once('ready-to-show', () => win.show());
  win.on('closed', () => {
    if (mainWindow === win) mainWindow = null;
  });
  void win.loadURL(APP_URL);
}

app.on('web-contents-created', (_event, contents) => hardenWebContents(contents));

app.on('second-instance', () => {
  if (mainWindow) {
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  }
});

app.whenReady().then(
  () => {
    if (!primaryInstance) return;
    lockDownSession();
    const dbPath = defaultWorkspacePath(); // SLICEWISE_DB overrides
    // Development under `npm start`: better-sqlite3 is built for Node, so the core runs in a
    // plain Node process. The packaged app always uses a worker thread.
    const nodeExecutable = !app.isPackaged ? process.env.SLICEWISE_CORE_NODE : undefined;
    host = CoreHost.start(dbPath, workerFile, nodeExecutable ? { nodeExecutable } : {});
    host.onProgress((e) => mainWindow?.webContents.send(IPC.progress, e));
    registerIpc(host);
    Menu.setApplicationMenu(buildMenu());
    createWindow();
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) createWindow();
    });
  },
  (err: unknown) => {
    dialog.showErrorBox('Slicewise could not start', (err as Error)?.stack ?? String(err));
    app.exit(1);
  },
);

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

// Close the workspace cleanly (the core finishes what it is doing, then closes SQLite).
let coreClosed = false;
app.on('will-quit', (event) => {
  if (coreClosed || !host) return;
  event.preventDefault();
  void host.close().finally(() => {
    coreClosed = true;
    app.quit();
  });
});
