// Clever Cloud v4 invoice JSON (SPEC 2.1): one invoice object or an array of them. Each gives
// an `invoices` row, the billed lines (what the provider charged) and the usage the invoice was
// billed for (intervals, countables, classic items, origin 'invoice').
import { addIsoDuration, parseIsoDuration } from '../../../../shared/duration';
import { D, formatMoney } from '../../../../shared/money';
import type { Db } from '../../store/open';
import { ImportError, Loc, ROOT } from '../errors';
import { isObj, type JVal, jsonDecimal, Rec, readJsonFile, shownJson, typeName } from '../json/reader';
import type { ImportCtx } from '../types';
import { currencyField, type DecimalOptions, Exact, exactString, type ExactValue, type InstantRule, isoUtc } from '../values';

export interface BilledLinePlan {
  path: string;
  itemType: 'uptime' | 'build' | 'countable' | 'classic';
  itemId: string;
  itemName: string;
  priceRef: string;
  flavorName: string;
  sourceHint: string;
  amount: string;
}

export interface InvoiceIntervalPlan {
  path: string;
  itemType: 'uptime' | 'build';
  itemId: string;
  itemName: string;
  instanceId: string;
  priceId: string;
  flavorName: string;
  sourceHint: string;
  zoneId: string;
  start: number;
  end: number;
  billedPrice: string;
}

export interface InvoiceCountablePlan {
  path: string;
  service: string;
  planId: string;
  quantity: string;
  unit: string;
  zoneId: string;
  /** The span measured: the invoice's consumption start plus `duration`, else its whole consumption period. */
  end: number;
  attrs: Record<string, string> | null;
}

export interface InvoiceClassicPlan {
  path: string;
  itemId: string;
  description: string;
  unitPrice: string;
  quantity: string;
  priceFactor: string;
  discount: string;
  attrs: Record<string, string> | null;
}

export interface InvoicePlan {
  path: string;
  invoiceNumber: string;
  ownerId: string;
  status: string;
  emissionDate: number | null;
  periodStart: number;
  periodEnd: number;
  currency: string;
  vatPercent: string;
  totalTaxExcluded: string;
  totalTax: string;
  lines: BilledLinePlan[];
  intervals: InvoiceIntervalPlan[];
  countables: InvoiceCountablePlan[];
  classics: InvoiceClassicPlan[];
}

/** Catalog source of an uptime item from its category, when obvious: apps and builds → 'apps'; `xxx-addon` add-ons → 'xxx-addon'. */
export function sourceHintForCategory(category: string, subCategory: string): string {
  const c = category.trim().toLowerCase();
  const s = subCategory.trim().toLowerCase();
  if (['app', 'apps', 'application', 'applications', 'build', 'builds'].includes(c)) return 'apps';
  if (['addon', 'addons', 'add-on', 'add-ons'].includes(c) && /^[a-z0-9][a-z0-9-]*-addon$/.test(s)) return s;
  return '';
}

const dstr = exactString;
const X = Exact;

/** Money: a JSON number, a decimal string, or {amount, currency} (currency must be the invoice's). */
function money(rec: Rec, field: string, currency: string, opts: DecimalOptions = {}): string | null {
  const v = rec.raw(field);
  if (isObj(v)) {
    const m = new Rec(v, rec.loc);
    const amount = jsonDecimal(rec.loc, `${field}.amount`, v.amount, { ...opts, required: true });
    if (m.has('currency')) {
      const cur = currencyField(rec.loc, `${field}.currency`, m.str('currency'));
      if (currency !== '' && cur !== currency) rec.loc.fail(`${field}.currency`, `differs from the invoice currency ${currency}`, cur);
    }
    return amount;
  }
  return jsonDecimal(rec.loc, field, v, opts);
}

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

function attrsOf(rec: Rec, fields: readonly string[]): Record<string, string> | null {
  let out: Record<string, string> | null = null;
  for (const f of fields) {
    const v = rec.raw(f);
    if (v === undefined || v === null || isObj(v) || Array.isArray(v)) continue;
    const s = rec.str(f);
    if (s !== '') (out ??= {})[f] = s;
  }
  return out;
}

