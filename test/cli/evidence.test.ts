// The evidence pack through the command line: `export --evidence FILE.zip` writes a zip (read back
// with a real zip reader) whose manifest names every source file the figures come from — found
// again by re-hashing the files that were imported —, whose workbook is the exported one and
// passes `audit verify --against`, and whose audit entries are the period's, each with a hash that
// recomputes. A failed export leaves no pack and no temporary file.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import JSZip from 'jszip';
import { beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../electron/cli/main';
import { SOFTWARE_VERSION } from '../../shared/version';
import { expectedSample, openTestCore, sampleFiles, tempDir } from '../api/helpers';
import { readWorkbook, sheet, summaryRows } from '../export/xlsx-helpers';

const ROOT = path.resolve(__dirname, '../..');
const PERIOD = '2021-03';
const { ownerId } = expectedSample();
const OWNER_NAME = 'Acme Retail';
const MEMBERS = ['march.xlsx', 'manifest.json', 'audit.jsonl', 'README.txt', 'SHA256SUMS'];

async function cli(args: string[]): Promise<{ code: number; out: string }> {
  const lines: string[] = [];
  try {
    const code = await run(args, (s) => lines.push(s));
    return { code, out: lines.join('\n') };
  } catch (err) {
    return { code: 1, out: `${lines.join('\n')}\nslicewise: ${(err as Error).message}` };
  }
}

const sha256 = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

interface Manifest {
  kind: string;
  software: { name: string; version: string };
  owner: string;
  period: { id: string; timeZone: string; firstDay: string; lastDay: string };
  parameters: { timeZone: string; granularitySeconds: number; tolerance: string; vatPercent: string };
  figures: { total: string; lines: number; statuses: Record<string, number>; reviews: Record<string, number>; changedSinceReview: number };
  workbook: { file: string; sha256: string; bytes: number };
  sourceFiles: { name: string; sha256: string; format: string; rows: number; bytes: number }[];
  audit: { head: string; file: string; entries: number };
  signOff: { by: string; at: string; auditEntry: number } | null;
}

interface Entry {
  seq: number;
  at: number;
  actor: string;
  action: string;
  subject: string;
  detail: string;
  prevHash: string;
  hash: string;
}

async function openPack(file: string) {
  const zip = await JSZip.loadAsync(fs.readFileSync(file));
  const text = (name: string) => zip.file(name)!.async('string');
  const manifest = JSON.parse(await text('manifest.json')) as Manifest;
  const entries = (await text('audit.jsonl'))
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Entry);
  return { zip, manifest, entries, text, workbook: (name: string) => zip.file(name)!.async('nodebuffer') };
}

