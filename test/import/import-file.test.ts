// Cross-format behaviour: detection, refused re-imports, guards, previews, batches, cancel.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { type CsvOptions, ImportError, importFile, previewFile } from '../../electron/core/import';
import { listBatches } from '../../electron/core/store/batches';
import { expectRefused, FIXTURES, newWorkspace, snapshot, tempDir, uptime, USAGE_HEADER, writeFile } from './helpers';

const USAGE = [USAGE_HEADER, uptime('i-1', '2021-03-01T10:00:00Z', '2021-03-01T11:00:00Z')].join('\n');
const CREDITS = 'credit_id,owner_id,kind,amount,currency,granted_at,valid_from,expires_at,scope,description\ncr-1,o,free,5,EUR,2021-03-01T00:00:00Z,,,all,\n';
const FOCUS = 'BilledCost,BillingAccountId,BillingCurrency,BillingPeriodStart,ChargeCategory,ServiceName\n1,A,USD,2024-09-01 00:00:00,Usage,EC2\n';

/** The format an import would use: detected by the preview (the same detection as importFile). */
const detected = async (p: string, csv?: CsvOptions) => (await previewFile(p, csv ? { csv } : {})).format;

describe('format detection (from content, never the extension)', () => {
  it('recognises each format whatever the file is called', async () => {
    const dir = tempDir();
    const cases: [string, string | Buffer, string][] = [
      ['a.txt', fs.readFileSync(path.join(FIXTURES, 'invoice-v4.json')), 'cc-invoice'],
      ['b.csv', fs.readFileSync(path.join(FIXTURES, 'catalog.json')), 'catalog'],
      ['c.json', USAGE, 'usage-csv'],
      ['d.dat', CREDITS, 'credits'],
      ['e', '[{"credit_id": "x"}]', 'credits'],
      ['f.json', `\ufeff${FOCUS.replaceAll(',', ';')}`, 'focus'],
      ['g.csv', '[{"invoice_number": "1", "uptimes": []}]', 'cc-invoice'],
    ];
    for (const [name, content, format] of cases) expect(await detected(writeFile(dir, name, content)), name).toBe(format);
  });

  it('uses the header row offset and the mapping when given', async () => {
    const dir = tempDir();
    const p = writeFile(dir, 'x.csv', 'report\n\nWho;What;Id;Start\no;uptime;a;2021-03-01T00:00:00Z\n');
    await expect(previewFile(p)).rejects.toThrow(ImportError);
    expect(await detected(p, { headerRow: 3, mapping: { owner_id: 'Who', item_type: 'What' } })).toBe('usage-csv');
  });

  it('names the file when the format is unknown', async () => {
    const dir = tempDir();
    await expect(previewFile(writeFile(dir, 'mystery.csv', 'a,b,c\n1,2,3\n'))).rejects.toThrow(
      /^mystery\.csv: is not a recognised format \(header row 1: "a", "b", "c"\)/,
    );
    await expect(previewFile(writeFile(dir, 'mystery.json', '{"hello": "world"}'))).rejects.toThrow(/^mystery\.json: is JSON but not a recognised format/);
    await expect(previewFile(writeFile(dir, 'empty.csv', ''))).rejects.toThrow(/^empty\.csv: is empty/);
  });

  it('lets the user override detection', async () => {
    const { db, dir } = newWorkspace();
    const p = writeFile(dir, 'odd.csv', 'owner_id,item_id,begin,end,kind\n');
    await expect(importFile(db, p)).rejects.toThrow(/odd\.csv: is not a recognised format/);
    await expectRefused(db, p, ['odd.csv, row 1, field item_type: required column is missing'], { format: 'usage-csv' });
    const ok = writeFile(dir, 'ok.csv', USAGE.replace('item_type', 'kind'));
    expect((await importFile(db, ok, { format: 'usage-csv', csv: { mapping: { item_type: 'kind' } } })).rowCount).toBe(1);
  });
});

