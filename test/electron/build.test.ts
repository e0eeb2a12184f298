// The Node build (scripts/build-node.mjs), the CLI launcher and the packaging configuration.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, testBuildDir } from './fixtures/build';

let out: string;
let build: ReturnType<typeof spawnSync>;
beforeAll(() => {
  out = testBuildDir('build');
  build = spawnSync(process.execPath, ['scripts/build-node.mjs', '--out-dir', out], { cwd: ROOT, encoding: 'utf8' });
});
afterAll(() => fs.rmSync(out, { recursive: true, force: true }));

function requiresOf(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  return [...new Set([...text.matchAll(/\brequire\("([^"]+)"\)/g)].map((m) => m[1] as string))].sort();
}

describe('scripts/build-node.mjs', () => {
  it('bundles every entry as CommonJS with a source map, without Electron', () => {
    expect(build.stderr, String(build.stderr)).not.toMatch(/ERROR/);
    expect(build.status).toBe(0);
    for (const name of ['main', 'preload', 'worker', 'cli', 'web']) {
      expect(fs.existsSync(path.join(out, `${name}.cjs`)), name).toBe(true);
      expect(fs.existsSync(path.join(out, `${name}.cjs.map`)), `${name} map`).toBe(true);
    }
  });

  it('the sandboxed preload requires nothing but electron', () => {
    expect(requiresOf(path.join(out, 'preload.cjs'))).toEqual(['electron']);
  });

  it('keeps native and large dependencies external and inlines the rest', () => {
    for (const name of ['main', 'worker', 'web', 'cli']) {
      const external = requiresOf(path.join(out, `${name}.cjs`)).filter((r) => !r.startsWith('node:') && !isBuiltin(r));
      for (const dep of external) expect(['better-sqlite3', 'electron', 'exceljs'], `${name} requires ${dep}`).toContain(dep);
    }
    // The core's bundle never touches Electron; the bridge neither.
    expect(requiresOf(path.join(out, 'worker.cjs'))).not.toContain('electron');
    expect(requiresOf(path.join(out, 'web.cjs'))).not.toContain('electron');
  });

  it('the worker and web bundles load in plain Node (no Electron needed)', () => {
    const r = spawnSync(
      process.execPath,
      [
        '-e',
        `const w = require(${JSON.stringify(path.join(out, 'web.cjs'))}); if (typeof w.startWebServer !== 'function' || typeof w.resolveDbPath !== 'function') process.exit(2)`,
      ],
      {
        cwd: ROOT,
        encoding: 'utf8',
      },
    );
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });
});

function isBuiltin(name: string): boolean {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('node:module') as typeof import('node:module')).builtinModules.includes(name);
}

describe('bin/slicewise.cjs', () => {
  it('is a small launcher of dist/cli.cjs that builds when dist is missing', () => {
    const text = fs.readFileSync(path.join(ROOT, 'bin', 'slicewise.cjs'), 'utf8');
    expect(text.startsWith('#!/usr/bin/env node')).toBe(true);
    expect(text).toContain("path.join(root, 'dist', 'cli.cjs')");
    expect(text).toContain('build-node.mjs');
    expect(fs.statSync(path.join(ROOT, 'bin', 'slicewise.cjs')).mode & 0o111).not.toBe(0);
  });
});

describe('electron-builder.yml', () => {
  it('is a valid configuration with the expected targets and security fuses', async () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { DebugLogger } = require('builder-util');
    const config = await getConfig(ROOT, path.join(ROOT, 'electron-builder.yml'), null);
    await validateConfiguration(config, new DebugLogger(false));
    expect(config.appId).toBe('com.slicewise.app');
    expect(config.productName).toBe('Slicewise');
    const files = (config.files as (string | { filter: string[] })[]).flatMap((f) => (typeof f === 'string' ? [f] : f.filter));
    expect(files).toEqual(expect.arrayContaining(['dist/**', 'dist-renderer/**', 'resources/**', 'package.json']));
    expect(files.filter((f) => !f.startsWith('!')).every((f) => /^(dist|dist-renderer|resources)\/\*\*$|^package\.json$/.test(f))).toBe(true);
    expect(config.asarUnpack).toEqual(['**/node_modules/better-sqlite3/**/*.node']);
    expect(config.npmRebuild).toBe(true);
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.linux.category).toBe('Office');
    expect(config.win.target).toEqual(['nsis']);
    expect(config.mac.target).toEqual(['dmg']);
    expect(config.mac.category).toBe('public.app-category.finance');
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('has an icon: SVG source and a 512×512 PNG', () => {
    const svg = fs.readFileSync(path.join(ROOT, 'resources', 'icons', 'icon.svg'), 'utf8');
    expect(svg).toMatch(/^<svg[^>]+viewBox="0 0 512 512"/);
    const png = fs.readFileSync(path.join(ROOT, 'resources', 'icons', 'icon.png'));
    expect(png.subarray(1, 4).toString('ascii')).toBe('PNG');
    expect(png.readUInt32BE(16)).toBe(512);
    expect(png.readUInt32BE(20)).toBe(512);
  });
});
