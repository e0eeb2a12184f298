// Credit grants (docs/importers.md, "Credits"), as CSV or JSON (an array of objects, or
// {credits: [...]}).
import { CC_LINE_KINDS, type CcLineKind } from '../../../../shared/types';
import { creditWriter, type NewCredit, storedCreditLookup } from '../../store/credits/write';
import type { Db } from '../../store/open';
import { CREDIT_COLUMNS, CREDIT_REQUIRED } from '../csv/columns';
import { streamCsvTable, type DataRow } from '../csv/table';
import { ImportError, Loc, ROOT } from '../errors';
import { isObj, type JVal, jsonDecimal, jsonInstant, Rec, readJsonFile, shownJson, typeName } from '../json/reader';
import type { ImportCtx } from '../types';
import { currencyField, decimalField, enumField, instantField, type InstantRule, textField } from '../values';

export const CREDIT_KINDS = ['prepaid', 'free'] as const;

/**
 * 'all', or line kinds joined by '|' (case-insensitive, duplicates dropped, order kept). Credits
 * pay Clever Cloud lines: a FOCUS invoice's credits are rows of its own.
 */
export function parseScope(loc: Loc, raw: string): string {
  const text = raw.trim();
  if (text === '') loc.fail('scope', `is missing ('all' or line kinds joined by '|': ${CC_LINE_KINDS.join('|')})`);
  if (text.toLowerCase() === 'all') return 'all';
  const kinds: CcLineKind[] = [];
  for (const part of text.split('|')) {
    const k = part.trim().toLowerCase();
    if (k === 'all') loc.fail('scope', "mixes 'all' with line kinds", text);
    const kind = CC_LINE_KINDS.find((x) => x === k);
    if (kind === undefined) loc.fail('scope', `has ${JSON.stringify(part.trim())}, which is not a line kind (${CC_LINE_KINDS.join(', ')}) nor 'all'`, text);
    if (!kinds.includes(kind)) kinds.push(kind);
  }
  return kinds.join('|');
}

/** Field access shared by the CSV and JSON readers. */
interface CreditSource {
  loc: Loc;
  text(field: string): string;
  decimal(field: string): string | null;
  instant(field: string, required: boolean): number | null;
}

function convertCredit(s: CreditSource): NewCredit {
  const { loc } = s;
  const creditId = textField(loc, 'credit_id', s.text('credit_id'), true);
  const ownerId = textField(loc, 'owner_id', s.text('owner_id'), true);
  const kind = enumField(loc, 'kind', s.text('kind'), CREDIT_KINDS)!;
  const amount = s.decimal('amount');
  if (amount === null) return loc.fail('amount', 'is missing (a number is required)');
  const currency = currencyField(loc, 'currency', s.text('currency'));
  const grantedAt = s.instant('granted_at', true)!;
  const validFrom = s.instant('valid_from', false) ?? grantedAt;
  const expiresAt = s.instant('expires_at', false);
  if (expiresAt !== null && expiresAt <= validFrom) loc.fail('expires_at', 'is not after valid_from: the credit could never be used', s.text('expires_at'));
  const scope = parseScope(loc, s.text('scope'));
  return {
    creditId,
    ownerId,
    kind,
    amount,
    currency,
    grantedAt,
    validFrom,
    expiresAt,
    scope,
    description: textField(loc, 'description', s.text('description')),
  };
}

function csvSource(file: string, r: DataRow, decimalComma: boolean, rule: InstantRule): CreditSource {
  const loc: Loc = new Loc(file, String(r.row));
  const get = (f: string) => r.cols.get(r.fields, f);
  return {
    loc,
    text: get,
    decimal: (f) => decimalField(loc, f, get(f), { decimalComma }),
    instant: (f, required) => instantField(loc, f, get(f), rule, required),
  };
}

