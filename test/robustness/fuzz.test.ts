// Hostile and broken input, property-based (issue #5.4): every importer is fed a valid file that
// fast-check mutates (truncation, inserted or deleted characters, stray quotes and delimiters,
// BOMs and NULs in the middle, duplicated and swapped rows, lone surrogates, CR/CRLF/LF mixes).
// Whatever happens, the import either succeeds or is refused with an ImportError that names the
// file; when it names a row or record, the message says which; an internal error (a TypeError, a
// SQLite constraint…) never leaks out; and a refused import leaves every table of the workspace
// exactly as it was. Runs are bounded (seeded, a fixed number per format) so the suite stays fast.
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generate } from '../../bench/gen.mjs';
import { openWorkspace, type Db } from '../../electron/core/store/open';
import { ImportError, importFile, type ImportOptions } from '../../electron/core/import';
import { ROOT, tableCounts, tempDir } from './helpers';

const RUNS = Number(process.env.FUZZ_RUNS ?? 40);
const SEED = Number(process.env.FUZZ_SEED ?? 20210301);

let dir: string;
const fixtures: Record<string, { text: string; format?: ImportOptions['format'] }> = {};

/** A small FOCUS 1.0 file (the real sample is not part of the repository). */
const FOCUS = [
  'BilledCost,BillingAccountId,BillingAccountName,BillingCurrency,BillingPeriodEnd,BillingPeriodStart,ChargeCategory,ChargeClass,ChargeDescription,ChargePeriodEnd,ChargePeriodStart,ConsumedQuantity,ConsumedUnit,EffectiveCost,ListCost,ProviderName,ResourceId,ServiceName,Tags',
  '0.00000080000,1234567890123,SunBird,USD,2024-10-01 00:00:00,2024-09-01 00:00:00,Usage,NULL,"$0.40 per million requests",2024-09-18 23:00:00,2024-09-18 22:00:00,2.0,Requests,0.0,0.0000008,AWS,arn:aws:sqs:us-west-2:1:q,Amazon Simple Queue Service,NULL',
  '12.5,1234567890123,SunBird,USD,2024-10-01 00:00:00,2024-09-01 00:00:00,Usage,NULL,"VM, D2s v3",2024-09-02 00:00:00,2024-09-01 00:00:00,24,Hours,12.5,13.1,Microsoft,/subscriptions/x/vm1,Virtual Machines,"{""env"":""prod""}"',
  '-1.25,1234567890123,SunBird,USD,2024-10-01 00:00:00,2024-09-01 00:00:00,Credit,NULL,Promotional credit,NULL,NULL,NULL,NULL,-1.25,NULL,Google,NULL,Compute Engine,NULL',
  '3.1E-2,1234567890123,SunBird,USD,2024-10-01 00:00:00,2024-09-01 00:00:00,Usage,Correction,Storage fix,2024-09-30 00:00:00,2024-09-01 00:00:00,1,GB-Mo,0.031,0.031,Oracle,ocid1.bucket.x,Object Storage,NULL',
].join('\n');

beforeAll(() => {
  dir = tempDir('fuzz');
  const m = generate({ size: 240, out: path.join(dir, 'gen'), invoice: true, seed: 5 });
  const usage = fs.readFileSync(m.files.usage, 'utf8').split('\n');
  // Header + 40 rows (intervals, countables and a task are all in the first rows of the month).
  fixtures['usage-csv'] = { text: usage.slice(0, 41).join('\n') + '\n' };
  fixtures['credits-csv'] = { text: fs.readFileSync(path.join(ROOT, 'resources/sample/credits.csv'), 'utf8') };
  fixtures['credits-json'] = {
    text: JSON.stringify(
      fs
        .readFileSync(path.join(ROOT, 'resources/sample/credits.csv'), 'utf8')
        .trim()
        .split('\n')
        .slice(1)
        .map((l, i) => ({
          credit_id: `c-${i}`,
          owner_id: 'orga_x',
          kind: i % 2 ? 'prepaid' : 'free',
          amount: 50 + i,
          currency: 'EUR',
          granted_at: '2021-03-01T00:00:00+01:00',
          valid_from: '2021-03-01T00:00:00+01:00',
          expires_at: i === 2 ? null : '2021-06-01T00:00:00+02:00',
          scope: 'all',
          description: l.slice(0, 20),
        })),
      null,
      2,
    ),
    format: 'credits',
  };
  fixtures.catalog = { text: fs.readFileSync(path.join(ROOT, 'resources/sample/catalog-2021.json'), 'utf8') };
  // A cut-down invoice: the first uptimes items with a few details each, countables and classic.
  const inv = JSON.parse(fs.readFileSync(path.join(ROOT, 'resources/sample/invoice-2021-03.json'), 'utf8')) as { uptimes: { details: unknown[] }[] };
  inv.uptimes = inv.uptimes.slice(0, 3).map((u) => ({ ...u, details: u.details.slice(0, 3) }));
  fixtures['cc-invoice'] = { text: JSON.stringify(inv, null, 2) };
  fixtures.focus = { text: FOCUS };
});