describe('one file, one transaction', () => {
  it('refuses a file already imported (same SHA-256), even under another name', async () => {
    const { db, dir } = newWorkspace();
    const first = await importFile(db, writeFile(dir, 'usage-march.csv', USAGE));
    await expectRefused(db, writeFile(dir, 'usage-march.csv', USAGE), [
      /^usage-march\.csv: was already imported on [A-Z][a-z]{2} \d{1,2}, \d{4}, \d{2}:\d{2}:\d{2} \(Europe\/Paris\) \(batch 1\)/,
    ]);
    const renamed = writeFile(dir, 'copy.csv', USAGE);
    await expectRefused(db, renamed, [`copy.csv: was already imported on`, `(batch ${first.batchId} as usage-march.csv)`]);
  });

  it('records batches (listBatches) and one audit entry per import, in the same transaction', async () => {
    const { db, dir } = newWorkspace();
    const a = await importFile(db, writeFile(dir, 'u.csv', USAGE), { actor: 'alice' });
    const b = await importFile(db, path.join(FIXTURES, 'catalog.json'), { displayName: 'prices-2024.json' });
    const batches = listBatches(db);
    expect(batches).toEqual([
      {
        id: a.batchId,
        fileName: 'u.csv',
        sha256: a.sha256,
        format: 'usage-csv',
        rowCount: 1,
        sizeBytes: Buffer.byteLength(USAGE),
        importedAt: expect.any(Number),
      },
      {
        id: b.batchId,
        fileName: 'prices-2024.json',
        sha256: b.sha256,
        format: 'catalog',
        rowCount: 5,
        sizeBytes: fs.statSync(path.join(FIXTURES, 'catalog.json')).size,
        importedAt: expect.any(Number),
      },
    ]);
    expect(a.sha256).toMatch(/^[0-9a-f]{64}$/);
    const audit = db.prepare('SELECT actor, action, subject, detail FROM audit_log ORDER BY seq').all() as {
      actor: string;
      action: string;
      subject: string;
      detail: string;
    }[];
    expect(audit.map((x) => [x.actor, x.action, x.subject])).toEqual([
      ['alice', 'import', 'u.csv'],
      [expect.any(String), 'import', 'prices-2024.json'],
    ]);
    expect(JSON.parse(audit[1]!.detail)).toEqual({ format: 'catalog', sha256: b.sha256, rows: 5 });
  });

  it('a refused import leaves no batch, audit entry or row behind and the workspace usable', async () => {
    const { db, dir } = newWorkspace();
    await importFile(db, path.join(FIXTURES, 'invoice-v4.json'));
    await expectRefused(db, writeFile(dir, 'bad.csv', `${USAGE}\n${uptime('i-2', '2021-03-01T10:00:00Z', 'never')}`), [
      'bad.csv, row 3, field consumption_end',
    ]);
    expect((await importFile(db, writeFile(dir, 'good.csv', USAGE))).batchId).toBe(2);
  });

  it('can be cancelled before and during the import; nothing lands', async () => {
    const { db, dir } = newWorkspace();
    const before = snapshot(db);
    const ac = new AbortController();
    ac.abort();
    await expect(importFile(db, writeFile(dir, 'u.csv', USAGE), { signal: ac.signal })).rejects.toThrow('u.csv: import cancelled');
    const rows = [USAGE_HEADER];
    for (let i = 0; i < 25000; i++) rows.push(uptime(`i-${i}`, '2021-03-01T10:00:00Z', '2021-03-01T11:00:00Z', { item_name: 'x'.repeat(40) }));
    const big = writeFile(dir, 'big.csv', rows.join('\n'));
    expect(fs.statSync(big).size).toBeGreaterThan(2 << 20);
    const ac2 = new AbortController();
    await expect(importFile(db, big, { signal: ac2.signal, onProgress: () => ac2.abort() })).rejects.toThrow('big.csv: import cancelled');
    expect(snapshot(db)).toEqual(before);
    expect(db.inTransaction).toBe(false);
  });

  it('writes through its own connection: other readers never see half an import', async () => {
    const { db, dir } = newWorkspace();
    const rows = [USAGE_HEADER];
    for (let i = 0; i < 25000; i++) rows.push(uptime(`i-${i}`, '2021-03-01T10:00:00Z', '2021-03-01T11:00:00Z', { item_name: 'y'.repeat(40) }));
    rows.push(uptime('i-last', '2021-03-01T10:00:00Z', 'never'));
    const seen: number[] = [];
    const p = writeFile(dir, 'half.csv', rows.join('\n'));
    await expect(
      importFile(db, p, {
        onProgress: (x) => {
          if (x.rows > 0) seen.push((db.prepare('SELECT count(*) AS n FROM usage_intervals').get() as { n: number }).n);
        },
      }),
    ).rejects.toThrow('half.csv, row 25002, field consumption_end');
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((n) => n === 0)).toBe(true);
    expect((await importFile(db, writeFile(dir, 'after.csv', USAGE))).rowCount).toBe(1);
  });

  it('refuses a line that never ends (no line break for 32 MB) quickly, naming its row', async () => {
    const { db, dir } = newWorkspace();
    const p = writeFile(dir, 'endless.csv', `${USAGE_HEADER}\n`);
    fs.truncateSync(p, 40 * 1024 * 1024); // the rest reads as NUL bytes and takes no disk
    const t0 = Date.now();
    await expectRefused(db, p, ['endless.csv, row 2: has no end of record within 32 MB']);
    expect(Date.now() - t0).toBeLessThan(5000);
  });

  it('cancels while hashing a very large file', async () => {
    const { db, dir } = newWorkspace();
    const p = writeFile(dir, 'sparse.csv', `${USAGE}\n`);
    fs.truncateSync(p, 3 * 1024 ** 3);
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 100);
    const t0 = Date.now();
    await expect(importFile(db, p, { signal: ac.signal })).rejects.toThrow(/^sparse\.csv: import cancelled$/);
    expect(Date.now() - t0).toBeLessThan(1500);
  });

  it('runs concurrent imports on one workspace one after the other', async () => {
    const { db, dir } = newWorkspace();
    const files = [0, 1, 2, 3].map((i) =>
      writeFile(dir, `u${i}.csv`, [USAGE_HEADER, uptime(`i-${i}`, '2021-03-01T10:00:00Z', '2021-03-01T11:00:00Z')].join('\n')),
    );
    const results = await Promise.all(files.map((f) => importFile(db, f)));
    expect(results.map((r) => r.batchId).sort()).toEqual([1, 2, 3, 4]);
    expect(db.prepare('SELECT count(*) AS n FROM usage_intervals').get()).toEqual({ n: 4 });
  });

  it('names a missing file', async () => {
    const { db, dir } = newWorkspace();
    await expect(importFile(db, path.join(dir, 'nope.csv'))).rejects.toThrow(/^nope\.csv: cannot be read \(ENOENT\)/);
  });
});

