// The evidence pack: one zip holding the exported workbook, a manifest (source files with their
// SHA-256, format and rows; the parameters; the software version; the audit head), the period's
// audit entries as JSON lines, a README saying how to check them, and SHA256SUMS over the other
// members. Staged like the workbook (temporary file beside the destination, 0600, renamed by the
// export once its entry is committed). What it proves and what not: docs/audit.md, "Evidence pack".
import archiver from 'archiver';
import JSZip from 'jszip';
import { createHash } from 'node:crypto';
import fsp from 'node:fs/promises';
import type { AtomicOptions, StagedFile } from './workbook/atomic';
import { stageFile } from './workbook/atomic';

export const MANIFEST_NAME = 'manifest.json';
export const AUDIT_NAME = 'audit.jsonl';
export const README_NAME = 'README.txt';
export const SUMS_NAME = 'SHA256SUMS';

export interface EvidenceContent {
  /** The staged workbook (its temporary file) and its name inside the pack. */
  workbook: { tmp: string; name: string; sha256: string };
  manifest: unknown;
  /** One JSON object per entry, in log order. */
  auditLines: readonly string[];
  readme: string;
  /** The members' modification time (the export's time). */
  date: Date;
}

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/** Writes the pack beside `zipPath` (nothing at `zipPath` itself); on any error nothing is left. */
export async function stageEvidencePack(zipPath: string, c: EvidenceContent, opts: AtomicOptions = {}): Promise<StagedFile> {
  const manifest = `${JSON.stringify(c.manifest, null, 2)}\n`;
  const audit = c.auditLines.map((l) => `${l}\n`).join('');
  const sums = [
    [c.workbook.sha256, c.workbook.name],
    [sha256(manifest), MANIFEST_NAME],
    [sha256(audit), AUDIT_NAME],
    [sha256(c.readme), README_NAME],
  ]
    .map(([h, n]) => `${h}  ${n}\n`)
    .join('');
  return stageFile(
    zipPath,
    (out) =>
      new Promise<void>((resolve, reject) => {
        const zip = archiver('zip', { zlib: { level: 6 } });
        const fail = (err: unknown) => {
          zip.abort();
          reject(err instanceof Error ? err : new Error(String(err)));
        };
        zip.on('error', fail);
        zip.on('warning', fail); // a missing member is an error here, not a warning
        out.once('error', fail);
        out.once('finish', () => resolve());
        zip.pipe(out);
        const date = c.date;
        zip.file(c.workbook.tmp, { name: c.workbook.name, date, mode: 0o600 });
        zip.append(manifest, { name: MANIFEST_NAME, date, mode: 0o600 });
        zip.append(audit, { name: AUDIT_NAME, date, mode: 0o600 });
        zip.append(c.readme, { name: README_NAME, date, mode: 0o600 });
        zip.append(sums, { name: SUMS_NAME, date, mode: 0o600 });
        zip.finalize().catch(fail);
      }),
    opts,
  );
}

export interface ReadPack {
  manifest: { kind?: unknown; workbook?: { file?: unknown; sha256?: unknown }; audit?: { head?: unknown } };
  workbook: { name: string; bytes: Buffer };
  /** audit.jsonl, parsed. */
  entries: { seq: number; hash: string }[];
}

/**
 * An evidence pack read back (`audit verify --against PACK.zip`), or null when the file is not one
 * (a workbook is a zip too, without our manifest). Throws a sentence naming the file when it is a
 * pack with a member missing or unreadable.
 */
export async function readEvidencePack(file: string, name: string, kind: string): Promise<ReadPack | null> {
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(await fsp.readFile(file));
  } catch {
    return null;
  }
  const manifestFile = zip.file(MANIFEST_NAME);
  if (!manifestFile || zip.file('xl/workbook.xml')) return null;
  let manifest: ReadPack['manifest'];
  try {
    manifest = JSON.parse(await manifestFile.async('string')) as ReadPack['manifest'];
  } catch {
    return null;
  }
  if (manifest?.kind !== kind) return null;
  const book = typeof manifest.workbook?.file === 'string' ? zip.file(manifest.workbook.file) : null;
  if (!book) throw new Error(`${name} is an evidence pack without the workbook its manifest names`);
  const audit = zip.file(AUDIT_NAME);
  if (!audit) throw new Error(`${name} is an evidence pack without its ${AUDIT_NAME}`);
  let entries: ReadPack['entries'];
  try {
    entries = (await audit.async('string'))
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => JSON.parse(l) as { seq: number; hash: string });
  } catch {
    throw new Error(`${name}: its ${AUDIT_NAME} is not one JSON object per line`);
  }
  return { manifest, workbook: { name: String(manifest.workbook!.file), bytes: await book.async('nodebuffer') }, entries };
}
