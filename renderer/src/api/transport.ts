// The one way the UI talks to the core: Electron IPC (window.slicewise, from the preload) or the
// local HTTP bridge (browser). Both give the same `send`; {ok:false} answers become thrown
// Errors whose message is the server's, and every answer is checked against the contract.
import '../zodConfig';
import { t } from '../i18n';
import { contract, type Method, type ProgressEvent, type Res, type Send } from '../../../shared/contract/api';
import { takeToken } from '../lib/route';

export type MenuCommand = 'import' | 'export';

export interface PickedFile {
  ref: string;
  name: string;
}

type Wire = { ok: true; value: unknown } | { ok: false; error: { code: string; message: string } };

interface SlicewiseBridge {
  transport: 'electron';
  send(method: string, payload: unknown): Promise<Wire>;
  onProgress(cb: (e: ProgressEvent) => void): () => void;
  onMenu(cb: (cmd: MenuCommand) => void): () => void;
  pickFiles(): Promise<PickedFile[]>;
  pickSaveFile(defaultName: string): Promise<string | null>;
  /** Files dropped on the window → input grants (files with no path on disk are skipped). */
  grantDroppedFiles(files: File[]): Promise<PickedFile[]>;
}

declare global {
  interface Window {
    slicewise?: SlicewiseBridge;
  }
}

/** An error the server answered with (its message is meant for the user). */
class ApiCallError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly method?: string,
  ) {
    super(message);
    this.name = 'ApiCallError';
  }
}

interface Transport {
  kind: 'electron' | 'browser';
  send: Send;
  onProgress(cb: (e: ProgressEvent) => void): () => void;
  onMenu(cb: (cmd: MenuCommand) => void): () => void;
  /** Electron: the native open dialog. Not available in the browser (use uploadFile). */
  pickFiles?: () => Promise<PickedFile[]>;
  /** Electron: grants access to files dropped on the window; those not on disk are skipped. */
  grantDroppedFiles?: (files: File[]) => Promise<PickedFile[]>;
  /** Browser: sends a File to the bridge, which keeps it for this session and returns a ref. */
  uploadFile?: (file: File, onProgress?: (sent: number, total: number) => void) => Promise<PickedFile>;
  /** Writes the period's workbook where the user wants it; null when the user cancelled. */
  exportWorkbook(period: string, ownerId: string, fileName: string): Promise<Res<'export.workbook'> | null>;
  /** Writes the period's evidence pack (a zip) where the user wants it; null when the user cancelled. */
  exportEvidence(period: string, ownerId: string, fileName: string): Promise<Res<'export.evidence'> | null>;
}

function unwrap(method: string, wire: Wire): unknown {
  if (wire && typeof wire === 'object' && 'ok' in wire) {
    if (wire.ok) return wire.value;
    const e = wire.error ?? { code: 'internal', message: 'Unknown error' };
    throw new ApiCallError(e.code, e.message || `${method} failed`, method);
  }
  throw new ApiCallError('internal', `Unexpected answer to ${method}`, method);
}

/** Checks an answer against the contract's response schema. */
function checkResponse<M extends Method>(method: M, value: unknown): Res<M> {
  const parsed = contract[method].res.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue ? `${issue.path.join('.') || 'answer'}: ${issue.message}` : 'invalid answer';
    throw new ApiCallError('internal', `The answer to ${method} does not follow the contract (${where})`, method);
  }
  return parsed.data as Res<M>;
}

// ---------------------------------------------------------------- Electron

function electronTransport(bridge: SlicewiseBridge): Transport {
  const send: Send = async (method, req) => {
    const wire = await bridge.send(method, req);
    return checkResponse(method, unwrap(method, wire));
  };
  return {
    kind: 'electron',
    send,
    onProgress: (cb) => bridge.onProgress(cb),
    onMenu: (cb) => bridge.onMenu(cb),
    pickFiles: () => bridge.pickFiles(),
    grantDroppedFiles: (files) => bridge.grantDroppedFiles(files),
    async exportWorkbook(period, ownerId, fileName) {
      const out = await bridge.pickSaveFile(fileName);
      if (!out) return null;
      return send('export.workbook', { period, ownerId, out });
    },
    async exportEvidence(period, ownerId, fileName) {
      const out = await bridge.pickSaveFile(fileName);
      if (!out) return null;
      return send('export.evidence', { period, ownerId, out });
    },
  };
}

// ---------------------------------------------------------------- Browser (HTTP bridge)

const TOKEN_KEY = 'slicewise.token';

function readToken(): string | null {
  const { token, rest } = takeToken(location.hash);
  if (token) {
    try {
      sessionStorage.setItem(TOKEN_KEY, token);
    } catch {
      /* storage may be disabled: keep it in memory */
    }
    history.replaceState(null, '', location.pathname + location.search + rest);
    memoryToken = token;
    return token;
  }
  try {
    return sessionStorage.getItem(TOKEN_KEY) ?? memoryToken;
  } catch {
    return memoryToken;
  }
}
let memoryToken: string | null = null;