/** End of the span a countable's quantity was measured over, from the invoice's consumption start. */
function countableEnd(k: Rec, periodStart: number, periodEnd: number, timeZone: string): number {
  const text = k.optStr('duration');
  if (text === null || text === '') return periodEnd;
  const duration = parseIsoDuration(text);
  if (duration === null) return k.loc.fail('duration', 'is not a positive ISO-8601 duration (e.g. P1M, PT720H)', text);
  return addIsoDuration(periodStart, duration, timeZone);
}

/** Validates one invoice and plans its rows. `warnings` receives non-fatal findings. */
export function readInvoice(inv: Rec, timeZone: string, warnings: string[]): InvoicePlan {
  const loc: Loc = inv.loc;
  const rule: InstantRule = { mode: 'date-in-zone', timeZone };
  const invoiceNumber = inv.str('invoice_number', true);

  // Currency: the invoice's, else the one of total_tax_excluded {amount, currency}.
  let currency = inv.has('currency') ? currencyField(loc, 'currency', inv.str('currency')) : '';
  if (currency === '') {
    const t = inv.raw('total_tax_excluded');
    if (isObj(t) && typeof t.currency === 'string') currency = currencyField(loc, 'total_tax_excluded.currency', t.currency);
  }
  if (currency === '') loc.fail('currency', 'is missing (a currency code like EUR is required)');

  const periodStart = inv.instant('consumption_begin_date', rule, true)!;
  const periodEnd = inv.instant('consumption_end_date', rule, true)!;
  if (periodEnd <= periodStart)
    loc.fail('consumption_end_date', `is not after consumption_begin_date (${inv.str('consumption_begin_date')})`, inv.str('consumption_end_date'));
  const emissionDate = inv.instant('emission_date', rule);
  const vatPercent = inv.dec('vat_percent', { required: true })!;

  const uptimes = inv.records('uptimes');
  const countables = inv.records('countables');
  const classic = inv.records('classic');

  // Owner: top-level owner_id, else the items' (which must agree).
  const top = inv.str('owner_id');
  let ownerId = top;
  let ownerFrom = 'owner_id';
  for (const item of [...uptimes, ...countables, ...classic]) {
    const o = item.str('owner_id');
    if (o === '') continue;
    if (ownerId === '') {
      ownerId = o;
      ownerFrom = `${item.path}.owner_id`;
    } else if (o !== ownerId) {
      item.loc.fail('owner_id', `differs from the invoice's owner ${JSON.stringify(ownerId)} (${ownerFrom}): one invoice has one owner`, o);
    }
  }
  if (ownerId === '') loc.fail('owner_id', 'is missing, and no uptimes/countables/classic item has one: the invoice owner is unknown');

  const lines: BilledLinePlan[] = [];
  const intervals: InvoiceIntervalPlan[] = [];

  for (const u of uptimes) {
    const itemId = u.str('item_id') || u.str('app_id');
    if (itemId === '') u.loc.fail('item_id', 'is missing (and so is app_id)');
    const category = u.str('category');
    const itemType = category.trim().toLowerCase() === 'build' ? 'build' : 'uptime';
    const sourceHint = sourceHintForCategory(category, u.str('sub_category'));
    const itemName = u.str('item_name') || u.str('name');
    const details = u.records('details');
    if (details.length === 0) {
      const amount = money(u, 'price', currency, { required: true })!;
      lines.push({ path: u.path, itemType, itemId, itemName, priceRef: '', flavorName: '', sourceHint, amount });
      continue;
    }
    const groups = new Map<string, BilledLinePlan & { sum: ExactValue }>();
    for (const d of details) {
      const priceId = d.str('runtime_policy_id');
      const flavorName = d.str('flavor_name');
      if (priceId === '' && flavorName === '') d.loc.fail('runtime_policy_id', 'is missing and so is flavor_name: the detail cannot be priced');
      const price = money(d, 'price', currency, { required: true })!;
      const start = d.instant('consumption_start', rule, true)!;
      const end = d.instant('consumption_end', rule, true)!;
      if (end < start) d.loc.fail('consumption_end', `is before consumption_start (${d.str('consumption_start')})`, d.str('consumption_end'));
      intervals.push({
        path: d.path,
        itemType,
        itemId,
        itemName,
        instanceId: d.str('instance_id'),
        priceId,
        flavorName,
        sourceHint,
        zoneId: d.str('zone_id'),
        start,
        end,
        billedPrice: price,
      });
      const key = priceId !== '' ? `p:${priceId}` : `f:${flavorName}`;
      let g = groups.get(key);
      if (g === undefined) {
        g = { path: u.path, itemType, itemId, itemName, priceRef: priceId, flavorName, sourceHint, amount: '0', sum: new X(0) };
        groups.set(key, g);
      }
      g.sum = g.sum.plus(price);
    }
    let itemSum = new X(0);
    for (const { sum, ...line } of groups.values()) {
      lines.push({ ...line, amount: dstr(sum) });
      itemSum = itemSum.plus(sum);
    }
    const itemPrice = u.has('price') ? money(u, 'price', currency, { allowNegative: true }) : null;
    if (itemPrice !== null && !itemSum.eq(itemPrice)) {
      warnings.push(`${loc.file}, record ${u.path}: price ${itemPrice} differs from the sum of its details ${dstr(itemSum)}; the details are used`);
    }
  }

  const countablePlans: InvoiceCountablePlan[] = [];
  for (const k of countables) {
    const service = k.str('service', true);
    const planId = k.str('plan_id');
    const quantity = k.dec('quantity', { required: true })!;
    let amount: string;
    const details = k.records('details');
    if (k.has('details_price')) amount = money(k, 'details_price', currency, { required: true })!;
    else if (details.length > 0) amount = dstr(details.reduce((s, d) => s.plus(money(d, 'price', currency, { required: true })!), new X(0)));
    else if (k.has('price')) amount = money(k, 'price', currency, { required: true })!;
    else return k.loc.fail('details_price', 'is missing (and there are no details nor price): the billed amount is unknown');
    lines.push({ path: k.path, itemType: 'countable', itemId: service, itemName: service, priceRef: planId, flavorName: '', sourceHint: '', amount });
    countablePlans.push({
      path: k.path,
      service,
      planId,
      quantity,
      unit: k.str('unit_name'),
      zoneId: k.str('zone_id'),
      end: countableEnd(k, periodStart, periodEnd, timeZone),
      attrs: attrsOf(k, ['item_id', 'app_id', 'policy_id', 'duration', 'category', 'sub_category']),
    });
  }

  const classicPlans: InvoiceClassicPlan[] = [];
  for (const c of classic) {
    const unitPrice = money(c, 'unit_price', currency, { required: true, allowNegative: true })!;
    const quantity = c.dec('quantity', { required: true })!;
    const priceFactor = c.dec('price_factor') ?? '1';
    const discount = money(c, 'discount', currency) ?? '0';
    const description = c.str('description');
    const billingItemId = c.str('classic_billing_item_id');
    if (billingItemId === '' && description === '') c.loc.fail('classic_billing_item_id', 'is missing and so is description: the item cannot be identified');
    const amount = dstr(new X(unitPrice).times(quantity).times(priceFactor).minus(discount));
    lines.push({
      path: c.path,
      itemType: 'classic',
      itemId: billingItemId || description,
      itemName: description,
      priceRef: billingItemId,
      flavorName: '',
      sourceHint: '',
      amount,
    });
    classicPlans.push({
      path: c.path,
      itemId: billingItemId,
      description,
      unitPrice,
      quantity,
      priceFactor,
      discount,
      attrs: attrsOf(c, ['sub_description', 'item_id', 'category', 'sub_category']),
    });
  }

  const sum = lines.reduce((s, l) => s.plus(l.amount), new X(0));
  let totalTaxExcluded: string;
  if (inv.has('total_tax_excluded')) {
    totalTaxExcluded = money(inv, 'total_tax_excluded', currency, { allowNegative: true })!;
    if (!sum.eq(totalTaxExcluded)) {
      warnings.push(
        `${loc.file}, record ${inv.path}: total_tax_excluded ${totalTaxExcluded} differs from the sum of the billed lines ${dstr(sum)} (difference ${dstr(new X(totalTaxExcluded).minus(sum))})`,
      );
    }
  } else {
    totalTaxExcluded = dstr(sum);
    warnings.push(`${loc.file}, record ${inv.path}: total_tax_excluded is missing; the sum of the billed lines (${totalTaxExcluded}) is recorded`);
  }
  let totalTax: string;
  if (inv.has('total_tax')) totalTax = money(inv, 'total_tax', currency, { allowNegative: true })!;
  else {
    totalTax = formatMoney(new D(totalTaxExcluded).times(vatPercent).div(100), currency);
    warnings.push(`${loc.file}, record ${inv.path}: total_tax is missing; ${totalTax} (total_tax_excluded × vat_percent / 100) is recorded`);
  }

  return {
    path: inv.path,
    invoiceNumber,
    ownerId,
    status: inv.str('status'),
    emissionDate,
    periodStart,
    periodEnd,
    currency,
    vatPercent,
    totalTaxExcluded,
    totalTax,
    lines,
    intervals,
    countables: countablePlans,
    classics: classicPlans,
  };
}

