// The main window's options, as a pure function so tests can check them without Electron.
// Type-only import: this module must load in plain Node.
import type { BrowserWindowConstructorOptions, WebPreferences } from 'electron';
import path from 'node:path';

/** webPreferences following Electron's security checklist. `distDir` holds preload.cjs. */
export function secureWebPreferences(distDir: string): WebPreferences {
  return {
    preload: path.join(distDir, 'preload.cjs'),
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    spellcheck: false,
    safeDialogs: true,
    disableBlinkFeatures: 'Auxclick',
    enableWebSQL: false,
    devTools: true,
  };
}

export function mainWindowOptions(distDir: string, opts: { packaged: boolean; iconPath?: string }): BrowserWindowConstructorOptions {
  const webPreferences = secureWebPreferences(distDir);
  // DevTools only in development builds.
  webPreferences.devTools = !opts.packaged;
  return {
    title: 'Slicewise',
    width: 1360,
    height: 880,
    minWidth: 960,
    minHeight: 600,
    show: false,
    backgroundColor: '#ffffff',
    ...(opts.iconPath ? { icon: opts.iconPath } : {}),
    webPreferences,
  };
}
