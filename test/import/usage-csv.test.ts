import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { importFile, loadCsvMapping, saveCsvMapping } from '../../electron/core/import';
import { usageImportTuning } from '../../electron/core/import/formats/usage-csv';
import type { Db } from '../../electron/core/store/open';
import { expectRefused, newWorkspace, uptime, USAGE_HEADER, usageRow, writeFile } from './helpers';
import { recordUsageSpans } from '../../electron/core/store/usage/write';

const T = (s: string) => Date.parse(s);

describe('usage CSV: happy paths', () => {
  it('imports every item type with exact values, spreadsheet row numbers, attrs, BOM, CRLF and quotes', async () => {
    const { db, dir } = newWorkspace();
    const header =
      'Owner_ID, ITEM_TYPE ,item_id,item_name,instance_id,price_id,flavor_name,zone_id,consumption_start,consumption_end,quantity,unit,plan_id,description,unit_price,currency,Project,price_factor,discount';
    const lines = [
      header,
      'orga_1,uptime,app_1,"shop, ""front""",i-1,apps.XS,XS,par,2021-03-01T10:00:00+01:00,2021-03-01T11:00:00.250+01:00,,,,,,,"alpha",,',
      '',
      'orga_1,build,app_1,shop,b-1,1f0b-policy,XL,par,2021-03-01T09:41:17Z,2021-03-01T09:45:09.750Z,,,,,,,,,',
      'orga_1,countable,bucket-1,cellar.storage,,cellar.storage,,par,2021-03-01T00:00:00+01:00,2021-04-01T00:00:00+02:00,1250.5,GB,,,,,,,',
      'orga_1,classic,task_1,support,,,,par,2021-03-17T14:00:00+01:00,,3,hour,,"Migration\nassistance",0.0001234567890123,eur,"multi\r\nline",0.5,1.25',
    ];
    const p = writeFile(dir, 'usage-2021-03.csv', '\ufeff' + lines.join('\r\n') + '\r\n');
    const r = await importFile(db, p);
    expect(r).toMatchObject({ format: 'usage-csv', fileName: 'usage-2021-03.csv', rowCount: 4, warnings: [] });

    const iv = db.prepare('SELECT * FROM usage_intervals ORDER BY id').all() as Record<string, unknown>[];
    expect(iv).toHaveLength(2);
    expect(iv[0]).toMatchObject({
      batch_id: r.batchId,
      source_row: '2',
      origin: 'usage',
      invoice_id: null,
      owner_id: 'orga_1',
      item_type: 'uptime',
      item_id: 'app_1',
      item_name: 'shop, "front"',
      instance_id: 'i-1',
      price_id: 'apps.XS',
      flavor_name: 'XS',
      source_hint: 'apps',
      zone_id: 'par',
      start_ms: T('2021-03-01T09:00:00Z'),
      end_ms: T('2021-03-01T10:00:00.250Z'),
      billed_price: null,
    });
    expect(JSON.parse(iv[0]!.attrs_json as string)).toEqual({ Project: 'alpha' });
    // Row 3 is blank: the build is row 4, as a spreadsheet shows it. No dot in price_id → no source hint.
    expect(iv[1]).toMatchObject({ source_row: '4', item_type: 'build', price_id: '1f0b-policy', source_hint: '', attrs_json: null });

    const c = db.prepare('SELECT * FROM usage_countables').get() as Record<string, unknown>;
    expect(c).toMatchObject({
      source_row: '5',
      origin: 'usage',
      service: 'cellar.storage',
      item_id: 'cellar.storage',
      item_name: 'cellar.storage',
      quantity: '1250.5',
      unit: 'GB',
      start_ms: T('2021-02-28T23:00:00Z'),
      end_ms: T('2021-03-31T22:00:00Z'),
    });
    expect(JSON.parse(c.attrs_json as string)).toMatchObject({ item_id: 'bucket-1' });
    expect(JSON.parse(c.attrs_json as string)).not.toHaveProperty('consumption_end'); // a column now

    const k = db.prepare('SELECT * FROM usage_classic').get() as Record<string, unknown>;
    expect(k).toMatchObject({
      source_row: '6',
      item_id: 'task_1',
      description: 'Migration\nassistance',
      unit_price: '0.0001234567890123',
      quantity: '3',
      price_factor: '0.5',
      discount: '1.25',
      currency: 'EUR',
      start_ms: T('2021-03-17T13:00:00Z'),
    });
    // A line break inside a quoted field is stored as LF, as a spreadsheet cell holds it (docs/importers.md, "Line breaks").
    expect(JSON.parse(k.attrs_json as string)).toMatchObject({ Project: 'multi\nline', item_name: 'support', unit: 'hour' });

    const batch = db.prepare('SELECT * FROM import_batches').get() as Record<string, unknown>;
    expect(batch).toMatchObject({ file_name: 'usage-2021-03.csv', format: 'usage-csv', row_count: 4, sha256: r.sha256 });
    const audit = db.prepare('SELECT * FROM audit_log').get() as Record<string, unknown>;
    expect(audit).toMatchObject({ action: 'import', subject: 'usage-2021-03.csv' });
    expect(JSON.parse(audit.detail as string)).toEqual({ format: 'usage-csv', sha256: r.sha256, rows: 4 });
  });

  it('reads semicolons, decimal commas, a header row offset and a column mapping', async () => {
    const { db, dir } = newWorkspace();
    const text = [
      'Export Clever Cloud;;;;;',
      'généré le 2021-04-01;;;;;',
      'Organisation;Type;Application;Instance;Tarif;Début;Fin;Quantité;Prix unitaire;Devise;Libellé',
      'orga_1;uptime;app_1;i-1;apps.S;2021-03-01T10:00:00+01:00;2021-03-01T12:00:00+01:00;;;;',
      'orga_1;countable;bucket;;cellar.traffic;2021-03-02T00:00:00+01:00;;1 234,5;;;',
      'orga_1;classic;task_9;;;2021-03-03T00:00:00+01:00;;1,5;"1 234,56";EUR;"Tuning; remote"',
    ].join('\n');
    const p = writeFile(dir, 'export-fr.csv', text);
    const csv = {
      decimalComma: true,
      headerRow: 3,
      mapping: {
        owner_id: 'organisation',
        item_type: 'TYPE',
        item_id: 'Application',
        instance_id: 'Instance',
        price_id: 'Tarif',
        consumption_start: 'Début',
        consumption_end: 'Fin',
        quantity: 'Quantité',
        unit_price: 'Prix unitaire',
        currency: 'Devise',
        description: 'Libellé',
      },
    };
    const r = await importFile(db, p, { csv });
    expect(r.rowCount).toBe(3);
    expect(db.prepare('SELECT source_row, start_ms, end_ms, source_hint FROM usage_intervals').get()).toEqual({
      source_row: '4',
      start_ms: T('2021-03-01T09:00:00Z'),
      end_ms: T('2021-03-01T11:00:00Z'),
      source_hint: 'apps',
    });
    expect(db.prepare('SELECT source_row, service, quantity FROM usage_countables').get()).toEqual({
      source_row: '5',
      service: 'cellar.traffic',
      quantity: '1234.5',
    });
    expect(db.prepare('SELECT source_row, unit_price, quantity, description, price_factor, discount FROM usage_classic').get()).toEqual({
      source_row: '6',
      unit_price: '1234.56',
      quantity: '1.5',
      description: 'Tuning; remote',
      price_factor: '1',
      discount: '0',
    });
  });

  it('detects a tab delimiter and LF-only / CR-only line ends', async () => {
    const { db, dir } = newWorkspace();
    const tsv = [USAGE_HEADER.replaceAll(',', '\t'), uptime('i-1', '2021-03-01T10:00:00Z', '2021-03-01T11:00:00Z').replaceAll(',', '\t')].join('\r');
    const r = await importFile(db, writeFile(dir, 'usage.tsv', tsv));
    expect(r.rowCount).toBe(1);
    expect(db.prepare('SELECT instance_id, source_row FROM usage_intervals').get()).toEqual({ instance_id: 'i-1', source_row: '2' });
  });

  it('uses a saved mapping for the file name (exact, or with digits replaced by #) when no CSV options are given', async () => {
    const { db, dir } = newWorkspace();
    saveCsvMapping(db, 'acme-usage-#-#.csv', { delimiter: ';', mapping: { owner_id: 'Org', item_type: 'Kind' } });
    expect(loadCsvMapping(db, 'acme-usage-#-#.csv')).toEqual({ delimiter: ';', mapping: { owner_id: 'Org', item_type: 'Kind' } });
    const header = USAGE_HEADER.replace('owner_id', 'Org').replace('item_type', 'Kind').replaceAll(',', ';');
    const p = writeFile(dir, 'acme-usage-2021-03.csv', [header, uptime('i-1', '2021-03-01T10:00:00Z', '2021-03-01T11:00:00Z').replaceAll(',', ';')].join('\n'));
    const r = await importFile(db, p);
    expect(r.format).toBe('usage-csv');
    expect(r.rowCount).toBe(1);
    expect(db.prepare("SELECT value FROM settings WHERE key = 'csv-mapping:acme-usage-#-#.csv'").get()).toBeTruthy();
  });

  it('accepts intervals of one instance that touch (end = next start) and the same times on other instances', async () => {
    const { db, dir } = newWorkspace();
    const rows = [
      USAGE_HEADER,
      uptime('i-1', '2021-03-01T10:00:00Z', '2021-03-01T11:00:00Z'),
      uptime('i-1', '2021-03-01T11:00:00Z', '2021-03-01T12:00:00Z'),
      uptime('i-2', '2021-03-01T10:00:00Z', '2021-03-01T11:00:00Z'),
    ];
    expect((await importFile(db, writeFile(dir, 'u.csv', rows.join('\n')))).rowCount).toBe(3);
    // A second file continuing the same instance, touching only, is fine too.
    expect(
      (await importFile(db, writeFile(dir, 'u2.csv', [USAGE_HEADER, uptime('i-1', '2021-03-01T12:00:00+00:00', '2021-03-01T13:00:00Z')].join('\n')))).rowCount,
    ).toBe(1);
  });

  it('streams a larger file with progress reports, by bytes read', async () => {
    const { db, dir } = newWorkspace();
    const rows = [USAGE_HEADER];
    const base = T('2021-03-01T00:00:00Z');
    for (let i = 0; i < 20000; i++) {
      const s = new Date(base + i * 60_000).toISOString();
      const e = new Date(base + i * 60_000 + 59_000).toISOString();
      rows.push(uptime(`i-${i % 7}`, s, e, { item_name: `app with a long enough name ${i}` }));
    }
    const p = writeFile(dir, 'big.csv', rows.join('\n'));
    const seen: { bytesRead: number; totalBytes: number; rows: number }[] = [];
    const r = await importFile(db, p, { onProgress: (x) => seen.push(x) });
    expect(r.rowCount).toBe(20000);
    expect(seen.length).toBeGreaterThanOrEqual(1);
    expect(seen.at(-1)).toMatchObject({ bytesRead: seen.at(-1)!.totalBytes, rows: 20000 });
    for (let i = 1; i < seen.length; i++) expect(seen[i]!.bytesRead).toBeGreaterThanOrEqual(seen[i - 1]!.bytesRead);
    expect(db.prepare('SELECT max(CAST(source_row AS INTEGER)) AS m FROM usage_intervals').get()).toEqual({ m: 20001 });
  });
});

