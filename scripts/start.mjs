#!/usr/bin/env node
// `npm start` (desktop app) and `npm run web` (= --web, browser mode).
//   node scripts/start.mjs [--web] [--port N]
// Builds what is stale (node bundles, renderer), then starts Electron on this project, or the
// browser bridge when asked to or when Electron's binary is not installed (offline install).
// SLICEWISE_DB picks the workspace (default: the per-user one the CLI uses too).
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

function parseArgs(argv) {
  const args = { web: false, port: 0, help: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--web') args.web = true;
    else if (a === '--port') {
      args.port = Number(argv[++i]);
      if (!Number.isInteger(args.port) || args.port < 0 || args.port > 65535) fail('--port expects a number between 0 and 65535');
    } else if (a === '--help' || a === '-h') args.help = true;
    else fail(`unknown option ${a} (use --web, --port N)`);
  }
  return args;
}

function fail(message) {
  console.error(`slicewise start: ${message}`);
  process.exit(1);
}

/** Newest mtime (ms) of the files under the given paths (files or directories); 0 if none. */
export function newestMtime(paths) {
  let newest = 0;
  const walk = (p) => {
    let st;
    try {
      st = fs.statSync(p);
    } catch {
      return;
    }
    if (st.isDirectory()) {
      for (const name of fs.readdirSync(p)) {
        if (name === 'node_modules' || name.startsWith('.')) continue;
        walk(path.join(p, name));
      }
    } else newest = Math.max(newest, st.mtimeMs);
  };
  for (const p of paths) walk(p);
  return newest;
}

/** Oldest mtime of the outputs, or -1 if one is missing. */
function oldestOutput(files) {
  let oldest = Infinity;
  for (const f of files) {
    try {
      oldest = Math.min(oldest, fs.statSync(f).mtimeMs);
    } catch {
      return -1;
    }
  }
  return oldest;
}

function run(cmd, args, what) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) fail(`${what} failed${r.error ? `: ${r.error.message}` : ''}`);
}

function buildNodeIfStale() {
  const outputs = ['main', 'preload', 'worker', 'web'].map((n) => path.join(root, 'dist', `${n}.cjs`));
  const inputs = newestMtime(['electron', 'shared', 'scripts/build-node.mjs', 'package.json'].map((p) => path.join(root, p)));
  const oldest = oldestOutput(outputs);
  if (oldest >= 0 && oldest >= inputs) return;
  console.log('Building the Node bundles (dist/)…');
  run(process.execPath, [path.join(root, 'scripts', 'build-node.mjs')], 'Building dist/');
}

function buildRendererIfStale() {
  const index = path.join(root, 'dist-renderer', 'index.html');
  const inputs = newestMtime(['renderer', 'shared', 'index.html', 'vite.config.ts', 'package.json'].map((p) => path.join(root, p)));
  const oldest = oldestOutput([index]);
  if (oldest >= 0 && oldest >= inputs) return;
  console.log('Building the renderer (dist-renderer/)…');
  const viteBin = path.join(root, 'node_modules', 'vite', 'bin', 'vite.js');
  if (fs.existsSync(viteBin)) run(process.execPath, [viteBin, 'build'], 'vite build');
  else run(process.platform === 'win32' ? 'npx.cmd' : 'npx', ['vite', 'build'], 'vite build');
}

/** The Electron executable if installed — found WITHOUT require('electron') (which downloads). */
export function electronBinary(rootDir = root) {
  const dir = path.join(rootDir, 'node_modules', 'electron');
  let rel;
  try {
    rel = fs.readFileSync(path.join(dir, 'path.txt'), 'utf8').trim();
  } catch {
    return null;
  }
  if (!rel) return null;
  const base = process.env.ELECTRON_OVERRIDE_DIST_PATH || path.join(dir, 'dist');
  const bin = path.join(base, rel);
  return fs.existsSync(bin) ? bin : null;
}

/** On a machine with a network, fetch Electron's binary (short timeout); offline this fails fast or times out. */
function tryInstallElectron() {
  const installer = path.join(root, 'node_modules', 'electron', 'install.js');
  if (!fs.existsSync(installer) || process.env.SLICEWISE_NO_ELECTRON_DOWNLOAD === '1') return false;
  console.log("Electron's binary is not installed: trying to download it (60 s at most)…");
  const r = spawnSync(process.execPath, [installer], { cwd: root, stdio: ['ignore', 'ignore', 'pipe'], timeout: 60_000 });
  return r.status === 0 && electronBinary() !== null;
}

async function startWeb(args, reason) {
  if (reason) console.log(reason);
  const web = require(path.join(root, 'dist', 'web.cjs'));
  const dbPath = await web.resolveDbPath();
  console.log(`Workspace: ${dbPath}`);
  // main() starts the server, prints "Slicewise (browser mode): http://127.0.0.1:PORT/#token=…"
  // and closes it cleanly on Ctrl-C / SIGTERM.
  await web.main(['--port', String(args.port)]);
  console.log('Open that address in a browser on this machine. Ctrl-C stops.');
}

function startElectron(bin) {
  // In development better-sqlite3 is built for Node, not Electron: the core runs in this Node.
  const env = { ...process.env, SLICEWISE_CORE_NODE: process.execPath };
  delete env.ELECTRON_RUN_AS_NODE;
  const child = spawn(bin, [root], { cwd: root, stdio: 'inherit', env });
  const forward = (signal) => {
    if (child.exitCode === null) child.kill(signal);
  };
  process.on('SIGINT', () => forward('SIGINT'));
  process.on('SIGTERM', () => forward('SIGTERM'));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
  child.on('error', (err) => fail(`could not start Electron: ${err.message}`));
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  if (args.help) {
    console.log('Usage: npm start [-- --port N]   |   npm run web [-- --port N]\nEnv: SLICEWISE_DB=path/to/workspace.sqlite');
    return;
  }
  buildNodeIfStale();
  buildRendererIfStale();
  if (args.web) return startWeb(args, null);
  let bin = electronBinary();
  if (!bin && tryInstallElectron()) bin = electronBinary();
  if (!bin) {
    return startWeb(args, "Electron's binary is not installed (offline?); starting browser mode…");
  }
  if (args.port) console.log('(--port only applies to browser mode)');
  startElectron(bin);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((err) => fail(err?.stack ?? String(err)));
}
