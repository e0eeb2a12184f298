#!/usr/bin/env node
// Bundles the Node side (Electron main, preload, core worker, CLI, browser bridge) with esbuild.
// Runs from `npm install` (prepare): fast, no Electron binary needed, never requires 'electron'.
// Usage: node scripts/build-node.mjs [--quiet] [--out-dir DIR]   (default out dir: dist/)
import { build } from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const quiet = process.argv.includes('--quiet');
const outDirArg = process.argv.indexOf('--out-dir');
const outDir = outDirArg > 0 ? path.resolve(process.argv[outDirArg + 1] ?? 'dist') : path.join(root, 'dist');

/** source → output (in dist/). */
export const ENTRIES = [
  { src: 'electron/main.ts', out: 'dist/main.cjs' },
  { src: 'electron/preload.ts', out: 'dist/preload.cjs', preload: true },
  { src: 'electron/host/worker.ts', out: 'dist/worker.cjs' },
  { src: 'electron/cli/main.ts', out: 'dist/cli.cjs' },
  { src: 'electron/web/server.ts', out: 'dist/web.cjs' },
];

// Native or large dependencies stay in node_modules (better-sqlite3 is rebuilt for Electron
// when packaging; exceljs is big and only needed on export).
const EXTERNALS = ['better-sqlite3', 'electron', 'exceljs'];

async function buildEntry(entry) {
  const options = {
    absWorkingDir: root,
    entryPoints: [path.join(root, entry.src)],
    outfile: path.join(outDir, path.basename(entry.out)),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: true,
    // The sandboxed preload may require 'electron' and nothing else: everything else is inlined.
    external: entry.preload ? ['electron'] : EXTERNALS,
    loader: { '.sql': 'text' },
    logLevel: 'warning',
    legalComments: 'none',
  };
  await build(options);
}

async function main() {
  const started = Date.now();
  fs.mkdirSync(outDir, { recursive: true });
  const built = [];
  const failed = [];
  for (const entry of ENTRIES) {
    if (!fs.existsSync(path.join(root, entry.src))) {
      console.log(`build-node: skipping ${entry.out} (${entry.src} does not exist yet)`);
      continue;
    }
    try {
      await buildEntry(entry);
      built.push(entry.out);
    } catch {
      // esbuild already printed the located errors; build the other entries anyway.
      failed.push(entry.out);
    }
  }
  if (!quiet) console.log(`build-node: ${built.join(', ') || 'nothing'} in ${Date.now() - started} ms`);
  if (failed.length > 0) throw new Error(`could not build ${failed.join(', ')}`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((err) => {
    console.error(`build-node: failed: ${err?.message ?? err}`);
    process.exit(1);
  });
}
