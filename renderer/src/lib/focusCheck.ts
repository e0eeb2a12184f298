// A FOCUS invoice's check in one sentence of the locale (the core's own, in English, is the CLI's):
// the invoice total, where it comes from, what its rows sum to, and the verdict.
import type { PeriodSummary } from '../../../shared/contract/api';
import { t } from '../i18n';
import { formatInt, formatMoney, type Locale } from './format';
import { describeSourceText } from './source';

type Check = NonNullable<PeriodSummary['focus']>['invoices'][number];

export function focusCheckSentence(c: Check, all: readonly Check[], currency: string, tolerance: string, locale: Locale): string {
  const money = (v: string) => formatMoney(v, currency, locale, { exact: true });
  const what =
    c.invoiceId !== ''
      ? t('focusCheck.invoice', { id: c.invoiceId })
      : c.total === null && all.some((x) => x.invoiceId !== '')
        ? t('focusCheck.withoutId')
        : t('focusCheck.account');
  if (c.total === null) return t('focusCheck.noTotal', { what, rowsTotal: money(c.rowsTotal) });
  const given = { what, total: money(c.total), source: describeSourceText(c.source ?? '') };
  if (c.rows === 0) return c.status === 'match' ? t('focusCheck.noRowsMatch', given) : t('focusCheck.noRows', given);
  const v = {
    ...given,
    count: c.rows,
    n: formatInt(c.rows, locale),
    rowsTotal: money(c.rowsTotal),
    tolerance: money(tolerance),
    gap: money((c.difference ?? '0').replace(/^[-+]/, '')),
  };
  if (c.status === 'match') return t('focusCheck.match', v);
  return c.status === 'over_billed' ? t('focusCheck.over', v) : t('focusCheck.under', v);
}