afterAll(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

let serial = 0;
interface Outcome {
  ok: boolean;
  error?: ImportError;
}

/**
 * Imports `content` into a fresh workspace and checks the invariants that hold whatever the
 * input: an ImportError naming the file (and its row when it has one), never an internal error,
 * and an unchanged workspace on refusal.
 */
async function attempt(content: Buffer, name: string, options: ImportOptions = {}): Promise<Outcome> {
  const file = path.join(dir, `${serial++}-${name}`);
  fs.writeFileSync(file, content);
  const db: Db = openWorkspace(':memory:');
  try {
    const before = tableCounts(db);
    let error: unknown;
    try {
      await importFile(db, file, options);
    } catch (e) {
      error = e;
    }
    if (error === undefined) return { ok: true };
    expect(error, String(error)).toBeInstanceOf(ImportError);
    const e = error as ImportError;
    const shown = options.displayName ?? path.basename(file);
    expect(e.message.startsWith(shown), e.message).toBe(true);
    if (e.row !== undefined) expect(e.message).toContain(/^\d+$/.test(e.row) ? `row ${e.row}` : `record ${e.row}`);
    if (e.field !== undefined) expect(e.message).toContain(`field ${e.field}`);
    // An internal error wrapped by importFile means an importer did not validate something.
    expect(e.message, 'internal error leaked').not.toMatch(/could not be imported: /);
    expect(db.inTransaction).toBe(false);
    expect(tableCounts(db)).toEqual(before);
    return { ok: false, error: e };
  } finally {
    db.close();
  }
}

// ---------------------------------------------------------------------------------------------
// Mutations

const NASTY = [
  '"',
  '""',
  ',',
  ';',
  '\t',
  '\n',
  '\r',
  '\r\n',
  '\u0000',
  '\ufeff',
  '\\',
  '{',
  '}',
  '[',
  ']',
  ':',
  'é',
  '\ud800',
  '\udfff',
  '-',
  '+',
  'e',
  '9',
  '.',
  ' ',
  'NULL',
  'null',
  '1e999',
  '-0',
  '99999999999999999999',
  '=1+1',
  '\u2028',
];

type Mutation =
  | { op: 'truncate'; at: number }
  | { op: 'insert'; at: number; s: string }
  | { op: 'delete'; at: number; n: number }
  | { op: 'replaceLine'; line: number; with: string }
  | { op: 'duplicateLine'; line: number }
  | { op: 'swapLines'; a: number; b: number }
  | { op: 'newlines'; style: '\r\n' | '\r' | '\n' }
  | { op: 'bomMiddle'; at: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('insert' as const), at: fc.nat(), s: fc.oneof(fc.constantFrom(...NASTY), fc.string({ maxLength: 4 })) }),
  fc.record({ op: fc.constant('delete' as const), at: fc.nat(), n: fc.integer({ min: 1, max: 12 }) }),
  fc.record({
    op: fc.constant('replaceLine' as const),
    line: fc.nat(),
    with: fc.oneof(fc.constantFrom('', ',,,,', '"', 'a,b', '{}', '[]', 'NULL'), fc.string({ maxLength: 30 })),
  }),
  fc.record({ op: fc.constant('duplicateLine' as const), line: fc.nat() }),
  fc.record({ op: fc.constant('swapLines' as const), a: fc.nat(), b: fc.nat() }),
  fc.record({ op: fc.constant('newlines' as const), style: fc.constantFrom('\r\n' as const, '\r' as const, '\n' as const) }),
  fc.record({ op: fc.constant('bomMiddle' as const), at: fc.nat() }),
);

