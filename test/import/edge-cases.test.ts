// Import edge cases (issue 11, point 7), through the importer on real SQLite workspaces and
// through the CLI: a header-only file is refused (nothing to import, nothing written); a file
// mixing CRLF, LF and lone CR row endings is read row by row as a spreadsheet reads it, with the
// spreadsheet's row numbers in errors; dates in messages are in the workspace's time zone and
// locale, written by the one formatter of shared/dates.ts that the renderer uses too.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { run } from '../../electron/cli/main';
import { importFile, previewFile } from '../../electron/core/import';
import { listBatches } from '../../electron/core/store/batches';
import { openWorkspace } from '../../electron/core/store/open';
import { setSetting } from '../../electron/core/store/settings';
import * as sharedDates from '../../shared/dates';
import * as rendererFormat from '../../renderer/src/lib/format';
import { tempDir } from '../api/helpers';
import { expectRefused, newWorkspace, uptime, USAGE_HEADER, writeFile } from './helpers';

const CREDITS_HEADER = 'credit_id,owner_id,kind,amount,currency,granted_at,valid_from,expires_at,scope,description';
const FOCUS_HEADER = 'BilledCost,BillingAccountId,BillingCurrency,BillingPeriodStart,ChargeCategory,ServiceName';
const TOTALS_HEADER = 'invoice_id,billing_account_id,billing_period_start,currency,amount';

/** The CLI's stderr while `fn` runs. */
async function stderrOf(fn: () => Promise<number>): Promise<{ code: number; stderr: string }> {
  const lines: string[] = [];
  const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    lines.push(String(chunk));
    return true;
  });
  try {
    return { code: await fn(), stderr: lines.join('') };
  } finally {
    spy.mockRestore();
  }
}

afterEach(() => vi.restoreAllMocks());

describe('a header-only CSV is refused: nothing to import', () => {
  const cases: [string, string, string][] = [
    ['usage.csv', 'usage-csv', USAGE_HEADER],
    ['credits.csv', 'credits', CREDITS_HEADER],
    ['focus.csv', 'focus', FOCUS_HEADER],
    ['totals.csv', 'invoice-totals', TOTALS_HEADER],
  ];
  for (const [name, format, header] of cases) {
    it(`${format}: refused naming the file, the workspace unchanged (header alone, with blank rows, with CRLF)`, async () => {
      const { db, dir } = newWorkspace();
      for (const [i, text] of [`${header}\n`, header, `${header}\r\n\r\n,,\n\n`].entries()) {
        const file = writeFile(dir, `${i}-${name}`, text);
        const err = await expectRefused(db, file, [`${i}-${name}: nothing to import: header only (row 1), no data row below it`]);
        expect(err.file).toBe(`${i}-${name}`);
      }
      expect(listBatches(db)).toEqual([]);
      // Detected as its format from the header, and refused as such (not "imported 0 rows").
      const p = await previewFile(writeFile(dir, `p-${name}`, `${header}\n`));
      expect(p.format).toBe(format);
      expect(p.errors.map((e) => e.message)).toEqual([`p-${name}: nothing to import: header only (row 1), no data row below it`]);
    });
  }

  it('with the header on a later row (a saved layout), the message names that row', async () => {
    const { db, dir } = newWorkspace();
    const file = writeFile(dir, 'offset.csv', `Exported by Acme\n\n${USAGE_HEADER}\n`);
    await expectRefused(db, file, ['offset.csv: nothing to import: header only (row 3), no data row below it'], { format: 'usage-csv', csv: { headerRow: 3 } });
  });

  it('the CLI refuses it on stderr with exit code 1, and writes nothing', async () => {
    const dir = tempDir('slicewise-header-only-');
    const db = path.join(dir, 'w.sqlite');
    const file = writeFile(dir, 'empty-month.csv', `${USAGE_HEADER}\n`);
    const out: string[] = [];
    const r = await stderrOf(() => run(['import', file, '--db', db], (s) => out.push(s)));
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('slicewise: empty-month.csv: nothing to import: header only (row 1), no data row below it\n');
    expect(out.join('\n')).not.toMatch(/imported/);
    expect(listBatches(openWorkspace(db))).toEqual([]);
  });
});

