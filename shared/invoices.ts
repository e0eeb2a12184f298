// Which workspace month a provider invoice belongs to: the calendar month (in the workspace billing
// time zone) holding the middle of its consumption span, so a change of zone never moves a monthly
// invoice to a neighbouring month. When the span is not exactly that month, a warning names both
// (docs/decisions.md, "Invoice period").
import { DateTime } from 'luxon';
import { periodBounds, periodOf } from './time';
import type { EpochMs, PeriodId } from './types';

/** An invoice's consumption span, `[start, end)` (consumption_begin_date..consumption_end_date). */
export interface InvoiceSpan {
  invoiceNumber: string;
  start: EpochMs;
  end: EpochMs;
}

export interface InvoiceAttachment {
  period: PeriodId;
  /** Null when the span is exactly the month; else a sentence naming both spans. */
  warning: string | null;
}

/** An instant in UTC, to the minute (seconds and milliseconds only when present). */
function utc(ms: EpochMs): string {
  const t = DateTime.fromMillis(ms, { zone: 'utc' });
  return t.toFormat(t.millisecond !== 0 ? 'yyyy-LL-dd HH:mm:ss.SSS' : t.second !== 0 ? 'yyyy-LL-dd HH:mm:ss' : 'yyyy-LL-dd HH:mm');
}

/** The month of the span's midpoint. */
export function invoicePeriod(span: { start: EpochMs; end: EpochMs }, tz: string): PeriodId {
  return periodOf(span.start + Math.floor((span.end - span.start) / 2), tz);
}

export function attachInvoice(span: InvoiceSpan, tz: string): InvoiceAttachment {
  const period = invoicePeriod(span, tz);
  const month = periodBounds(period, tz);
  if (month.start === span.start && month.end === span.end) return { period, warning: null };
  return {
    period,
    warning:
      `Invoice ${span.invoiceNumber} covers ${utc(span.start)} → ${utc(span.end)} UTC, not exactly the workspace month ${period} ` +
      `(${tz}: ${utc(month.start)} → ${utc(month.end)} UTC); it is compared with ${period}, the month holding the middle of its span.`,
  };
}