function mutate(text: string, muts: Mutation[]): string {
  let t = text;
  for (const m of muts) {
    const at = (n: number) => (t.length === 0 ? 0 : n % (t.length + 1));
    const lines = () => t.split('\n');
    switch (m.op) {
      case 'truncate':
        t = t.slice(0, at(m.at));
        break;
      case 'insert':
        t = t.slice(0, at(m.at)) + m.s + t.slice(at(m.at));
        break;
      case 'delete':
        t = t.slice(0, at(m.at)) + t.slice(at(m.at) + m.n);
        break;
      case 'bomMiddle':
        t = t.slice(0, at(m.at)) + '\ufeff' + t.slice(at(m.at));
        break;
      case 'replaceLine': {
        const l = lines();
        l[m.line % l.length] = m.with;
        t = l.join('\n');
        break;
      }
      case 'duplicateLine': {
        const l = lines();
        const i = m.line % l.length;
        l.splice(i, 0, l[i]!);
        t = l.join('\n');
        break;
      }
      case 'swapLines': {
        const l = lines();
        const [a, b] = [m.a % l.length, m.b % l.length];
        [l[a], l[b]] = [l[b]!, l[a]!];
        t = l.join('\n');
        break;
      }
      case 'newlines':
        t = t.replace(/\r\n|\r|\n/g, m.style);
        break;
    }
  }
  return t;
}

describe('importers never crash, never hang, never half-import (fast-check)', () => {
  const formats = ['usage-csv', 'credits-csv', 'credits-json', 'catalog', 'cc-invoice', 'focus'] as const;
  for (const name of formats) {
    it(`${name}: ${RUNS} mutated files → success or an ImportError naming the file; workspace unchanged on refusal`, async () => {
      const fx = fixtures[name]!;
      // The unmutated fixture imports.
      expect((await attempt(Buffer.from(fx.text), `${name}-valid`, fx.format ? { format: fx.format } : {})).ok).toBe(true);
      const seen = { ok: 0, refused: 0 };
      await fc.assert(
        fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 3 }), fc.boolean(), async (muts, forceFormat) => {
          const text = mutate(fx.text, muts);
          const opts: ImportOptions =
            forceFormat || fx.format ? { format: fx.format ?? (name.startsWith('credits') ? 'credits' : (name as ImportOptions['format'])) } : {};
          const r = await attempt(Buffer.from(text, 'utf8'), `${name}.data`, opts);
          seen[r.ok ? 'ok' : 'refused']++;
        }),
        { numRuns: RUNS, seed: SEED, endOnFailure: true },
      );
      expect(seen.ok + seen.refused).toBe(RUNS);
    });
  }

  it('random bytes (any format detection path) → an ImportError naming the file, never a crash', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ minLength: 0, maxLength: 2048 }),
        fc.constantFrom(undefined, 'usage-csv', 'credits', 'focus', 'catalog', 'cc-invoice'),
        async (bytes, format) => {
          const r = await attempt(Buffer.from(bytes), 'random.bin', format ? { format } : {});
          // Random bytes may happen to be an empty-but-valid CSV only in theory; they are refused in practice.
          if (r.ok) expect(format).toBeDefined();
        },
      ),
      { numRuns: RUNS, seed: SEED },
    );
  });

  it('hostile values in every usage-CSV field → accepted as text or refused naming that row and field', async () => {
    const lines = fixtures['usage-csv']!.text.trimEnd().split('\n');
    const header = lines[0]!.split(',');
    const values = [
      '',
      ' ',
      '-1',
      '-0',
      'abc',
      'NaN',
      'Infinity',
      '1e3',
      '1,5',
      '0x10',
      '1_000',
      '１２',
      '2021-03-01',
      '2021-03-01T10:00:00',
      '2021-02-30T00:00:00Z',
      '2021-03-01T24:00:00Z',
      '2021-03-01T10:00:00+25:00',
      '0000-01-01T00:00:00Z',
      '9999-12-31T23:59:59Z',
      '"quoted ""inner"" text"',
      'x'.repeat(5000),
      '\u0000',
      'é',
      '🙂',
    ];
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: lines.length - 1 }),
        fc.integer({ min: 0, max: header.length - 1 }),
        fc.constantFrom(...values),
        async (row, col, value) => {
          const fields = lines[row]!.split(',');
          fields[col] = /[",\n\r]/.test(value) && !value.startsWith('"') ? `"${value.replace(/"/g, '""')}"` : value;
          const text = [...lines.slice(0, row), fields.join(','), ...lines.slice(row + 1)].join('\n') + '\n';
          const r = await attempt(Buffer.from(text), 'usage-hostile.csv');
          if (!r.ok) {
            // The bad value is in spreadsheet row row + 1; the error names it (or an earlier conflict).
            expect(r.error!.row, r.error!.message).toBeDefined();
            expect(Number(r.error!.row)).toBeLessThanOrEqual(lines.length);
          }
        },
      ),
      { numRuns: RUNS * 2, seed: SEED },
    );
  });
});