describe('usage CSV: the large-batch path (indexes deferred, several intervals per INSERT)', () => {
  const indexes = (db: Db) => db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'usage_intervals' ORDER BY name").all();
  const tuning = { ...usageImportTuning };
  beforeEach(() => Object.assign(usageImportTuning, { deferIndexesMinRows: 1, rowsPerInsert: 3 }));
  afterEach(() => Object.assign(usageImportTuning, tuning));

  it('writes every row in file order, re-creates the indexes exactly, and still finds a conflict with an earlier file', async () => {
    const { db, dir } = newWorkspace();
    const before = indexes(db);
    expect(before.length).toBeGreaterThan(1);
    // 7 intervals: two full INSERTs of 3, then one written alone; a countable in between.
    const rows = [USAGE_HEADER];
    for (let i = 0; i < 7; i++) {
      rows.push(uptime('i-1', `2021-03-0${i + 1}T10:00:00Z`, `2021-03-0${i + 1}T11:00:00Z`));
      if (i === 3)
        rows.push(
          usageRow({ owner_id: 'orga_1', item_type: 'countable', item_id: 'cellar.storage', consumption_start: '2021-03-01T00:00:00Z', quantity: '2' }),
        );
    }
    const r = await importFile(db, writeFile(dir, 'big.csv', rows.join('\n')));
    expect(r.rowCount).toBe(8);
    expect(indexes(db)).toEqual(before);
    const stored = db.prepare('SELECT source_row AS row, start_ms AS start FROM usage_intervals ORDER BY id').all() as { row: string; start: number }[];
    expect(stored.map((x) => x.row)).toEqual(['2', '3', '4', '5', '7', '8', '9']);
    expect(stored.map((x) => x.start)).toEqual([1, 2, 3, 4, 5, 6, 7].map((d) => T(`2021-03-0${d}T10:00:00Z`)));
    expect(db.prepare("SELECT source_row AS row FROM usage_countables WHERE origin = 'usage'").all()).toEqual([{ row: '6' }]);

    // A second large file (as many rows as the table holds, so its indexes are deferred too) whose
    // last row overlaps the first file: refused, and the ROLLBACK brings the indexes back.
    const again = [USAGE_HEADER];
    for (let i = 0; i < 8; i++) again.push(uptime(`i-${i + 2}`, '2021-03-07T10:30:00Z', '2021-03-07T11:30:00Z'));
    again.push(uptime('i-1', '2021-03-07T10:30:00Z', '2021-03-07T11:30:00Z'));
    await expectRefused(db, writeFile(dir, 'again.csv', again.join('\n')), [
      'again.csv, row 10, field consumption_start:',
      'overlaps row 9 of big.csv (batch 1, already imported)',
    ]);
    expect(indexes(db)).toEqual(before);
  });
});

