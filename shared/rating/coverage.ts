// Which usage is rated for an (owner, period): a usage CSV's rows when one covers the period,
// else the owner's provider invoices' own rows for it, else whatever usage-CSV parts fall in it.
// Usage and invoice are compared, never added (docs/rating.md, "Which usage is rated").
import type { PeriodId } from '../types';

/** What the store knows of an owner's inputs (in the rating's time zone and inputs version). */
export interface CoverageFacts {
  /** Periods in which at least one of the owner's usage-CSV rows starts (`consumption_start`). */
  usageStarts: ReadonlySet<PeriodId>;
  /** Periods the owner's provider invoices are attached to. */
  invoices: ReadonlySet<PeriodId>;
}

/**
 * `usage`: a usage CSV covers the period, its rows are rated; `invoice`: the invoices' own rows
 * for the period are; `usage-parts`: neither, so the parts of usage-CSV intervals that spill
 * into it (from a row starting in another period) are.
 */
export type RatedSource = 'usage' | 'invoice' | 'usage-parts';

export function ratedSource(period: PeriodId, facts: CoverageFacts): RatedSource {
  if (facts.usageStarts.has(period)) return 'usage';
  if (facts.invoices.has(period)) return 'invoice';
  return 'usage-parts';
}

/**
 * Whether a row's part in `period` is rated. `invoicePeriod`: the period of the invoice a row
 * comes from (undefined: a usage-CSV row). An invoice's row is rated only in its own invoice's
 * period, so an interval of a neighbouring month's invoice is never added to this one.
 */
export function isRatedIn(period: PeriodId, facts: CoverageFacts, invoicePeriod: PeriodId | undefined): boolean {
  const source = ratedSource(period, facts);
  return invoicePeriod === undefined ? source !== 'invoice' : source === 'invoice' && invoicePeriod === period;
}
