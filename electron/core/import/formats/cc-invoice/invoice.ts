// One invoice read section by section (header, uptimes, countables, classic, totals), and the
// invoices of a file: one object or an array of them.
import type { Locale } from '../../../../../shared/i18n/labels';
import type { NewInvoice } from '../../../store/invoices/write';
import { ImportError, Loc, ROOT } from '../../errors';
import { isObj, type JVal, Rec, shownJson, typeName } from '../../json/reader';
import type { InstantRule } from '../../values';
import { readClassic } from './classic';
import { readCountables } from './countables';
import { detailConflicts } from './detail-conflicts';
import { readHeader, readOwner } from './header';
import { readProvider } from './provider';
import { readTotals } from './totals';
import { readUptimes } from './uptimes';

function invoiceRecords(file: string, doc: JVal): Rec[] {
  if (Array.isArray(doc)) {
    if (doc.length === 0) throw new ImportError(file, 'is an empty array: no invoice to import');
    return doc.map((item, i) => {
      const loc: Loc = new Loc(file, `[${i}]`);
      if (!isObj(item)) loc.fail(undefined, `is ${typeName(item)}, expected an invoice object`, shownJson(item));
      return new Rec(item, loc);
    });
  }
  if (!isObj(doc)) throw new ImportError(file, `is ${typeName(doc)}, expected an invoice object or an array of them`);
  return [new Rec(doc, new Loc(file, ROOT))];
}

/** Validates one invoice and plans its rows. `warnings` receives non-fatal findings. */
function readInvoice(inv: Rec, timeZone: string, warnings: string[]): NewInvoice {
  const rule: InstantRule = { mode: 'date-in-zone', timeZone };
  const header = readHeader(inv, rule);
  const { currency } = header;
  const uptimes = inv.records('uptimes');
  const countables = inv.records('countables');
  const classic = inv.records('classic');
  const ownerId = readOwner(inv, [...uptimes, ...countables, ...classic]);
  const time = readUptimes(uptimes, currency, rule, warnings);
  const quantities = readCountables(countables, currency, { start: header.periodStart, end: header.periodEnd, timeZone });
  const items = readClassic(classic, currency);
  const lines = [...time.lines, ...quantities.lines, ...items.lines];
  const provider = readProvider(inv, currency);
  const vendor = provider.vendorConsumption.map((v) => v.price);
  const totals = readTotals(inv, lines, currency, header.vatPercent, warnings, vendor);
  return {
    path: inv.path,
    ...header,
    ownerId,
    status: inv.str('status'),
    ...totals,
    provider,
    lines,
    intervals: time.intervals,
    countables: quantities.countables,
    classics: items.classics,
  };
}

export function readInvoices(file: string, doc: JVal, timeZone: string, warnings: string[], locale: Locale = 'en'): NewInvoice[] {
  const seen = new Map<string, string>();
  const plans = invoiceRecords(file, doc).map((rec) => {
    const plan = readInvoice(rec, timeZone, warnings);
    const key = `${plan.ownerId}\u0000${plan.invoiceNumber}`;
    const before = seen.get(key);
    if (before !== undefined) rec.loc.fail('invoice_number', `is also the number of record ${before}`, plan.invoiceNumber);
    seen.set(key, plan.path);
    return plan;
  });
  warnings.push(...detailConflicts(file, plans, timeZone, locale));
  return plans;
}

export function invoiceRowCount(plans: readonly NewInvoice[]): number {
  return plans.reduce((n, p) => n + 1 + p.lines.length + p.intervals.length + p.countables.length + p.classics.length, 0);
}
