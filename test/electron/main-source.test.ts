// main.ts can only run inside Electron (absent here), so its security wiring is checked in its
// source: each checklist item the shell is responsible for must stay in place.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './fixtures/build';

const main = fs.readFileSync(path.join(ROOT, 'electron', 'main.ts'), 'utf8');
const preload = fs.readFileSync(path.join(ROOT, 'electron', 'preload.ts'), 'utf8');
const code = (s: string) => s.replace(/\/\/.*$/gm, '');

describe('electron/main.ts', () => {
  it('serves the app from the privileged app:// protocol, never from the network or file://', () => {
    expect(main).toMatch(/registerSchemesAsPrivileged\(\[\s*\{ scheme: APP_SCHEME, privileges: \{ standard: true, secure: true/);
    expect(main).toContain('protocol.handle(APP_SCHEME, serveApp)');
    expect(main).toContain('lookupStatic(rendererDir, url.pathname)');
    expect(main).toContain('win.loadURL(APP_URL)');
    expect(code(main)).not.toMatch(/loadFile\(|file:\/\/\$|https?:\/\/(?!\*)/);
  });

  it('prevents navigation, redirects, new windows and webviews in every web contents', () => {
    expect(main).toContain("app.on('web-contents-created', (_event, contents) => hardenWebContents(contents))");
    expect(main).toContain("contents.on('will-navigate', (event) => event.preventDefault())");
    expect(main).toContain("contents.on('will-redirect', (event) => event.preventDefault())");
    expect(main).toContain("contents.on('will-attach-webview', (event) => event.preventDefault())");
    expect(main).toContain("contents.setWindowOpenHandler(() => ({ action: 'deny' }))");
  });

  it('denies permissions, blocks network requests and sets the CSP', () => {
    expect(main).toContain('setPermissionRequestHandler');
    expect(main).toContain('setPermissionCheckHandler');
    expect(main).toContain('setDevicePermissionHandler(() => false)');
    expect(main).toMatch(/onBeforeRequest\(\{ urls: \['http:\/\/\*\/\*', 'https:\/\/\*\/\*'/);
    expect(main).toContain("'Content-Security-Policy': [CONTENT_SECURITY_POLICY]");
    expect(main).toContain('...SECURITY_HEADERS');
  });

  it('never opens external URLs and checks every IPC through the guarded handlers', () => {
    expect(code(main)).not.toMatch(/openExternal|shell\b/);
    expect(main).toContain('mainWindowOptions(distDir');
    const handles = [...main.matchAll(/ipcMain\.handle\(([^,]+),/g)].map((m) => m[1]);
    expect(handles).toEqual(['IPC.call', 'IPC.openFiles', 'IPC.saveFile', 'IPC.dropFiles']);
    expect(main).toMatch(/handlers\.call\(event, method, payload\)/);
    expect(main).toMatch(/handlers\.openFiles\(event\)/);
    expect(main).toMatch(/handlers\.saveFile\(event, defaultName\)/);
    expect(main).toMatch(/handlers\.dropFiles\(event, paths\)/);
    expect(code(main)).not.toMatch(/ipcMain\.on\(/);
  });
});

describe('electron/preload.ts', () => {
  it('exposes exactly window.slicewise and never ipcRenderer itself', () => {
    expect(preload).toContain("contextBridge.exposeInMainWorld('slicewise', api)");
    expect(code(preload).match(/exposeInMainWorld/g)).toHaveLength(1);
    const keys = [...preload.slice(preload.indexOf('const api')).matchAll(/^ {2}(\w+):/gm)].map((m) => m[1]);
    expect(keys).toEqual(['transport', 'send', 'onProgress', 'onMenu', 'pickFiles', 'pickSaveFile', 'grantDroppedFiles']);
    expect(code(preload)).not.toMatch(/exposeInMainWorld\([^)]*ipcRenderer\)/);
    expect(code(preload)).not.toMatch(/from '(?!electron'|\.\/security'|\.\.\/shared\/contract\/api'|\.\/core\/api\/dispatch')/);
  });

  it('turns dropped files into paths inside the preload and returns only refs and names to the page', () => {
    const body = code(preload);
    expect(body).toContain('webUtils.getPathForFile(file as File)');
    expect(body).toMatch(/grantDroppedFiles: async \(files\) => \{\s*const paths = droppedPaths\(files\);/);
    expect(body).toContain('ipcRenderer.invoke(IPC.dropFiles, paths)');
    // A File with no path on disk ('' from getPathForFile) is skipped, never sent.
    expect(body).toMatch(/if \(typeof p === 'string' && p !== ''\) paths\.push\(p\)/);
  });
});