async function readJson(res: Response, what: string): Promise<unknown> {
  const text = await res.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  if (body && typeof body === 'object' && 'ok' in body) return body;
  if (!res.ok) {
    if (res.status === 401 || res.status === 403) {
      throw new ApiCallError('forbidden', t('transport.forbidden'));
    }
    throw new ApiCallError('internal', `${what} failed: HTTP ${res.status}${text ? ` — ${text.slice(0, 200)}` : ''}`);
  }
  return { ok: true, value: body };
}

function browserTransport(): Transport {
  const token = readToken();
  const headers = (extra: Record<string, string> = {}) => ({ ...(token ? { 'X-Slicewise-Token': token } : {}), ...extra });

  const call = async (method: string, payload: unknown): Promise<unknown> => {
    let res: Response;
    try {
      res = await fetch(`/api/call/${encodeURIComponent(method)}`, {
        method: 'POST',
        headers: headers({ 'Content-Type': 'application/json' }),
        body: JSON.stringify(payload ?? {}),
        cache: 'no-store',
        credentials: 'same-origin',
      });
    } catch {
      throw new ApiCallError('internal', t('transport.noAnswer'), method);
    }
    return unwrap(method, (await readJson(res, method)) as Wire);
  };

  const send: Send = async (method, req) => checkResponse(method, await call(method, req));

  // Progress: one EventSource for the page, shared by all listeners.
  const listeners = new Set<(e: ProgressEvent) => void>();
  let source: EventSource | null = null;
  const openEvents = () => {
    if (source || !token || typeof EventSource === 'undefined') return;
    source = new EventSource(`/api/events?token=${encodeURIComponent(token)}`);
    source.onmessage = (m) => {
      let e: ProgressEvent;
      try {
        e = JSON.parse(m.data as string) as ProgressEvent;
      } catch {
        return;
      }
      if (!e || typeof e.task !== 'string') return;
      for (const cb of listeners) cb(e);
    };
  };

  const uploadFile = (file: File, onProgress?: (sent: number, total: number) => void) =>
    new Promise<PickedFile>((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      xhr.open('POST', `/api/upload?name=${encodeURIComponent(file.name)}`);
      for (const [k, v] of Object.entries(headers({ 'Content-Type': 'application/octet-stream' }))) xhr.setRequestHeader(k, v);
      xhr.responseType = 'text';
      if (onProgress) xhr.upload.onprogress = (ev) => onProgress(ev.loaded, ev.lengthComputable ? ev.total : file.size);
      xhr.onerror = () => reject(new ApiCallError('internal', t('transport.uploadSend', { name: file.name })));
      xhr.onload = () => {
        let body: unknown;
        try {
          body = JSON.parse(xhr.responseText);
        } catch {
          body = undefined;
        }
        try {
          let value: unknown = body;
          if (body && typeof body === 'object' && 'ok' in body) value = unwrap('upload', body as Wire);
          else if (xhr.status < 200 || xhr.status >= 300)
            throw new ApiCallError('internal', t('transport.uploadFailed', { name: file.name, status: xhr.status }));
          const v = value as Partial<PickedFile> | undefined;
          if (!v || typeof v.ref !== 'string') throw new ApiCallError('internal', t('transport.uploadUnexpected', { name: file.name }));
          resolve({ ref: v.ref, name: typeof v.name === 'string' ? v.name : file.name });
        } catch (err) {
          reject(err as Error);
        }
      };
      xhr.send(file);
    });

  /** A download slot of the bridge, filled by `write` (given the slot's output ref), then downloaded as `fileName`. */
  const download = async <T>(fileName: string, write: (out: string) => Promise<T>): Promise<T> => {
    const slotRes = await fetch(`/api/download-slot?name=${encodeURIComponent(fileName)}`, {
      method: 'POST',
      headers: headers(),
      cache: 'no-store',
    });
    const slot = unwrap('download-slot', (await readJson(slotRes, 'Preparing the download')) as Wire) as { ref?: unknown };
    if (!slot || typeof slot.ref !== 'string') throw new ApiCallError('internal', 'Preparing the download: unexpected answer');
    const result = await write(slot.ref);
    const a = document.createElement('a');
    a.href = `/api/download/${encodeURIComponent(slot.ref)}?token=${encodeURIComponent(token ?? '')}`;
    a.download = fileName;
    a.rel = 'noopener';
    document.body.appendChild(a);
    a.click();
    a.remove();
    return result;
  };

  return {
    kind: 'browser',
    send,
    onProgress(cb) {
      listeners.add(cb);
      openEvents();
      return () => {
        listeners.delete(cb);
      };
    },
    onMenu: () => () => undefined,
    uploadFile,
    exportWorkbook: (period, ownerId, fileName) => download(fileName, (out) => send('export.workbook', { period, ownerId, out })),
    exportEvidence: (period, ownerId, fileName) => download(fileName, (out) => send('export.evidence', { period, ownerId, out })),
  };
}

function create(): Transport {
  if (typeof window !== 'undefined' && window.slicewise && window.slicewise.transport === 'electron') return electronTransport(window.slicewise);
  return browserTransport();
}

export const transport: Transport = create();
export const send: Send = (method, req) => transport.send(method, req);
