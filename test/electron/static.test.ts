import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentTypeFor, lookupStatic } from '../../electron/web/static';

let root: string;
let outside: string;
let base: string;
afterAll(() => fs.rmSync(base, { recursive: true, force: true }));
beforeAll(() => {
  base = fs.mkdtempSync(path.join(os.tmpdir(), 'slicewise-static-'));
  root = path.join(base, 'dist-renderer');
  fs.mkdirSync(path.join(root, 'assets'), { recursive: true });
  fs.writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>Slicewise</title>');
  fs.writeFileSync(path.join(root, 'assets', 'app.js'), 'console.log(1)');
  fs.writeFileSync(path.join(root, '.env'), 'SECRET=1');
  outside = path.join(base, 'secret.txt');
  fs.writeFileSync(outside, 'secret');
  fs.symlinkSync(outside, path.join(root, 'assets', 'link.txt'));
});

describe('lookupStatic', () => {
  it('serves files of the renderer directory', () => {
    expect(lookupStatic(root, '/')).toEqual({ kind: 'file', file: path.join(fs.realpathSync(root), 'index.html') });
    expect(lookupStatic(root, '/assets/app.js')).toMatchObject({ kind: 'file' });
    expect(lookupStatic(root, '/assets/missing.js')).toEqual({ kind: 'missing' });
    // client-side routes fall back to index.html
    expect(lookupStatic(root, '/invoice/2025-03')).toMatchObject({ kind: 'file', file: expect.stringMatching(/index\.html$/) });
  });

  it('refuses traversal, encoded separators, hidden files and symlinks out', () => {
    for (const p of [
      '/../secret.txt',
      '/assets/../../secret.txt',
      '/%2e%2e/secret.txt',
      '/assets/%2e%2e%2f%2e%2e%2fsecret.txt',
      '/assets/..%5c..%5csecret.txt',
      '/..%2fsecret.txt',
      '/%00index.html',
      '/.env',
      '/assets/link.txt',
      '/C:/Windows/win.ini',
      '/%E0%A4%A',
    ]) {
      const r = lookupStatic(root, p);
      expect(r.kind, p).not.toBe('file');
    }
    expect(lookupStatic(root, '/../secret.txt')).toEqual({ kind: 'forbidden' });
    expect(lookupStatic(root, '/assets/link.txt')).toEqual({ kind: 'forbidden' });
  });

  it('types files by extension', () => {
    expect(contentTypeFor('a.js')).toMatch(/^text\/javascript/);
    expect(contentTypeFor('a.html')).toMatch(/^text\/html/);
    expect(contentTypeFor('a.xlsx')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(contentTypeFor('a.unknown')).toBe('application/octet-stream');
  });
});