describe('usage CSV: bad input is refused with file, row, field and value, and the workspace is unchanged', () => {
  const cases: [string, string[], (string | RegExp)[]][] = [
    [
      'date without offset',
      [uptime('i-1', '2021-03-01T10:00:00Z', '2021-03-01T11:00:00')],
      ['bad.csv, row 2, field consumption_end: "2021-03-01T11:00:00" has no UTC offset'],
    ],
    [
      'date alone',
      [uptime('i-1', '2021-03-01T10:00:00Z', '2021-03-02T00:00:00Z'), uptime('i-1', '2021-03-02', '2021-03-03T00:00:00Z')],
      ['bad.csv, row 3, field consumption_start: "2021-03-02" has no UTC offset'],
    ],
    [
      'not a date',
      [uptime('i-1', '2021-02-30T10:00:00Z', '2021-03-01T11:00:00Z')],
      ['row 2, field consumption_start: "2021-02-30T10:00:00Z" is not an ISO-8601 date-time'],
    ],
    [
      'a placeholder year',
      [uptime('i-1', '2021-03-01T10:00:00Z', '9999-12-31T00:00:00Z')],
      ['row 2, field consumption_end: "9999-12-31T00:00:00Z" is outside the years 2000 to 2099'],
    ],
    [
      'end before start',
      [uptime('i-1', '2021-03-01T10:00:00Z', '2021-03-01T09:00:00Z')],
      ['row 2, field consumption_end: "2021-03-01T09:00:00Z" is before consumption_start'],
    ],
    ['missing end', [uptime('i-1', '2021-03-01T10:00:00Z', '')], ['row 2, field consumption_end: is missing']],
    [
      'unknown item_type',
      [usageRow({ owner_id: 'o', item_type: 'uptimez', item_id: 'a', consumption_start: '2021-03-01T10:00:00Z' })],
      ['row 2, field item_type: "uptimez" is not one of uptime, build, countable, classic'],
    ],
    ['missing owner', [uptime('i-1', '2021-03-01T10:00:00Z', '2021-03-01T11:00:00Z', { owner_id: '' })], ['row 2, field owner_id: is missing']],
    ['no price id nor flavor', [uptime('i-1', '2021-03-01T10:00:00Z', '2021-03-01T11:00:00Z', { price_id: '', flavor_name: '' })], ['row 2, field price_id']],
    [
      'non-numeric quantity',
      [usageRow({ owner_id: 'o', item_type: 'countable', item_id: 'b', consumption_start: '2021-03-01T10:00:00Z', quantity: 'abc' })],
      ['row 2, field quantity: "abc" is not a decimal number'],
    ],
    [
      'negative quantity',
      [usageRow({ owner_id: 'o', item_type: 'countable', item_id: 'b', consumption_start: '2021-03-01T10:00:00Z', quantity: '-2' })],
      ['row 2, field quantity: "-2" is negative'],
    ],
    [
      'decimal comma without the option',
      [usageRow({ owner_id: 'o', item_type: 'countable', item_id: 'b', consumption_start: '2021-03-01T10:00:00Z', quantity: '"1,5"' })],
      ['field quantity: "1,5" is not a decimal number (it has a decimal comma'],
    ],
    [
      'exponent in money',
      [
        usageRow({
          owner_id: 'o',
          item_type: 'classic',
          item_id: 't',
          consumption_start: '2021-03-01T10:00:00Z',
          quantity: '1',
          unit_price: '1e3',
          currency: 'EUR',
        }),
      ],
      ['row 2, field unit_price: "1e3" is not a decimal number'],
    ],
    [
      'bad currency',
      [
        usageRow({
          owner_id: 'o',
          item_type: 'classic',
          item_id: 't',
          consumption_start: '2021-03-01T10:00:00Z',
          quantity: '1',
          unit_price: '9',
          currency: 'EURO',
        }),
      ],
      ['row 2, field currency: "EURO" is not a currency code'],
    ],
    [
      'classic without currency',
      [usageRow({ owner_id: 'o', item_type: 'classic', item_id: 't', consumption_start: '2021-03-01T10:00:00Z', quantity: '1', unit_price: '9' })],
      ['row 2, field currency: is missing'],
    ],
    [
      'too many fields',
      [uptime('i-1', '2021-03-01T10:00:00Z', '2021-03-01T11:00:00Z') + ',x,y'],
      ['bad.csv, row 2: has 18 fields but the header (row 1) has 16'],
    ],
    [
      'unclosed quote',
      [uptime('i-1', '2021-03-01T10:00:00Z', '2021-03-01T11:00:00Z'), 'orga_1,uptime,"app_1,shop'],
      ['bad.csv, row 3: a quoted field is never closed'],
    ],
  ];
  for (const [name, rows, patterns] of cases) {
    it(name, async () => {
      const { db, dir } = newWorkspace();
      // Something already in the workspace, to prove it stays exactly as it was.
      await importFile(db, writeFile(dir, 'ok.csv', [USAGE_HEADER, uptime('i-9', '2020-01-01T00:00:00Z', '2020-01-01T01:00:00Z')].join('\n')));
      const good = uptime('i-0', '2021-01-01T00:00:00Z', '2021-01-01T01:00:00Z');
      const p = writeFile(dir, 'bad.csv', [USAGE_HEADER, ...(rows.length === 1 ? rows : rows), good].join('\n'));
      const err = await expectRefused(db, p, patterns);
      expect(err.file).toBe('bad.csv');
    });
  }

  it('a required column missing from the header', async () => {
    const { db, dir } = newWorkspace();
    const p = writeFile(dir, 'nohead.csv', ['owner_id,item_id,consumption_start,consumption_end', 'o,a,2021-03-01T10:00:00Z,2021-03-01T11:00:00Z'].join('\n'));
    await expectRefused(db, p, ['nohead.csv, row 1, field item_type: required column is missing'], { format: 'usage-csv' });
  });

  it('a mapping naming a header the file does not have', async () => {
    const { db, dir } = newWorkspace();
    const p = writeFile(dir, 'm.csv', [USAGE_HEADER, uptime('i-1', '2021-03-01T10:00:00Z', '2021-03-01T11:00:00Z')].join('\n'));
    await expectRefused(db, p, ['m.csv, row 1, field owner_id: the column mapping says owner_id is column "Org"'], { csv: { mapping: { owner_id: 'Org' } } });
  });

  it('a bad row after many good ones: nothing lands', async () => {
    const { db, dir } = newWorkspace();
    const rows = [USAGE_HEADER];
    for (let i = 0; i < 3000; i++) rows.push(uptime(`i-${i}`, '2021-03-01T10:00:00Z', '2021-03-01T11:00:00Z'));
    rows.push(uptime('i-x', '2021-03-01T10:00:00Z', 'soon'));
    await expectRefused(db, writeFile(dir, 'late.csv', rows.join('\n')), ['late.csv, row 3002, field consumption_end: "soon" is not an ISO-8601 date-time']);
    expect(db.prepare('SELECT count(*) AS n FROM usage_intervals').get()).toEqual({ n: 0 });
  });

  it('duplicate intervals in one file, naming both rows', async () => {
    const { db, dir } = newWorkspace();
    const rows = [
      USAGE_HEADER,
      uptime('i-1', '2021-03-01T10:00:00Z', '2021-03-01T11:00:00Z'),
      uptime('i-2', '2021-03-01T10:00:00Z', '2021-03-01T11:00:00Z'),
      uptime('i-1', '2021-03-01T11:00:00+01:00', '2021-03-01T12:00:00+01:00'),
    ];
    await expectRefused(db, writeFile(dir, 'dup.csv', rows.join('\n')), [
      'dup.csv, row 4, field consumption_start: interval Mar 1, 2021, 11:00:00 → Mar 1, 2021, 12:00:00 (Europe/Paris) of owner orga_1, item app_1, instance i-1 duplicates row 2',
      'billed twice',
    ]);
  });

  it('overlapping intervals in one file, naming both rows', async () => {
    const { db, dir } = newWorkspace();
    const rows = [
      USAGE_HEADER,
      uptime('i-1', '2021-03-01T12:00:00Z', '2021-03-01T13:00:00Z'),
      uptime('i-1', '2021-03-01T10:00:00Z', '2021-03-01T11:00:00Z'),
      uptime('i-1', '2021-03-01T10:59:59Z', '2021-03-01T11:30:00Z'),
    ];
    await expectRefused(db, writeFile(dir, 'over.csv', rows.join('\n')), [
      /over\.csv, row 4, field consumption_start: interval Mar 1, 2021, 11:59:59 → Mar 1, 2021, 12:30:00 \(Europe\/Paris\) .* overlaps row 3 \(Mar 1, 2021, 11:00:00 → Mar 1, 2021, 12:00:00 \(Europe\/Paris\)\)/,
    ]);
  });

  it('reports the later row of the file even when it comes first in time', async () => {
    const { db, dir } = newWorkspace();
    const rows = [USAGE_HEADER, uptime('i-1', '2021-03-01T10:00:00Z', '2021-03-01T12:00:00Z'), uptime('i-1', '2021-03-01T09:00:00Z', '2021-03-01T11:00:00Z')];
    await expectRefused(db, writeFile(dir, 'rev.csv', rows.join('\n')), [
      /rev\.csv, row 3, field consumption_start: interval Mar 1, 2021, 10:00:00 → Mar 1, 2021, 12:00:00 \(Europe\/Paris\) .* overlaps row 2 \(Mar 1, 2021, 11:00:00 → Mar 1, 2021, 13:00:00 \(Europe\/Paris\)\)/,
    ]);
  });

  it('an earlier import whose interval starts later (and a long one far before) is still found', async () => {
    const { db, dir } = newWorkspace();
    await importFile(
      db,
      writeFile(
        dir,
        'old.csv',
        [USAGE_HEADER, uptime('i-1', '2021-03-01T12:00:00Z', '2021-03-01T14:00:00Z'), uptime('i-9', '2021-01-01T00:00:00Z', '2021-03-05T00:00:00Z')].join('\n'),
      ),
    );
    await expectRefused(db, writeFile(dir, 'new.csv', [USAGE_HEADER, uptime('i-1', '2021-03-01T10:00:00Z', '2021-03-01T12:00:01Z')].join('\n')), [
      'new.csv, row 2, field consumption_start: interval Mar 1, 2021, 11:00:00 → Mar 1, 2021, 13:00:01 (Europe/Paris) of owner orga_1, item app_1, instance i-1 overlaps row 2 of old.csv (batch 1, already imported)',
    ]);
    await expectRefused(db, writeFile(dir, 'new2.csv', [USAGE_HEADER, uptime('i-9', '2021-03-04T00:00:00Z', '2021-03-04T01:00:00Z')].join('\n')), [
      'new2.csv, row 2',
      'overlaps row 3 of old.csv',
    ]);
    expect(
      (
        await importFile(
          db,
          writeFile(
            dir,
            'ok.csv',
            [USAGE_HEADER, uptime('i-9', '2021-03-05T00:00:00Z', '2021-03-06T00:00:00Z'), uptime('i-1', '2021-03-01T14:00:00Z', '2021-03-01T15:00:00Z')].join(
              '\n',
            ),
          ),
        )
      ).rowCount,
    ).toBe(2);
  });

  it('intervals overlapping usage already imported from another file, naming that file and row', async () => {
    const { db, dir } = newWorkspace();
    await importFile(
      db,
      writeFile(
        dir,
        'march.csv',
        [USAGE_HEADER, uptime('i-0', '2021-02-01T00:00:00Z', '2021-02-02T00:00:00Z'), uptime('i-1', '2021-03-01T10:00:00Z', '2021-03-01T20:00:00Z')].join('\n'),
      ),
    );
    const second = [USAGE_HEADER, uptime('i-2', '2021-03-01T10:00:00Z', '2021-03-01T20:00:00Z'), uptime('i-1', '2021-03-01T19:00:00Z', '2021-03-01T21:00:00Z')];
    await expectRefused(db, writeFile(dir, 'march-again.csv', second.join('\n')), [
      'march-again.csv, row 3, field consumption_start: interval Mar 1, 2021, 20:00:00 → Mar 1, 2021, 22:00:00 (Europe/Paris) of owner orga_1, item app_1, instance i-1 overlaps row 3 of march.csv (batch 1, already imported)',
    ]);
    // The same rows re-exported (different bytes, same intervals) are duplicates.
    const again = [USAGE_HEADER, uptime('i-1', '2021-03-01T11:00:00+01:00', '2021-03-01T21:00:00+01:00')];
    await expectRefused(db, writeFile(dir, 'march-copy.csv', again.join('\r\n')), ['duplicates row 3 of march.csv']);
  });
});