describe('rows ending in CRLF, LF and CR alike are read row by row', () => {
  // Row 2 ends in CRLF, row 3 in LF, row 4 in a lone CR, and so on; a quoted field holds a line break.
  const ENDINGS = ['\r\n', '\n', '\r'];
  const rows = Array.from({ length: 9 }, (_, i) =>
    uptime(`i-${i + 2}`, `2021-03-0${i + 1}T10:00:00Z`, `2021-03-0${i + 1}T11:00:00Z`, i === 4 ? { description: '"two\r\nlines"' } : {}),
  );
  const mixed = (body: string[]) => USAGE_HEADER + '\r\n' + body.map((r, i) => r + ENDINGS[i % 3]).join('');

  it('imports every row, each with the row number a spreadsheet shows', async () => {
    const { db, dir } = newWorkspace();
    const r = await importFile(db, writeFile(dir, 'mixed.csv', mixed(rows)));
    expect(r.rowCount).toBe(9);
    const got = db.prepare('SELECT source_row AS row, instance_id AS instance FROM usage_intervals ORDER BY id').all();
    expect(got).toEqual(rows.map((_, i) => ({ row: String(i + 2), instance: `i-${i + 2}` })));
  });

  it('an error in row N names row N, after rows of every ending', async () => {
    const { db, dir } = newWorkspace();
    const bad = [...rows];
    bad[6] = uptime('i-8', '2021-03-07T10:00:00Z', 'not a date');
    await expectRefused(db, writeFile(dir, 'mixed-bad.csv', mixed(bad)), ['mixed-bad.csv, row 8, field consumption_end: "not a date"']);
  });

  it('a FOCUS file too, the same through the CLI', async () => {
    const dir = tempDir('slicewise-mixed-');
    const db = path.join(dir, 'w.sqlite');
    const body = Array.from({ length: 6 }, (_, i) => `${i + 1},A,USD,2024-09-01 00:00:00,Usage,S${i}`);
    const file = writeFile(dir, 'focus-mixed.csv', FOCUS_HEADER + '\n' + body.map((r, i) => r + ENDINGS[i % 3]).join(''));
    const out: string[] = [];
    expect(await run(['import', file, '--db', db], (s) => out.push(s))).toBe(0);
    expect(out[0]).toMatch(/^imported focus-mixed\.csv: focus, 6 rows \(batch 1\)$/);
    const badFile = writeFile(
      dir,
      'focus-mixed-bad.csv',
      FOCUS_HEADER + '\r' + body.map((r, i) => (i === 3 ? r.replace('Usage', 'Usagee') : r) + ENDINGS[i % 3]).join(''),
    );
    const r = await stderrOf(() => run(['import', badFile, '--db', db], () => undefined));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^slicewise: focus-mixed-bad\.csv, row 5, field ChargeCategory: "Usagee"/);
  });
});

describe('dates in import messages: the workspace time zone and locale', () => {
  const USAGE = [USAGE_HEADER, uptime('i-1', '2021-03-01T10:00:00Z', '2021-03-01T11:00:00Z')].join('\n');
  /** Intl's own words for an instant, written here independently of shared/dates.ts. */
  const intl = (ms: number, locale: string, timeZone: string) =>
    new Intl.DateTimeFormat(locale, {
      timeZone,
      year: 'numeric',
      month: 'short',
      day: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    }).format(ms);

  it('a file already imported: when, in the workspace zone and locale (Paris in English, then UTC in French)', async () => {
    const { db, dir } = newWorkspace();
    await importFile(db, writeFile(dir, 'march.csv', USAGE));
    const at = listBatches(db)[0]!.importedAt;
    await expectRefused(db, writeFile(dir, 'again.csv', USAGE), [
      `again.csv: was already imported on ${intl(at, 'en-US', 'Europe/Paris')} (Europe/Paris) (batch 1 as march.csv)`,
    ]);
    setSetting(db, 'settings', JSON.stringify({ timeZone: 'UTC', locale: 'fr' }));
    const err = await expectRefused(db, writeFile(dir, 'encore.csv', USAGE), [
      `encore.csv: was already imported on ${intl(at, 'fr-FR', 'UTC')} (UTC) (batch 1 as march.csv)`,
    ]);
    expect(err.message).not.toMatch(/\d{4}-\d\d-\d\dT|\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC/);
  });

  it('an overlap: both intervals in the workspace zone and locale', async () => {
    const { db, dir } = newWorkspace();
    setSetting(db, 'settings', JSON.stringify({ timeZone: 'UTC', locale: 'fr' }));
    const text = [
      USAGE_HEADER,
      uptime('i-1', '2021-03-01T10:00:00Z', '2021-03-01T11:00:00Z'),
      uptime('i-1', '2021-03-01T10:30:00.25Z', '2021-03-01T12:00:00Z'),
    ].join('\n');
    await expectRefused(db, writeFile(dir, 'overlap.csv', text), [
      'overlap.csv, row 3, field consumption_start: interval 1 mars 2021, 10:30:00,25 → 1 mars 2021, 12:00:00 (UTC) of owner orga_1, item app_1, instance i-1 overlaps row 2 (1 mars 2021, 10:00:00 → 1 mars 2021, 11:00:00 (UTC))',
    ]);
  });

  it('the CLI prints the same message', async () => {
    const dir = tempDir('slicewise-dup-cli-');
    const db = path.join(dir, 'w.sqlite');
    const file = writeFile(dir, 'march.csv', USAGE);
    expect(await run(['import', file, '--db', db], () => undefined)).toBe(0);
    const r = await stderrOf(() => run(['import', file, '--db', db], () => undefined));
    expect(r.code).toBe(1);
    const w = openWorkspace(db);
    const at = listBatches(w)[0]!.importedAt;
    expect(r.stderr).toBe(
      `slicewise: march.csv: was already imported on ${intl(at, 'en-US', 'Europe/Paris')} (Europe/Paris) (batch 1); the same file (SHA-256 ${listBatches(w)[0]!.sha256.slice(0, 12)}…) is not imported twice\n`,
    );
    expect(listBatches(w)).toHaveLength(1);
  });

  it('the renderer shows dates with the same formatter', () => {
    expect(rendererFormat.formatDateTime).toBe(sharedDates.formatDateTime);
    expect(rendererFormat.formatExactDateTime).toBe(sharedDates.formatExactDateTime);
    expect(rendererFormat.formatDate).toBe(sharedDates.formatDate);
    expect(rendererFormat.formatPeriod).toBe(sharedDates.formatPeriod);
    expect(fs.existsSync(path.resolve(__dirname, '../../shared/dates.ts'))).toBe(true);
  });
});
