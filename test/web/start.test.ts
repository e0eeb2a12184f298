// `npm start` / `npm run web` end to end: scripts/start.mjs builds what is stale, picks browser
// mode (asked for, or because Electron's binary is absent), serves, and stops cleanly on Ctrl-C.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../electron/security';
import { ROOT } from '../electron/fixtures/build';

function electronInstalled(): boolean {
  const dir = path.join(ROOT, 'node_modules', 'electron');
  try {
    const rel = fs.readFileSync(path.join(dir, 'path.txt'), 'utf8').trim();
    return rel !== '' && fs.existsSync(path.join(dir, 'dist', rel));
  } catch {
    return false;
  }
}

describe('scripts/start.mjs', () => {
  it('starts browser mode, says why, serves the app and the API, and stops on SIGINT', async () => {
    const withElectron = electronInstalled();
    const db = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'slicewise-start-')), 'w.sqlite');
    // Where Electron is installed, ask for browser mode explicitly (this test never opens a window).
    const child = spawn(process.execPath, ['scripts/start.mjs', ...(withElectron ? ['--web'] : [])], {
      cwd: ROOT,
      env: { ...process.env, SLICEWISE_DB: db, SLICEWISE_NO_ELECTRON_DOWNLOAD: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      const match = await new Promise<RegExpMatchArray>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no URL printed in time\n${out}\n${err}`)), 200_000);
        const check = () => {
          const m = out.match(/Slicewise \(browser mode\): (http:\/\/127\.0\.0\.1:\d+\/)#token=([0-9a-f]{64})/);
          if (m) {
            clearTimeout(timer);
            resolve(m);
          }
        };
        child.stdout.on('data', check);
        void exited.then((code) => reject(new Error(`start.mjs exited (${code}) before serving\n${out}\n${err}`)));
      });
      if (!withElectron) expect(out).toContain("Electron's binary is not installed (offline?); starting browser mode…");
      expect(out).toContain(`Workspace: ${db}`);
      const [, url, token] = match as unknown as [string, string, string];
      const page = await fetch(url);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
      expect(await page.text()).toContain('<title>Slicewise</title>');
      const r = await fetch(`${url}api/call/workspace.overview`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Slicewise-Token': token },
        body: '{}',
      });
      expect(await r.json()).toMatchObject({ ok: true, value: { dbPath: db } });
    } finally {
      child.kill('SIGINT');
    }
    expect(await exited).toBe(0);
    fs.rmSync(path.dirname(db), { recursive: true, force: true });
  }, 240_000);
});
