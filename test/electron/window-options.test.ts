// The main window's webPreferences follow Electron's security checklist. This test lists every
// preference and fails on any unsafe value, so a future change cannot quietly weaken them.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { mainWindowOptions, secureWebPreferences } from '../../electron/window-options';

const distDir = path.resolve(__dirname, '..', '..', 'dist');

/** Preference → the only acceptable value (undefined means "must not be set to true"). */
const REQUIRED: Record<string, unknown> = {
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  experimentalFeatures: false,
  webviewTag: false,
};

function unsafeValues(prefs: Record<string, unknown>): string[] {
  const problems: string[] = [];
  for (const [key, want] of Object.entries(REQUIRED)) {
    if (prefs[key] !== want) problems.push(`${key} must be ${String(want)}, is ${String(prefs[key])}`);
  }
  const preload = prefs.preload;
  if (typeof preload !== 'string' || path.dirname(preload) !== distDir || !preload.endsWith('.cjs')) {
    problems.push(`preload must be a .cjs file directly in dist/, is ${String(preload)}`);
  }
  if (prefs.enableBlinkFeatures) problems.push('enableBlinkFeatures must not be set');
  if (prefs.additionalArguments) problems.push('additionalArguments must not be set');
  if (prefs.partition !== undefined) problems.push('partition must not be set (the locked-down default session is used)');
  if (prefs.session !== undefined) problems.push('session must not be set');
  if (prefs.navigateOnDragDrop === true) problems.push('navigateOnDragDrop must not be true');
  return problems;
}

describe('window options', () => {
  it('webPreferences have no unsafe value', () => {
    const prefs = secureWebPreferences(distDir) as Record<string, unknown>;
    expect(unsafeValues(prefs)).toEqual([]);
  });

  it('the packaged window keeps them and turns DevTools off', () => {
    const packaged = mainWindowOptions(distDir, { packaged: true });
    expect(unsafeValues(packaged.webPreferences as Record<string, unknown>)).toEqual([]);
    expect(packaged.webPreferences?.devTools).toBe(false);
    const dev = mainWindowOptions(distDir, { packaged: false, iconPath: '/x/icon.png' });
    expect(unsafeValues(dev.webPreferences as Record<string, unknown>)).toEqual([]);
    expect(dev.webPreferences?.devTools).toBe(true);
    expect(dev.icon).toBe('/x/icon.png');
    expect(packaged.title).toBe('Slicewise');
  });

  it('the checker itself catches each unsafe value', () => {
    const base = secureWebPreferences(distDir) as Record<string, unknown>;
    const bad: Record<string, unknown>[] = [
      { nodeIntegration: true },
      { contextIsolation: false },
      { sandbox: false },
      { webSecurity: false },
      { allowRunningInsecureContent: true },
      { experimentalFeatures: true },
      { webviewTag: true },
      { nodeIntegrationInWorker: true },
      { nodeIntegrationInSubFrames: true },
      { preload: '/tmp/evil/preload.cjs' },
      { preload: path.join(distDir, '..', 'electron', 'preload.ts') },
    ];
    for (const change of bad) expect(unsafeValues({ ...base, ...change }), JSON.stringify(change)).not.toEqual([]);
  });
});
