// Clever Cloud price-system JSON: {zone_id, currency, start_date?, end_date?, runtime[],
// countable[]}, or an array of them. Prices are kept exactly as written. A countable keeps what
// its price means: per `data_quantity_for_price.quantity` data units (whole batches when
// `insecable`), per `time_interval_for_price.interval` when given (docs/rating.md, Countables).
import { parseIsoDuration } from '../../../../shared/duration';
import { type CatalogCountable, SECABILITIES } from '../../../../shared/types';
import { writeCatalogs } from '../../store/catalogs/write';
import { ImportError, Loc, ROOT } from '../errors';
import { isObj, type JVal, Rec, readJsonFile, shownJson, typeName } from '../json/reader';
import type { ImportCtx } from '../types';
import { currencyField, enumField, type InstantRule } from '../values';

export interface CatalogPlan {
  path: string;
  zoneId: string;
  currency: string;
  startDate: number | null;
  endDate: number | null;
  runtime: { path: string; runtimePolicyId: string; source: string; flavor: string; pricePerHour: string; slugId: string | null }[];
  countable: (CatalogCountable & { path: string })[];
}

function rootRecords(file: string, doc: JVal): Rec[] {
  if (Array.isArray(doc)) {
    return doc.map((item, i) => {
      const loc: Loc = new Loc(file, `[${i}]`);
      if (!isObj(item)) loc.fail(undefined, `is ${typeName(item)}, expected a price catalog object`, shownJson(item));
      return new Rec(item, loc);
    });
  }
  if (!isObj(doc)) throw new ImportError(file, `is ${typeName(doc)}, expected a price catalog object or an array of them`);
  return [new Rec(doc, new Loc(file, ROOT))];
}

export function readCatalogs(file: string, doc: JVal, timeZone: string): CatalogPlan[] {
  const rule: InstantRule = { mode: 'date-in-zone', timeZone };
  return rootRecords(file, doc).map((c) => {
    const zoneId = c.str('zone_id', true);
    const currency = currencyField(c.loc, 'currency', c.str('currency'));
    const startDate = c.instant('start_date', rule);
    const endDate = c.instant('end_date', rule);
    if (startDate !== null && endDate !== null && endDate <= startDate)
      c.loc.fail('end_date', `is not after start_date (${c.str('start_date')})`, c.str('end_date'));
    if (!c.has('runtime') && !c.has('countable')) c.loc.fail('runtime', 'is missing, and so is countable: not a price catalog');

    const policyIds = new Map<string, string>();
    const runtime = c.records('runtime').map((r) => {
      const runtimePolicyId = r.str('runtime_policy_id', true);
      const seen = policyIds.get(runtimePolicyId);
      if (seen !== undefined) r.loc.fail('runtime_policy_id', `is also the id of ${seen}`, runtimePolicyId);
      policyIds.set(runtimePolicyId, r.path);
      const timeUnit = r.str('time_unit');
      if (timeUnit !== '' && timeUnit.toUpperCase() !== 'PT1H') r.loc.fail('time_unit', 'is not supported: runtime prices must be per hour (PT1H)', timeUnit);
      return {
        path: r.path,
        runtimePolicyId,
        source: r.str('source', true),
        flavor: r.str('flavor', true),
        pricePerHour: r.dec('price', { required: true })!,
        slugId: r.optStr('slug_id'),
      };
    });

    const services = new Map<string, string>();
    const countable = c.records('countable').map((k) => {
      const service = k.str('service', true);
      const seen = services.get(service);
      if (seen !== undefined) k.loc.fail('service', `is also the service of ${seen}`, service);
      services.set(service, k.path);
      return { path: k.path, ...readCountable(k, service) };
    });
    return { path: c.path, zoneId, currency, startDate, endDate, runtime, countable };
  });
}

/** An object field as a record ({secability, quantity}, {secability, interval}); null when absent or null. */
function subRecord(k: Rec, field: string, expected: string, required: boolean): Rec | null {
  const v = k.raw(field);
  if (v === undefined || v === null) {
    if (required) k.loc.fail(field, `is missing (expected ${expected})`);
    return null;
  }
  if (!isObj(v)) return k.loc.fail(field, `is ${typeName(v)}, expected ${expected}${required ? '' : ' or null'}`, shownJson(v));
  return new Rec(v, k.loc.child(field));
}

function readCountable(k: Rec, service: string): CatalogCountable {
  const q = subRecord(k, 'data_quantity_for_price', '{secability, quantity}', true)!;
  const secability = enumField(q.loc, 'secability', q.str('secability'), SECABILITIES)!;
  const quantityForPrice = q.dec('quantity', { required: true })!;
  if (/^0(\.0*)?$/.test(quantityForPrice)) q.loc.fail('quantity', 'is zero: prices are per this quantity', quantityForPrice);

  const t = subRecord(k, 'time_interval_for_price', '{secability, interval}', false);
  let interval: CatalogCountable['interval'] = null;
  if (t !== null) {
    const text = t.str('interval', true);
    const duration = parseIsoDuration(text);
    if (duration === null) return t.loc.fail('interval', 'is not a positive ISO-8601 duration (e.g. PT1H, PT720H, P1M)', text);
    interval = { duration: duration.text, secability: enumField(t.loc, 'secability', t.str('secability'), SECABILITIES)! };
  }

  const planIds = new Map<string, string>();
  const plans = k.records('price_plans', true).map((p) => {
    const planId = p.str('plan_id', true);
    // A countable line is a service × plan: two plans with one id would make one line of two prices.
    const other = planIds.get(planId);
    if (other !== undefined) p.loc.fail('plan_id', `is also the id of ${other}`, planId);
    planIds.set(planId, p.path);
    return { planId, maxQuantity: p.dec('max_quantity'), price: p.dec('price', { required: true })! };
  });
  if (plans.length === 0) k.loc.fail('price_plans', 'is empty: a countable needs at least one plan');
  return { service, dataUnit: k.str('data_unit'), secability, quantityForPrice, interval, plans };
}

export async function importCatalog(ctx: ImportCtx): Promise<number> {
  const doc = await readJsonFile(ctx.path, ctx.file);
  ctx.progress(ctx.size, 0);
  const catalogs = readCatalogs(ctx.file, doc, ctx.timeZone);
  return writeCatalogs(ctx.db, ctx.begin(), catalogs);
}
