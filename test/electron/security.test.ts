import { describe, expect, it } from 'vitest';
import {
  checkCallArgs,
  checkSaveName,
  CONTENT_SECURITY_POLICY,
  ipcErrorMessage,
  isTrustedSenderUrl,
  safeFileName,
  SECURITY_HEADERS,
} from '../../electron/security';

function directives(csp: string): Map<string, string[]> {
  return new Map(
    csp
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((p) => p[0])
      .map(([name, ...values]) => [name as string, values]),
  );
}

describe('Content-Security-Policy', () => {
  const d = directives(CONTENT_SECURITY_POLICY);

  it('is the strict policy', () => {
    expect(CONTENT_SECURITY_POLICY).toBe(
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    );
    expect(d.get('default-src')).toEqual(["'none'"]);
    for (const name of ['script-src', 'style-src', 'img-src', 'font-src', 'connect-src', 'base-uri', 'form-action', 'frame-ancestors']) {
      expect(d.has(name), name).toBe(true);
    }
  });

  it('allows no inline code, no eval and no remote host', () => {
    const all = [...d.values()].flat();
    for (const v of all) {
      expect(v).not.toMatch(/unsafe-|wasm-unsafe|strict-dynamic|nonce-|sha\d+-/);
      expect(v).not.toMatch(/^(\*|https?:|wss?:|blob:|filesystem:|ftp:)/);
      expect(v).not.toMatch(/\.[a-z]{2,}(:\d+)?$/i); // a host name
      expect(["'self'", "'none'", 'data:']).toContain(v);
    }
    expect(d.get('script-src')).toEqual(["'self'"]);
    expect(d.get('connect-src')).toEqual(["'self'"]);
  });

  it('goes with the other security headers', () => {
    expect(SECURITY_HEADERS['Content-Security-Policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(SECURITY_HEADERS['X-Content-Type-Options']).toBe('nosniff');
    expect(SECURITY_HEADERS['Referrer-Policy']).toBe('no-referrer');
  });
});

describe('IPC sender check', () => {
  it('accepts only app://slicewise/ frames', () => {
    expect(isTrustedSenderUrl('app://slicewise/')).toBe(true);
    expect(isTrustedSenderUrl('app://slicewise/index.html#/invoice')).toBe(true);
    for (const url of [
      undefined,
      null,
      '',
      'app://slicewise',
      'app://slicewise.evil/',
      'app://evil/slicewise/',
      'app://user@slicewise/',
      'https://slicewise/',
      'http://127.0.0.1:5173/',
      'file:///work/main/dist-renderer/index.html',
      'devtools://devtools/bundled/inspector.html',
      'about:blank',
      'data:text/html,app://slicewise/',
      42,
    ]) {
      expect(isTrustedSenderUrl(url), String(url)).toBe(false);
    }
  });
});

describe('IPC payload shape', () => {
  it('accepts a method name and a plain object payload', () => {
    expect(checkCallArgs('workspace.overview', {})).toEqual({ ok: true, value: { method: 'workspace.overview', payload: {} } });
    expect(checkCallArgs('lines.list', { period: '2025-03' })).toMatchObject({ ok: true });
    expect(checkCallArgs('audit.verify', undefined)).toEqual({ ok: true, value: { method: 'audit.verify', payload: {} } });
  });

  it('refuses anything else', () => {
    for (const method of [undefined, null, 1, {}, '', 'a'.repeat(101), '__proto__.x', 'constructor()', 'a..b', 'lines.list; rm']) {
      expect(checkCallArgs(method, {}).ok, String(method)).toBe(false);
    }
    for (const payload of ['x', 1, true, [], [1], new Date(), new Map(), () => 1]) {
      expect(checkCallArgs('workspace.overview', payload).ok, String(payload)).toBe(false);
    }
  });

  it('reduces save names to one harmless component', () => {
    expect(checkSaveName('invoice 2025-03.xlsx')).toEqual({ ok: true, value: 'invoice 2025-03.xlsx' });
    expect(checkSaveName('../../etc/passwd')).toEqual({ ok: true, value: 'passwd' });
    expect(checkSaveName('C:\\Windows\\x.xlsx')).toEqual({ ok: true, value: 'x.xlsx' });
    expect(checkSaveName('')).toMatchObject({ ok: false });
    expect(checkSaveName(12)).toMatchObject({ ok: false });
    expect(safeFileName('..')).toBe('__');
    expect(safeFileName('.bashrc')).toBe('_bashrc');
    expect(safeFileName('a\u0000b<c>.csv')).toBe('a_b_c_.csv');
    expect(safeFileName('/')).toBe('file');
    expect(safeFileName('x'.repeat(300) + '.xlsx')).toMatch(/^x{195}\.xlsx$/);
  });
});

describe('IPC error messages', () => {
  it('drops the prefix Electron adds to errors of invoked handlers', () => {
    expect(
      ipcErrorMessage(new Error("Error invoking remote method 'files:drop': DroppedFilesError: “x” is a folder: drop the files it contains instead")),
    ).toBe('“x” is a folder: drop the files it contains instead');
    expect(ipcErrorMessage(new Error("Error invoking remote method 'files:drop': Error: nope"))).toBe('nope');
    expect(ipcErrorMessage(new Error('plain message'))).toBe('plain message');
    expect(ipcErrorMessage('a string')).toBe('a string');
  });
});