function jsonSource(rec: Rec, rule: InstantRule): CreditSource {
  return {
    loc: rec.loc,
    text: (f) => rec.str(f),
    decimal: (f) => jsonDecimal(rec.loc, f, rec.raw(f)),
    instant: (f, required) =>
      typeof rec.raw(f) === 'string' && (rec.raw(f) as string).trim() === '' ? null : jsonInstant(rec.loc, f, rec.raw(f), rule, required),
  };
}

/** The records of a credits JSON document: `[i]` or `credits[i]`. */
export function creditRecords(file: string, doc: JVal): Rec[] {
  const root = new Loc(file, ROOT);
  let list: JVal[];
  let prefix = '';
  if (Array.isArray(doc)) list = doc;
  else if (isObj(doc) && Array.isArray(doc.credits)) {
    list = doc.credits;
    prefix = 'credits';
  } else if (isObj(doc) && doc.credit_id !== undefined) {
    return [new Rec(doc, root)];
  } else return root.fail(undefined, `is ${typeName(doc)} without credits: expected an array of credits or {"credits": [...]}`);
  return list.map((item, i) => {
    const loc: Loc = new Loc(file, `${prefix}[${i}]`);
    if (!isObj(item)) loc.fail(undefined, `is ${typeName(item)}, expected an object`, shownJson(item));
    return new Rec(item, loc);
  });
}

/** Refuses a credit id seen earlier in the file or already in the workspace. */
class CreditIds {
  private readonly seen = new Map<string, string>();
  private readonly stored;
  constructor(
    db: Db,
    private readonly file: string,
  ) {
    this.stored = storedCreditLookup(db);
  }
  check(id: string, where: string): void {
    const before = this.seen.get(id);
    const at = /^\d+$/.test(where) ? `row ${where}` : `record ${where}`;
    if (before !== undefined) {
      throw new ImportError(this.file, `credit ${JSON.stringify(id)} appears twice (${/^\d+$/.test(before) ? 'row' : 'record'} ${before} and ${at})`, {
        row: where,
        field: 'credit_id',
      });
    }
    this.seen.set(id, where);
    const old = this.stored(id);
    if (old) {
      throw new ImportError(this.file, `credit ${JSON.stringify(id)} already exists in the workspace (row ${old.row} of ${old.file}, batch ${old.batch})`, {
        row: where,
        field: 'credit_id',
      });
    }
  }
}

function creditRule(timeZone: string): InstantRule {
  return { mode: 'date-in-zone', timeZone };
}

export async function importCredits(ctx: ImportCtx, json: boolean): Promise<number> {
  const { db, file } = ctx;
  const rule = creditRule(ctx.timeZone);

  if (json) {
    const doc = await readJsonFile(ctx.path, file);
    ctx.progress(ctx.size, 0);
    const rows = creditRecords(file, doc).map((rec) => ({ rec, c: convertCredit(jsonSource(rec, rule)) }));
    const write = creditWriter(db, ctx.begin());
    const ids = new CreditIds(db, file);
    for (const { rec, c } of rows) {
      ids.check(c.creditId, rec.path);
      write(rec.path, c);
    }
    return rows.length;
  }

  const write = creditWriter(db, ctx.begin());
  const ids = new CreditIds(db, file);
  let rows = 0;
  await streamCsvTable(
    ctx.path,
    file,
    {
      csv: ctx.csv,
      canonical: CREDIT_COLUMNS,
      required: CREDIT_REQUIRED,
      ...(ctx.signal ? { signal: ctx.signal } : {}),
      onChunk: (b) => ctx.progress(b, rows),
    },
    (r) => {
      const c = convertCredit(csvSource(file, r, ctx.csv.decimalComma ?? false, rule));
      ids.check(c.creditId, String(r.row));
      write(String(r.row), c);
      rows++;
    },
  );
  return rows;
}

export function convertCreditCsvRow(file: string, r: DataRow, decimalComma: boolean, timeZone: string): NewCredit {
  return convertCredit(csvSource(file, r, decimalComma, creditRule(timeZone)));
}

export function convertCreditRecord(rec: Rec, timeZone: string): NewCredit {
  return convertCredit(jsonSource(rec, creditRule(timeZone)));
}