describe('export --evidence', () => {
  const dir = tempDir('slicewise-cli-evidence-');
  const db = path.join(dir, 'w.sqlite');
  const workbook = path.join(dir, 'march.xlsx');
  const pack = path.join(dir, 'march-evidence.zip');
  /** What each import printed: file name → format and rows. */
  const imported = new Map<string, { format: string; rows: number }>();
  let headBeforeExport: string;
  let exportOut: string;

  beforeAll(async () => {
    const im = await cli(['import', ...sampleFiles(), '--db', db]);
    expect(im.code, im.out).toBe(0);
    for (const m of im.out.matchAll(/^imported (.+): ([\w-]+), (\d+) rows/gm)) imported.set(m[1]!, { format: m[2]!, rows: Number(m[3]) });
    // A name given in the app: the manifest and the README name the owner by it, beside its id.
    const core = openTestCore(db);
    try {
      await core.call('owners.rename', { ownerId, name: OWNER_NAME });
    } finally {
      core.close();
    }
    // Other periods' entries, which the pack must leave out.
    for (const period of ['2021-03', '2021-04']) expect((await cli(['reconcile', '--period', period, '--db', db])).code).toBe(0);
    const rec = await cli(['reconcile', '--period', PERIOD, '--db', db]);
    headBeforeExport = /^audit head (\S+)$/m.exec(rec.out)![1]!;
    const ex = await cli(['export', '--period', PERIOD, '--out', workbook, '--evidence', pack, '--db', db]);
    expect(ex.code, ex.out).toBe(0);
    exportOut = ex.out;
  });

  it('writes the workbook and the pack, private to the user, and says so', async () => {
    expect(exportOut).toMatch(/^wrote .*march\.xlsx \(\d+ lines, \d+ bytes\)$/m);
    expect(exportOut).toMatch(/^wrote .*march-evidence\.zip \(evidence pack: march\.xlsx, \d+ source files, \d+ audit entries, \d+ bytes\)$/m);
    expect(fs.statSync(pack).mode & 0o777).toBe(0o600);
    const { zip } = await openPack(pack);
    expect(Object.keys(zip.files).sort()).toEqual([...MEMBERS].sort());
    // No temporary file left beside them.
    expect(fs.readdirSync(dir).filter((f) => f.includes('.slicewise-'))).toEqual([]);
  });

  it('holds the exported workbook itself: same bytes, the SHA-256 the manifest and the export entry record', async () => {
    const { manifest, workbook: member } = await openPack(pack);
    const inPack = await member('march.xlsx');
    expect(inPack.equals(fs.readFileSync(workbook))).toBe(true);
    expect(manifest.workbook).toEqual({ file: 'march.xlsx', sha256: sha256(inPack), bytes: inPack.length });
    const raw = new Database(db, { readonly: true });
    const last = raw.prepare('SELECT action, detail FROM audit_log ORDER BY seq DESC LIMIT 1').get() as { action: string; detail: string };
    raw.close();
    expect(last.action).toBe('export');
    const detail = JSON.parse(last.detail) as { file: string; sha256: string; evidence: { file: string; sha256: string; bytes: number } };
    expect(detail.sha256).toBe(manifest.workbook.sha256);
    expect(detail.evidence).toEqual({ file: pack, sha256: sha256(fs.readFileSync(pack)), bytes: fs.statSync(pack).size });
  });

  it('names every source file with the SHA-256 of the file imported, its format and rows', async () => {
    const { manifest } = await openPack(pack);
    const byHash = new Map(sampleFiles().map((f) => [sha256(fs.readFileSync(f)), f]));
    expect(manifest.sourceFiles.length).toBeGreaterThan(0);
    for (const f of manifest.sourceFiles) {
      const file = byHash.get(f.sha256);
      expect(file, `${f.name} ${f.sha256} is none of the imported files`).toBeDefined();
      expect(f.name).toBe(path.basename(file!));
      expect({ format: f.format, rows: f.rows }).toEqual(imported.get(f.name));
      expect(f.bytes).toBe(fs.statSync(file!).size);
    }
    // The files of March's figures are there; the other account's FOCUS export is not.
    const names = manifest.sourceFiles.map((f) => f.name);
    for (const n of ['catalog-2021.json', 'credits.csv', 'invoice-2021-03.json', 'usage-2021-03.csv']) expect(names).toContain(n);
    expect(names).not.toContain('focus-aws-2021-04-05.csv');
    // The same list as the workbook's Summary.
    const wb = await readWorkbook(workbook);
    const summary: string[] = [];
    sheet(wb, 'Summary').eachRow((row) => {
      if (row.getCell(1).value === 'Source file') summary.push(String(row.getCell(2).value));
    });
    expect(summary).toEqual(manifest.sourceFiles.map((f) => `${f.name} — ${f.sha256}`));
  });

  it('states the parameters, the software version and the audit head the workbook states', async () => {
    const { manifest } = await openPack(pack);
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(SOFTWARE_VERSION).toBe(pkg.version);
    expect(manifest).toMatchObject({
      kind: 'slicewise-evidence-pack',
      software: { name: 'Slicewise', version: pkg.version },
      owner: ownerId,
      ownerName: OWNER_NAME,
      period: { id: PERIOD, timeZone: 'Europe/Paris', firstDay: '2021-03-01', lastDay: '2021-03-31' },
      parameters: { timeZone: 'Europe/Paris', granularitySeconds: 600, tolerance: '0.01' },
    });
    const wb = await readWorkbook(workbook);
    expect(manifest.audit.head).toBe(summaryRows(sheet(wb, 'Summary')).get('Audit head')!.cell.value);
    expect(manifest.audit.head).toBe(headBeforeExport);
    // The lines per status and review state add up to the lines; none reviewed yet.
    expect(Object.values(manifest.figures.statuses).reduce((a, b) => a + b, 0)).toBe(manifest.figures.lines);
    expect(manifest.figures.statuses.over_billed).toBeGreaterThan(0);
    expect(manifest.figures.reviews).toEqual({ unreviewed: manifest.figures.lines });
  });

  it("holds the period's audit entries, each hash recomputing, the same as the workbook's Audit sheet", async () => {
    const { manifest, entries } = await openPack(pack);
    expect(manifest.audit).toMatchObject({ file: 'audit.jsonl', entries: entries.length });
    for (const e of entries) {
      expect(sha256(e.prevHash + JSON.stringify([e.seq, e.at, e.actor, e.action, e.subject, e.detail])), `entry ${e.seq}`).toBe(e.hash);
    }
    // Independently of the export's query: the owner's March entries, the imports of its files, the settings changes.
    const headN = Number(manifest.audit.head.split(':')[0]);
    const raw = new Database(db, { readonly: true });
    const all = raw.prepare('SELECT seq, action, subject, detail FROM audit_log WHERE seq <= ? ORDER BY seq').all(headN) as Entry[];
    raw.close();
    const files = new Set(manifest.sourceFiles.map((f) => f.sha256));
    const subject = `${ownerId} ${PERIOD}`;
    const expected = all.filter(
      (e) =>
        e.subject === subject ||
        e.subject.startsWith(`${subject} `) ||
        e.action === 'settings' ||
        (e.action === 'import' && files.has((JSON.parse(e.detail) as { sha256: string }).sha256)),
    );
    expect(entries.map((e) => e.seq)).toEqual(expected.map((e) => e.seq));
    expect(entries.some((e) => e.action === 'reconcile' && e.subject === subject)).toBe(true);
    expect(all.some((e) => e.subject === `${ownerId} 2021-04`)).toBe(true);
    expect(entries.some((e) => e.subject.startsWith(`${ownerId} 2021-04`))).toBe(false);
    expect(entries.at(-1)!.seq).toBeLessThanOrEqual(headN);
    const wb = await readWorkbook(workbook);
    const sheetHashes: string[] = [];
    sheet(wb, 'Audit').eachRow((row, n) => {
      if (n > 1) sheetHashes.push(String(row.getCell(6).value));
    });
    expect(sheetHashes).toEqual(entries.map((e) => e.hash));
  });

  it('checks its own members (SHA256SUMS) and explains how to verify in its README', async () => {
    const { text, zip } = await openPack(pack);
    const sums = (await text('SHA256SUMS')).trim().split('\n');
    expect(sums.map((l) => l.split('  ')[1])).toEqual(['march.xlsx', 'manifest.json', 'audit.jsonl', 'README.txt']);
    for (const l of sums) {
      const [h, name] = l.split('  ');
      expect(sha256(await zip.file(name!)!.async('nodebuffer')), name).toBe(h);
    }
    const readme = await text('README.txt');
    expect(readme.split('\n')[0]).toBe(`Slicewise evidence pack: ${OWNER_NAME} (${ownerId}), ${PERIOD}`);
    expect(readme).toContain('sha256sum -c SHA256SUMS');
    expect(readme).toContain('slicewise audit verify --against march.xlsx');
  });

  it("passes audit verify --against the pack's workbook, unzipped", async () => {
    const { workbook: member } = await openPack(pack);
    const unzipped = path.join(dir, 'unzipped');
    fs.mkdirSync(unzipped);
    const file = path.join(unzipped, 'march.xlsx');
    fs.writeFileSync(file, await member('march.xlsx'));
    const r = await cli(['audit', 'verify', '--against', file, '--db', db]);
    expect(r.code, r.out).toBe(0);
    expect(r.out).toContain(`it still holds the head ${headBeforeExport}`);
    expect(r.out).toMatch(/entry \d+ records the export of/);
  });

  it('passes audit verify --against the pack itself; a pack changed since, or a log cut short, fails', async () => {
    const r = await cli(['audit', 'verify', '--against', pack, '--db', db]);
    expect(r.code, r.out).toBe(0);
    expect(r.out).toContain(`it still holds the head ${headBeforeExport} stated by ${pack}`);
    expect(r.out).toMatch(/entry \d+ records the export of .*march-evidence\.zip/);
    // Its audit entries edited (and SHA256SUMS recomputed: the pack is consistent in itself), the workbook untouched.
    const { zip, text } = await openPack(pack);
    const edited = (await text('audit.jsonl')).replace(/"actor":"[^"]*"/, '"actor":"mallory"');
    zip.file('audit.jsonl', edited);
    const sums = (await text('SHA256SUMS')).replace(/^[0-9a-f]{64}(?= {2}audit\.jsonl$)/m, sha256(edited));
    expect(sums).not.toBe(await text('SHA256SUMS'));
    zip.file('SHA256SUMS', sums);
    const forged = path.join(dir, 'forged.zip');
    fs.writeFileSync(forged, await zip.generateAsync({ type: 'nodebuffer' }));
    const f = await cli(['audit', 'verify', '--against', forged, '--db', db]);
    expect(f.code).toBe(1);
    expect(f.out).toMatch(/no export entry records the evidence pack forged\.zip \(SHA-256 [0-9a-f]{12}…\): it was changed or rebuilt since it was exported/);
    // The log's last entries (the export's among them) deleted: the pack's workbook is recorded nowhere.
    const cut = path.join(dir, 'cut.sqlite');
    const w = new Database(db);
    w.exec(`VACUUM INTO '${cut}'`);
    w.close();
    const c = new Database(cut);
    c.exec(`DELETE FROM audit_log WHERE seq > ${Number(headBeforeExport.split(':')[0])}`);
    c.close();
    const t = await cli(['audit', 'verify', '--against', pack, '--db', cut]);
    expect(t.code).toBe(1);
    expect(t.out).toMatch(/no export entry records .*march-evidence\.zip's workbook march\.xlsx/);
  });

  it('writes only the pack without --out: its workbook is nowhere else, and verifies', async () => {
    const only = path.join(dir, 'only', 'april.zip');
    fs.mkdirSync(path.dirname(only));
    const r = await cli(['export', '--period', '2021-04', '--owner', ownerId, '--evidence', only, '--db', db]);
    expect(r.code, r.out).toBe(0);
    expect(r.out).toMatch(/evidence pack: april\.xlsx with \d+ lines/);
    expect(fs.readdirSync(path.dirname(only))).toEqual(['april.zip']);
    const { zip, manifest, workbook: member } = await openPack(only);
    expect(Object.keys(zip.files)).toContain('april.xlsx');
    expect(manifest.period.id).toBe('2021-04');
    const file = path.join(dir, 'april-unzipped.xlsx');
    fs.writeFileSync(file, await member('april.xlsx'));
    expect((await cli(['audit', 'verify', '--against', file, '--db', db])).code).toBe(0);
  });

  it('a failed export leaves no pack, no workbook, no temporary file and no entry', async () => {
    const raw = () => new Database(db, { readonly: true });
    const count = () => {
      const r = raw();
      const n = (r.prepare('SELECT count(*) AS n FROM audit_log').get() as { n: number }).n;
      r.close();
      return n;
    };
    const before = count();
    // A pack in a folder that does not exist: the workbook is staged, then the pack fails, before anything is committed.
    const bad = path.join(dir, 'missing', 'pack.zip');
    const out = path.join(dir, 'failed.xlsx');
    const r = await cli(['export', '--period', PERIOD, '--out', out, '--evidence', bad, '--db', db]);
    expect(r.code).toBe(1);
    expect(fs.existsSync(bad)).toBe(false);
    expect(fs.existsSync(out)).toBe(false);
    expect(fs.readdirSync(dir).filter((f) => f.includes('.slicewise-'))).toEqual([]);
    expect(count()).toBe(before);
    const same = await cli(['export', '--period', PERIOD, '--out', out, '--evidence', out, '--db', db]);
    expect(same.out).toMatch(/the workbook and the evidence pack cannot be the same file/);
    expect(count()).toBe(before);
  });

  it('counts the lines changed since review, and names a file imported since with its SHA-256', async () => {
    const key = `${ownerId}|application|app_5e0c3f9a-1b2d-4e8f-a7c6-0d9e8f7a6b51|apps.XS`;
    const core = openTestCore(db);
    try {
      await core.call('lines.setReview', { period: PERIOD, ownerId, lineKeys: [key], state: 'approved' });
    } finally {
      core.close();
    }
    const late = path.join(dir, 'usage-late.csv');
    fs.writeFileSync(
      late,
      'owner_id,item_type,item_id,item_name,instance_id,price_id,flavor_name,zone_id,consumption_start,consumption_end,quantity,unit,plan_id,description,unit_price,currency\n' +
        `${ownerId},uptime,app_5e0c3f9a-1b2d-4e8f-a7c6-0d9e8f7a6b51,shop-frontend,late-1,apps.XS,XS,par,2021-03-20T10:00:00+01:00,2021-03-20T11:00:00+01:00,,,,,,\n`,
    );
    expect((await cli(['import', late, '--db', db])).code).toBe(0);
    const changed = path.join(dir, 'changed.zip');
    const r = await cli(['export', '--period', PERIOD, '--owner', ownerId, '--evidence', changed, '--db', db]);
    expect(r.code, r.out).toBe(0);
    expect(r.out).toMatch(/rated and reconciled .* first/); // the late file made March stale
    const { manifest } = await openPack(changed);
    expect(manifest.figures.changedSinceReview).toBe(1);
    expect(manifest.sourceFiles).toContainEqual(
      expect.objectContaining({ name: 'usage-late.csv', sha256: sha256(fs.readFileSync(late)), format: 'usage-csv', rows: 1 }),
    );
  });

  it('states the sign-off of a closed period: who and when, and the entry that records it', async () => {
    const core = openTestCore(db);
    try {
      const keys = (await core.call('lines.list', { period: PERIOD, ownerId, limit: 5000 })).rows.map((r) => r.key);
      await core.call('lines.setReview', { period: PERIOD, ownerId, lineKeys: keys, state: 'approved' });
    } finally {
      core.close();
    }
    const closed = await cli(['close', '--period', PERIOD, '--owner', ownerId, '--db', db]);
    expect(closed.code, closed.out).toBe(0);
    const closedPack = path.join(dir, 'closed.zip');
    const r = await cli(['export', '--period', PERIOD, '--owner', ownerId, '--evidence', closedPack, '--db', db]);
    expect(r.code, r.out).toBe(0);
    expect(r.out).toMatch(/is closed: exported as signed off by/);
    const { manifest, entries } = await openPack(closedPack);
    const raw = new Database(db, { readonly: true });
    const close = raw.prepare("SELECT seq, actor, at FROM audit_log WHERE action = 'close' ORDER BY seq DESC LIMIT 1").get() as Entry;
    raw.close();
    expect(manifest.signOff).toEqual({ by: close.actor, at: new Date(close.at).toISOString(), auditEntry: close.seq });
    expect(entries.map((e) => e.seq)).toContain(close.seq);
    // An open period's pack says so.
    expect((await openPack(pack)).manifest).toMatchObject({ signOff: null });
    // Every line approved before the sign-off: the review counts say so.
    expect(manifest.figures.reviews).toEqual({ approved: manifest.figures.lines });
    expect(manifest.figures.changedSinceReview).toBe(0);
  });

  it('--help documents --evidence', async () => {
    expect((await cli(['export', '--help'])).out).toContain('--evidence FILE.zip');
  });
});