describe('JSON guards', () => {
  it('refuses a 1000-levels-deep JSON cleanly (no stack overflow), workspace unchanged', async () => {
    const { db, dir } = newWorkspace();
    const deep = `{"runtime": ${'['.repeat(1000)}${']'.repeat(1000)}, "zone_id": "par"}`;
    await expectRefused(db, writeFile(dir, 'deep.json', deep), ['deep.json: is nested more than 64 levels deep (at line 1, column 76); such JSON is refused']);
    const deeper = '{"uptimes":'.repeat(100000) + '1' + '}'.repeat(100000);
    await expectRefused(db, writeFile(dir, 'deeper.json', deeper), ['deeper.json: is nested more than 64 levels deep']);
    await expectRefused(db, writeFile(dir, 'deep-credit.json', `[${'{"credit_id":'.repeat(70)}1${'}'.repeat(70)}]`), ['nested more than 64 levels'], {
      format: 'credits',
    });
  });

  it('refuses a JSON file over 512 MB before reading it', async () => {
    const { db, dir } = newWorkspace();
    const p = writeFile(dir, 'huge.json', '{"runtime": [');
    fs.truncateSync(p, 513 * 1024 * 1024); // sparse: no disk used
    const t0 = Date.now();
    await expectRefused(db, p, ['huge.json: is 513.0 MB; JSON files larger than 512 MB are refused']);
    expect(Date.now() - t0).toBeLessThan(2000);
  });

  it('refuses a file that is not UTF-8', async () => {
    const { db, dir } = newWorkspace();
    await expectRefused(
      db,
      writeFile(
        dir,
        'latin1.json',
        Buffer.from([0x7b, 0x22, 0x72, 0x75, 0x6e, 0x74, 0x69, 0x6d, 0x65, 0x22, 0x3a, 0x5b, 0x5d, 0x2c, 0x22, 0xe9, 0x22, 0x3a, 0x31, 0x7d]),
      ),
      ['latin1.json: is not valid UTF-8 text'],
    );
    const csv = Buffer.concat([
      Buffer.from(`${USAGE_HEADER}\n`),
      Buffer.from(uptime('i-1', '2021-03-01T10:00:00Z', '2021-03-01T11:00:00Z', { item_name: 'caf\u00e9' }), 'latin1'),
    ]);
    await expectRefused(db, writeFile(dir, 'latin1.csv', csv), [
      'latin1.csv, row 2: is not UTF-8 text (bytes that are not UTF-8 in row 2, column 4); save the file as UTF-8',
    ]);
    // A replacement character written in UTF-8 is legitimate text, not an encoding error.
    const ok = `${USAGE_HEADER}\n${uptime('i-1', '2021-03-01T10:00:00Z', '2021-03-01T11:00:00Z', { item_name: 'bad \ufffd char' })}\n`;
    expect((await importFile(db, writeFile(dir, 'fffd.csv', ok))).rowCount).toBe(1);
  });
});

