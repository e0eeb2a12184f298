#!/usr/bin/env node
// `npm run dist [-- electron-builder args, e.g. --linux AppImage | --win | --mac | --dir]`
// Builds the bundles and the renderer, then packages with electron-builder (electron-builder.yml).
// electron-builder rebuilds better-sqlite3 for Electron's ABI *in node_modules* (npmRebuild);
// this script saves Node's build of the addon first and puts it back afterwards, so the CLI,
// the browser mode and the tests keep working after a packaging run.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const addonDir = path.join(root, 'node_modules', 'better-sqlite3', 'build');
const backupDir = path.join(root, '.tmp', 'better-sqlite3-node-build');

function run(cmd, args, what) {
  console.log(`\n> ${what}`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`${what} failed${r.error ? `: ${r.error.message}` : ` (exit ${r.status})`}`);
}

function saveNodeAddon() {
  if (!fs.existsSync(addonDir)) return false;
  fs.rmSync(backupDir, { recursive: true, force: true });
  fs.mkdirSync(path.dirname(backupDir), { recursive: true });
  fs.cpSync(addonDir, backupDir, { recursive: true });
  return true;
}

function restoreNodeAddon() {
  if (!fs.existsSync(backupDir)) return;
  fs.rmSync(addonDir, { recursive: true, force: true });
  fs.cpSync(backupDir, addonDir, { recursive: true });
  fs.rmSync(backupDir, { recursive: true, force: true });
  console.log("\nRestored Node's build of better-sqlite3 in node_modules.");
}

function main() {
  const passthrough = process.argv.slice(2);
  run(process.execPath, [path.join(root, 'scripts', 'build-node.mjs')], 'Node bundles (dist/)');
  run(process.execPath, [path.join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build'], 'Renderer (dist-renderer/)');
  for (const f of ['dist/main.cjs', 'dist/preload.cjs', 'dist/worker.cjs', 'dist-renderer/index.html']) {
    if (!fs.existsSync(path.join(root, f))) throw new Error(`${f} is missing after the build`);
  }
  const saved = saveNodeAddon();
  try {
    const cli = path.join(root, 'node_modules', 'electron-builder', 'cli.js');
    run(process.execPath, [cli, '--config', 'electron-builder.yml', '--publish', 'never', ...passthrough], 'electron-builder');
  } finally {
    if (saved) restoreNodeAddon();
  }
  console.log(`\nPackages are in ${path.join(root, 'release')}`);
}

try {
  main();
} catch (err) {
  console.error(`dist: ${err?.message ?? err}`);
  process.exit(1);
}
