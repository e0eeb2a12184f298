// Why a line has its status, in one sentence with its figures: what was billed, what the usage
// comes to, the gap and the tolerance it was reconciled with.
import type { LineStatus } from '../../../shared/types';
import { t } from '../i18n';
import { formatMoney, type Locale } from './format';

export interface StatusFigures {
  status: LineStatus;
  billed: string | null;
  /** The recomputed amount (per second; a FOCUS line's recomputed one). */
  amountPerSecond: string;
  /** Billed − recomputed. */
  variance: string | null;
}

export function statusSentence(row: StatusFigures, tolerance: string, currency: string, locale: Locale): string {
  const billed = formatMoney(row.billed ?? '0', currency, locale, { exact: true });
  const recomputed = formatMoney(row.amountPerSecond, currency, locale);
  const gap = formatMoney((row.variance ?? '0').replace(/^[-+]/, ''), currency, locale, { exact: true });
  const tol = formatMoney(tolerance, currency, locale, { exact: true });
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