export function readInvoices(file: string, doc: JVal, timeZone: string, warnings: string[]): InvoicePlan[] {
  const seen = new Map<string, string>();
  const plans = invoiceRecords(file, doc).map((rec) => {
    const plan = readInvoice(rec, timeZone, warnings);
    const key = `${plan.ownerId}\u0000${plan.invoiceNumber}`;
    const before = seen.get(key);
    if (before !== undefined) rec.loc.fail('invoice_number', `is also the number of record ${before}`, plan.invoiceNumber);
    seen.set(key, plan.path);
    return plan;
  });
  warnings.push(...detailConflicts(file, plans));
  return plans;
}

const MAX_CONFLICT_WARNINGS = 20;

/**
 * Details of one (owner, item, instance) that are listed twice or overlap: the provider billed
 * that time twice. A warning naming both records (the invoice is what was billed; refusing it
 * would hide the rest of it). Intervals are [start, end); sorted by start, neighbours are compared.
 */
export function detailConflicts(file: string, plans: readonly InvoicePlan[]): string[] {
  const groups = new Map<string, { v: InvoiceIntervalPlan; order: number }[]>();
  let order = 0;
  for (const p of plans) {
    for (const v of p.intervals) {
      order++;
      if (v.instanceId === '') continue;
      const key = `${p.ownerId}\u0000${v.itemId}\u0000${v.instanceId}`;
      let g = groups.get(key);
      if (g === undefined) groups.set(key, (g = []));
      g.push({ v, order });
    }
  }
  const found: { order: number; text: string }[] = [];
  for (const g of groups.values()) {
    if (g.length < 2) continue;
    g.sort((a, b) => a.v.start - b.v.start || a.v.end - b.v.end || a.order - b.order);
    for (let i = 1; i < g.length; i++) {
      const a = g[i - 1]!;
      const b = g[i]!;
      const dup = a.v.start === b.v.start && a.v.end === b.v.end;
      if (!dup && !(a.v.end > b.v.start)) continue;
      const [later, earlier] = a.order > b.order ? [a, b] : [b, a];
      const what = `interval ${isoUtc(later.v.start)} → ${isoUtc(later.v.end)} of item ${later.v.itemId}, instance ${later.v.instanceId}`;
      const other = `record ${earlier.v.path} (${isoUtc(earlier.v.start)} → ${isoUtc(earlier.v.end)})`;
      found.push({
        order: later.order,
        text: `${file}, record ${later.v.path}: ${what} ${dup ? 'duplicates' : 'overlaps'} ${other}: the provider billed ${dup ? 'it' : 'that time'} twice`,
      });
    }
  }
  found.sort((x, y) => x.order - y.order);
  const out = found.slice(0, MAX_CONFLICT_WARNINGS).map((f) => f.text);
  if (found.length > MAX_CONFLICT_WARNINGS) out.push(`${file}: ${found.length - MAX_CONFLICT_WARNINGS} more duplicated or overlapping details`);
  return out;
}

