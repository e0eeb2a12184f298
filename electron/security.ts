// Security constants and pure guards shared by the Electron shell, the browser bridge and tests.
// Nothing here may import 'electron': it must load in plain Node (tests, the web bridge).

/** The app's own origin in Electron. Content is never loaded from anywhere else. */
export const APP_SCHEME = 'app';
export const APP_HOST = 'slicewise';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_URL = `${APP_ORIGIN}/`;

/**
 * Content-Security-Policy sent with every response of the app (custom protocol in Electron,
 * static files of the browser bridge). No inline script or style, no eval, nothing remote.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Headers added to every static response (both transports). */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'X-Frame-Options': 'DENY',
};

/** IPC channel names (main ⇄ preload). */
export const IPC = {
  call: 'core:call',
  openFiles: 'dialog:openFiles',
  saveFile: 'dialog:saveFile',
  dropFiles: 'files:drop',
  progress: 'progress',
  menu: 'menu',
} as const;

/** Most files one drop may grant (import.commit takes at most 200 files too). */
export const MAX_DROPPED_FILES = 200;

/**
 * The message of an error thrown by an ipcMain.handle handler, as the renderer receives it:
 * without the "Error invoking remote method '<channel>': <Name>Error: " Electron prepends.
 */
export function ipcErrorMessage(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return message.replace(/^Error invoking remote method '[^']*': (?:[A-Za-z]*Error: )?/, '');
}

/** Menu commands the main process sends to the renderer on the 'menu' channel. */
export type MenuCommand = 'import' | 'export';

/** True only for frames showing the app's own content (app://slicewise/…). */
export function isTrustedSenderUrl(url: unknown): boolean {
  if (typeof url !== 'string' || !url.startsWith(APP_URL)) return false;
  try {
    const u = new URL(url);
    return u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST && u.username === '' && u.password === '';
  } catch {
    return false;
  }
}

export type Checked<T> = { ok: true; value: T } | { ok: false; message: string };

const METHOD_NAME = /^[A-Za-z][A-Za-z0-9]*(\.[A-Za-z][A-Za-z0-9]*)*$/;

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

/**
 * Shape check of a 'core:call' before it reaches the core: a method name (string, short, dotted
 * identifier) and a payload that is a plain object (or absent → {}). The contract's zod schemas
 * then validate the payload itself inside the core's dispatch.
 */
export function checkCallArgs(method: unknown, payload: unknown): Checked<{ method: string; payload: Record<string, unknown> }> {
  if (typeof method !== 'string' || method.length === 0 || method.length > 100 || !METHOD_NAME.test(method)) {
    return { ok: false, message: 'method must be a method name string' };
  }
  if (payload === undefined || payload === null) return { ok: true, value: { method, payload: {} } };
  if (!isPlainObject(payload)) return { ok: false, message: 'payload must be an object' };
  return { ok: true, value: { method, payload } };
}

/** A default file name for the save dialog: a plain name, no directory part. */
export function checkSaveName(defaultName: unknown): Checked<string> {
  if (typeof defaultName !== 'string' || defaultName.length === 0 || defaultName.length > 255) {
    return { ok: false, message: 'defaultName must be a file name' };
  }
  const name = safeFileName(defaultName);
  return { ok: true, value: name };
}

/** Reduces any user-supplied name to a single harmless path component. */
export function safeFileName(name: string, fallback = 'file'): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  let clean = base.replace(/[\u0000-\u001f\u007f<>:"|?*]/g, '_').trim();
  clean = clean.replace(/^\.+/, (dots) => '_'.repeat(dots.length));
  if (clean.length > 200) {
    const dot = clean.lastIndexOf('.');
    const ext = dot > 0 && clean.length - dot <= 16 ? clean.slice(dot) : '';
    clean = clean.slice(0, 200 - ext.length) + ext;
  }
  return clean === '' ? fallback : clean;
}
