// Driving LibreOffice headless for the export tests: where soffice is, an isolated profile (its
// own settings, never the user's), and a conversion. Needs `soffice` (Debian:
// libreoffice-calc-nogui); a test using it is skipped with a message when it is missing, except in
// CI (CI=true), where a missing soffice fails the test.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

export function findOnPath(name: string): string | null {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    for (const candidate of process.platform === 'win32' ? [`${name}.exe`, `${name}.com`] : [name]) {
      const full = path.join(dir, candidate);
      try {
        fs.accessSync(full, fs.constants.X_OK);
        if (fs.statSync(full).isFile()) return full;
      } catch {
        /* not here */
      }
    }
  }
  return null;
}

export const SOFFICE = findOnPath('soffice');
export const IN_CI = process.env.CI === 'true';

/**
 * A fresh profile that recalculates OOXML files on load (the default is "never" and trusts stored
 * results) and uses the en-US locale (number display and the default paper, Letter), whatever the
 * machine's.
 */
export function isolatedProfile(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lo-profile-'));
  fs.mkdirSync(path.join(dir, 'user'), { recursive: true });
  fs.writeFileSync(
    path.join(dir, 'user', 'registrymodifications.xcu'),
    `<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Setup/L10N"><prop oor:name="ooSetupSystemLocale" oor:op="fuse"><value>en-US</value></prop></item>
</oor:items>
`,
  );
  return dir;
}

/** Converts `files` into `outDir` with a `--convert-to` target (`pdf`, or a CSV filter), in a fresh profile. */
export async function convert(files: string[], outDir: string, target: string): Promise<{ stdout: string; stderr: string }> {
  if (!SOFFICE) throw new Error('soffice is not on PATH, and CI=true requires the LibreOffice checks (install libreoffice-calc-nogui)');
  const profile = isolatedProfile();
  const args = [
    `-env:UserInstallation=${pathToFileURL(profile).href}`,
    '--headless',
    '--norestore',
    '--nolockcheck',
    '--convert-to',
    target,
    '--outdir',
    outDir,
    ...files,
  ];
  try {
    return await new Promise((resolve, reject) => {
      execFile(SOFFICE, args, { timeout: 120_000, killSignal: 'SIGKILL' }, (error, stdout, stderr) => {
        if (error) reject(new Error(`soffice failed: ${error.message}\n${stdout}\n${stderr}`));
        else resolve({ stdout, stderr });
      });
    });
  } finally {
    fs.rmSync(profile, { recursive: true, force: true });
  }
}
