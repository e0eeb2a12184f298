// Details of one (owner, item, instance) that an invoice file lists twice or that overlap.
import type { NewInvoice, NewInvoiceInterval } from '../../../store/invoices/write';
import { formatSpanIn } from '../../../../../shared/dates';
import type { Locale } from '../../../../../shared/i18n/labels';
import { compareInstants } from '../../../../../shared/instant';

const MAX_CONFLICT_WARNINGS = 20;

/**
 * Details of one (owner, item, instance) that are listed twice or overlap: the provider billed
 * that time twice. A warning naming both records (the invoice is what was billed; refusing it
 * would hide the rest of it). Intervals are [start, end); sorted by start, neighbours are compared.
 * Instants are shown in `timeZone` and `locale` (the workspace's).
 */
export function detailConflicts(file: string, plans: readonly NewInvoice[], timeZone: string, locale: Locale): string[] {
  const groups = new Map<string, { v: NewInvoiceInterval; order: number }[]>();
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
    const startOf = (x: NewInvoiceInterval, y: NewInvoiceInterval) => compareInstants(x.start, x.startSub, y.start, y.startSub);
    const endOf = (x: NewInvoiceInterval, y: NewInvoiceInterval) => compareInstants(x.end, x.endSub, y.end, y.endSub);
    g.sort((a, b) => startOf(a.v, b.v) || endOf(a.v, b.v) || a.order - b.order);
    for (let i = 1; i < g.length; i++) {
      const a = g[i - 1]!;
      const b = g[i]!;
      const dup = startOf(a.v, b.v) === 0 && endOf(a.v, b.v) === 0;
      if (!dup && !(compareInstants(a.v.end, a.v.endSub, b.v.start, b.v.startSub) > 0)) continue;
      const [later, earlier] = a.order > b.order ? [a, b] : [b, a];
      const span = (v: NewInvoiceInterval) => formatSpanIn(v.start, v.startSub, v.end, v.endSub, timeZone, locale);
      const what = `interval ${span(later.v)} of item ${later.v.itemId}, instance ${later.v.instanceId}`;
      const other = `record ${earlier.v.path} (${span(earlier.v)})`;
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
