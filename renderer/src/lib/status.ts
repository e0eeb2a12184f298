// Why a line has its status, in one sentence with its figures: what was billed, what the usage
// comes to, the gap and the tolerance it was reconciled with.
import { toleranceLimit, type Tolerance } from '../../../shared/reconcile/status';
import type { LineStatus } from '../../../shared/types';
import { t } from '../i18n';
import { formatMoney, formatPercent, type Locale } from './format';

export interface StatusFigures {
  status: LineStatus;
  billed: string | null;
  /** The recomputed amount (per second; a FOCUS line's recomputed one). */
  amountPerSecond: string;
  /** Billed − recomputed. */
  variance: string | null;
}

/** The tolerance as it applied to this line: the amount, or the percentage of the billed amount when that is the smaller bound. */
function toleranceWords(tolerance: Tolerance, billed: string | null, currency: string, locale: Locale): string {
  const { limit, by } = toleranceLimit(tolerance, billed);
  const amount = formatMoney(limit.toFixed(), currency, locale, { exact: true });
  if (by === 'amount' || typeof tolerance === 'string' || tolerance.percent === null) return amount;
  return t('status.tolerancePercent', { limit: amount, percent: formatPercent(tolerance.percent, locale) });
}

export function statusSentence(row: StatusFigures, tolerance: Tolerance, currency: string, locale: Locale): string {
  const billed = formatMoney(row.billed ?? '0', currency, locale, { exact: true });
  const recomputed = formatMoney(row.amountPerSecond, currency, locale);
  const gap = formatMoney((row.variance ?? '0').replace(/^[-+]/, ''), currency, locale, { exact: true });
  const tol = toleranceWords(tolerance, row.billed, currency, locale);
  const v = { billed, recomputed, gap, tolerance: tol };
  switch (row.status) {
    case 'match':
      return /^[-+]?0*(\.0*)?$/.test(row.variance ?? '0') ? t('status.sentence.matchExact', v) : t('status.sentence.match', v);
    case 'over_billed':
      return t('status.sentence.over_billed', v);
    case 'under_billed':
      return t('status.sentence.under_billed', v);
    case 'missing_from_invoice':
      return t('status.sentence.missing_from_invoice', v);
    case 'unexplained_charge':
      return t('status.sentence.unexplained_charge', v);
  }
}
