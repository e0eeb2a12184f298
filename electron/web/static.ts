// Static files of the built renderer, for both transports (app:// protocol and the HTTP bridge).
// Pure path logic: a request path maps to a file strictly inside rootDir, or to nothing.
import fs from 'node:fs';
import path from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  '.csv': 'text/csv; charset=utf-8',
  '.zip': 'application/zip',
};

export function contentTypeFor(file: string): string {
  return TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

export type StaticLookup =
  | { kind: 'file'; file: string }
  /** Refused: traversal, encoded separators, NUL, dot-files… */
  | { kind: 'forbidden' }
  | { kind: 'missing' };

/**
 * Maps a URL pathname (still percent-encoded, no query) to a file inside rootDir.
 * '/' → index.html. A path without an extension that matches no file falls back to index.html
 * (client-side routes); any other miss is 'missing'.
 */
export function lookupStatic(rootDir: string, rawPathname: string): StaticLookup {
  let decoded: string;
  try {
    decoded = decodeURIComponent(rawPathname);
  } catch {
    return { kind: 'forbidden' };
  }
  if (!decoded.startsWith('/') || decoded.includes('\0') || decoded.includes('\\')) return { kind: 'forbidden' };
  const segments = decoded === '/' ? [] : decoded.slice(1).split('/');
  if (segments.at(-1) === '') segments.pop(); // a trailing slash
  // No '..', no '.', no empty segment ('//'), no hidden files, no drive letters.
  if (segments.some((s) => s === '' || s === '..' || s === '.' || s.startsWith('.') || s.includes(':'))) return { kind: 'forbidden' };
  const root = path.resolve(rootDir);
  const rel = segments.length === 0 ? 'index.html' : segments.join(path.sep);
  const file = path.resolve(root, rel);
  if (file !== root && !file.startsWith(root + path.sep)) return { kind: 'forbidden' };
  let real: string;
  try {
    real = fs.realpathSync(file);
  } catch {
    if (path.extname(rel) === '') {
      const index = path.join(root, 'index.html');
      return fs.existsSync(index) ? { kind: 'file', file: index } : { kind: 'missing' };
    }
    return { kind: 'missing' };
  }
  // A symlink inside the renderer dir must not lead outside it.
  let realRoot: string;
  try {
    realRoot = fs.realpathSync(root);
  } catch {
    return { kind: 'missing' };
  }
  if (real !== realRoot && !real.startsWith(realRoot + path.sep)) return { kind: 'forbidden' };
  const stat = fs.statSync(real);
  if (stat.isDirectory()) {
    const index = path.join(real, 'index.html');
    return fs.existsSync(index) ? { kind: 'file', file: index } : { kind: 'missing' };
  }
  return stat.isFile() ? { kind: 'file', file: real } : { kind: 'missing' };
}