function refuseKnownInvoice(db: Db, file: string, plan: InvoicePlan): void {
  const old = db
    .prepare(
      `SELECT i.source_row AS row, b.file_name AS file, b.id AS batch FROM invoices i JOIN import_batches b ON b.id = i.batch_id
       WHERE i.invoice_number = ? AND i.owner_id = ? LIMIT 1`,
    )
    .get(plan.invoiceNumber, plan.ownerId) as { row: string; file: string; batch: number } | undefined;
  if (old) {
    throw new ImportError(
      file,
      `invoice ${plan.invoiceNumber} of ${plan.ownerId} was already imported from ${old.file} (batch ${old.batch}); importing it again would bill its lines twice`,
      {
        row: plan.path,
        field: 'invoice_number',
      },
    );
  }
}

export function invoiceRowCount(plans: readonly InvoicePlan[]): number {
  return plans.reduce((n, p) => n + 1 + p.lines.length + p.intervals.length + p.countables.length + p.classics.length, 0);
}

export async function importCcInvoice(ctx: ImportCtx): Promise<number> {
  const doc = await readJsonFile(ctx.path, ctx.file);
  ctx.progress(ctx.size, 0);
  const plans = readInvoices(ctx.file, doc, ctx.timeZone, ctx.warnings);
  const batchId = ctx.begin();
  const { db } = ctx;
  for (const p of plans) refuseKnownInvoice(db, ctx.file, p);
  const insInvoice = db.prepare(
    `INSERT INTO invoices (batch_id, source_row, invoice_number, owner_id, status, emission_date, period_start, period_end, currency, vat_percent, total_tax_excluded, total_tax)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insLine = db.prepare(
    `INSERT INTO billed_lines (invoice_id, batch_id, source_row, item_type, owner_id, item_id, item_name, price_ref, flavor_name, source_hint, amount)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insInterval = db.prepare(
    `INSERT INTO usage_intervals (batch_id, source_row, origin, invoice_id, owner_id, item_type, item_id, item_name, instance_id, price_id, flavor_name, source_hint, zone_id, start_ms, end_ms, billed_price)
     VALUES (?, ?, 'invoice', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insCountable = db.prepare(
    `INSERT INTO usage_countables (batch_id, source_row, origin, invoice_id, owner_id, service, item_id, item_name, plan_id, quantity, unit, zone_id, start_ms, end_ms, attrs_json)
     VALUES (?, ?, 'invoice', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insClassic = db.prepare(
    `INSERT INTO usage_classic (batch_id, source_row, origin, invoice_id, owner_id, item_id, description, unit_price, quantity, price_factor, discount, currency, start_ms, attrs_json)
     VALUES (?, ?, 'invoice', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  for (const p of plans) {
    const id = Number(
      insInvoice.run(
        batchId,
        p.path,
        p.invoiceNumber,
        p.ownerId,
        p.status,
        p.emissionDate,
        p.periodStart,
        p.periodEnd,
        p.currency,
        p.vatPercent,
        p.totalTaxExcluded,
        p.totalTax,
      ).lastInsertRowid,
    );
    for (const l of p.lines) insLine.run(id, batchId, l.path, l.itemType, p.ownerId, l.itemId, l.itemName, l.priceRef, l.flavorName, l.sourceHint, l.amount);
    for (const v of p.intervals) {
      insInterval.run(
        batchId,
        v.path,
        id,
        p.ownerId,
        v.itemType,
        v.itemId,
        v.itemName,
        v.instanceId,
        v.priceId,
        v.flavorName,
        v.sourceHint,
        v.zoneId,
        v.start,
        v.end,
        v.billedPrice,
      );
    }
    for (const k of p.countables) {
      insCountable.run(
        batchId,
        k.path,
        id,
        p.ownerId,
        k.service,
        k.service,
        k.service,
        k.planId,
        k.quantity,
        k.unit,
        k.zoneId,
        p.periodStart,
        k.end,
        k.attrs ? JSON.stringify(k.attrs) : null,
      );
    }
    for (const c of p.classics) {
      insClassic.run(
        batchId,
        c.path,
        id,
        p.ownerId,
        c.itemId,
        c.description,
        c.unitPrice,
        c.quantity,
        c.priceFactor,
        c.discount,
        p.currency,
        p.periodStart,
        c.attrs ? JSON.stringify(c.attrs) : null,
      );
    }
  }
  return invoiceRowCount(plans);
}
