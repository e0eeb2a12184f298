#!/usr/bin/env node
// `npx slicewise …`: runs the bundled CLI, building it first if dist/ is missing (fresh clone).
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const root = path.join(__dirname, '..');
const cli = path.join(root, 'dist', 'cli.cjs');

if (!fs.existsSync(cli)) {
  // Build output goes to stderr: stdout belongs to the CLI.
  const r = spawnSync(process.execPath, [path.join(root, 'scripts', 'build-node.mjs'), '--quiet'], {
    cwd: root,
    stdio: ['ignore', process.stderr, 'inherit'],
  });
  if (r.status !== 0 || !fs.existsSync(cli)) {
    console.error('slicewise: could not build dist/cli.cjs; run `npm install` in ' + root);
    process.exit(1);
  }
}

require(cli).main();