describe('preview (reads only the start, writes nothing)', () => {
  it('shows columns, first rows with their row numbers, and errors by row and field', async () => {
    const { db, dir } = newWorkspace();
    const rows = [
      USAGE_HEADER,
      uptime('i-1', '2021-03-01T10:00:00Z', '2021-03-01T11:00:00Z'),
      uptime('i-2', '2021-03-01T10:00:00Z', '2021-03-01T11:00:00'),
      '',
      'o,uptime,a',
      uptime('i-3', 'x', '2021-03-01T11:00:00Z'),
    ];
    for (let i = 0; i < 300; i++) rows.push(uptime(`j-${i}`, '2021-03-01T10:00:00Z', '2021-03-01T11:00:00Z'));
    const p = writeFile(dir, 'usage.csv', rows.join('\n'));
    const before = snapshot(db);
    const pv = await previewFile(p);
    expect(pv.format).toBe('usage-csv');
    expect(pv.columns).toEqual(['#', ...USAGE_HEADER.split(',')]);
    expect(pv.rows[0]).toMatchObject({ '#': '2', owner_id: 'orga_1', instance_id: 'i-1' });
    expect(pv.rows[1]!['#']).toBe('3');
    expect(pv.errors.slice(0, 3)).toEqual([
      {
        row: '3',
        field: 'consumption_end',
        message: 'usage.csv, row 3, field consumption_end: "2021-03-01T11:00:00" has no UTC offset (write it like 2021-03-01T10:00:00+01:00 or …Z)',
      },
      { row: '5', message: 'usage.csv, row 5: has 3 fields but the header (row 1) has 16; is the delimiter "," right, and are quotes balanced?' },
      { row: '6', field: 'consumption_start', message: 'usage.csv, row 6, field consumption_start: "x" is not an ISO-8601 date-time' },
    ]);
    expect(pv.rows.length).toBeLessThanOrEqual(100);
    expect(pv.totalRowsEstimate).toBeGreaterThan(200);
    expect(snapshot(db)).toEqual(before);
  });

  it('previews JSON invoices as billed lines and reports the first error', async () => {
    const dir = tempDir();
    const pv = await previewFile(path.join(FIXTURES, 'invoice-v4.json'));
    expect(pv.format).toBe('cc-invoice');
    expect(pv.rows[0]).toEqual({
      '#': 'uptimes[0]',
      invoice_number: 'FR-2024-03-0001',
      owner_id: 'orga_test',
      item_type: 'uptime',
      item_id: 'app_1',
      price_ref: 'pol-xs',
      flavor_name: 'XS',
      amount: '1.1001234567890123',
    });
    expect(pv.totalRowsEstimate).toBe(15);
    const bad = fs.readFileSync(path.join(FIXTURES, 'invoice-v4.json'), 'utf8').replace('"price": 1.10', '"price": "1,10"');
    const pb = await previewFile(writeFile(dir, 'bad.json', bad));
    expect(pb.errors).toEqual([
      { row: 'uptimes[0].details[1]', field: 'price', message: 'bad.json, record uptimes[0].details[1], field price: "1,10" is not a decimal number' },
    ]);
    const pc = await previewFile(path.join(FIXTURES, 'catalog.json'));
    expect(pc.rows.map((r) => r.id)).toEqual(['pol-xs', 'pol-tiny', 'pol-pg', 'cellar.storage']);
  });
});