describe('usage CSV: usage spans', () => {
  it('records per owner and kind the spans recordUsageSpans reads back from the rows', async () => {
    const { db, dir } = newWorkspace();
    const rows = [
      USAGE_HEADER,
      uptime('i-1', '2021-03-02T10:00:00Z', '2021-03-02T11:00:00.250Z', { owner_id: 'orga_2' }),
      uptime('i-1', '2021-03-01T10:00:00Z', '2021-03-01T11:00:00Z'),
      uptime('i-2', '2021-03-05T10:00:00Z', '2021-03-09T11:00:00Z'),
      usageRow({
        owner_id: 'orga_2',
        item_type: 'countable',
        item_id: 'b',
        price_id: 'cellar.storage',
        quantity: '2',
        consumption_start: '2021-03-03T00:00:00Z',
      }),
      usageRow({
        owner_id: 'orga_1',
        item_type: 'countable',
        item_id: 'b',
        price_id: 'cellar.storage',
        quantity: '2',
        consumption_start: '2021-03-04T00:00:00Z',
      }),
      usageRow({
        owner_id: 'orga_1',
        item_type: 'classic',
        item_id: 't',
        unit_price: '1',
        quantity: '1',
        currency: 'EUR',
        consumption_start: '2021-03-07T00:00:00Z',
      }),
    ];
    const r = await importFile(db, writeFile(dir, 'spans.csv', rows.join('\n')));
    const spans = () => db.prepare('SELECT batch_id, owner_id, kind, start_ms, end_ms FROM usage_spans ORDER BY owner_id, kind').all();
    const recorded = spans();
    expect(recorded).toHaveLength(5);
    db.prepare('DELETE FROM usage_spans WHERE batch_id = ?').run(r.batchId);
    recordUsageSpans(db, r.batchId);
    expect(spans()).toEqual(recorded);
  });
});
