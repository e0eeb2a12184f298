// A FOCUS period's invoices: each invoice total against the sum of its rows (docs/focus.md), and
// the input to type a total in when there is no file of them.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { parseDecimalInput } from '../../../../shared/i18n/decimal-input';
import type { PeriodSummary } from '../../../../shared/contract/api';
import { StatusChip } from '../../components/Chip';
import { Money } from '../../components/Money';
import { formatInt } from '../../lib/format';
import { focusCheckSentence } from '../../lib/focusCheck';
import { describeSourceText } from '../../lib/source';
import { setInvoiceTotal } from '../../state/actions';
import { useApp, useLocale, useSettings } from '../../state/app';

export function FocusInvoices({ summary }: { summary: PeriodSummary }) {
  const { t } = useTranslation();
  const focus = summary.focus!;
  const locale = useLocale();
  const { tolerance } = useSettings();
  const busy = useApp((s) => s.busy);
  const ids = focus.invoices.map((c) => c.invoiceId);
  const [invoiceId, setInvoiceId] = useState(ids.find((id) => id !== '') ?? '');
  const [amount, setAmount] = useState('');
  const read = parseDecimalInput(amount, locale, { allowNegative: true });
  const parsed = read.ok ? read.value : null;
  const currency = summary.currency;
  return (
    <section className="card focus-invoices" data-testid="focus-invoices">
      <h2>
        {t('focusInvoices.title')} <span className="muted small">· {t('focusInvoices.subtitle')}</span>
      </h2>
      <p className="muted small">
        {focus.accountName ? `${focus.accountName} · ` : ''}
        {focus.provider ? `${focus.provider} · ` : ''}
        {t('focusInvoices.rows', { count: focus.rows ?? 0, n: formatInt(focus.rows ?? 0, locale) })}
        {focus.flaggedRows
          ? ` · ${t('focusInvoices.flagged', { count: focus.flaggedRows, n: formatInt(focus.flaggedRows, locale), filter: t('filters.flagged') })}`
          : ''}
      </p>
      <table className="table">
        <thead>
          <tr>
            <th>{t('focusInvoices.col.invoice')}</th>
            <th className="r">{t('focusInvoices.col.invoiced')}</th>
            <th className="r">{t('focusInvoices.col.rows')}</th>
            <th className="r">{t('focusInvoices.col.rowsTotal')}</th>
            <th className="r">{t('focusInvoices.col.difference')}</th>
            <th>{t('focusInvoices.col.status')}</th>
            <th>{t('focusInvoices.col.source')}</th>
          </tr>
        </thead>
        <tbody>
          {focus.invoices.map((c) => (
            <tr
              key={c.invoiceId}
              title={focusCheckSentence(c, focus.invoices, currency, tolerance, locale)}
              data-testid="focus-invoice"
              data-invoice={c.invoiceId}
              data-status={c.status ?? ''}
            >
              <td className="mono">{c.invoiceId || <span className="muted">{t('focusInvoices.wholeAccount')}</span>}</td>
              <td className="r">
                <Money value={c.total} currency={currency} />
              </td>
              <td className="r num">{formatInt(c.rows, locale)}</td>
              <td className="r">
                <Money value={c.rowsTotal} currency={currency} />
              </td>
              <td className="r">
                <Money value={c.difference} currency={currency} signed tone />
              </td>
              <td>{c.status ? <StatusChip status={c.status} short /> : <span className="chip chip-muted">{t('focusInvoices.noTotal')}</span>}</td>
              <td className="small muted" translate="no">
                {c.source ? describeSourceText(c.source) : ''}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <form
        className="inline-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (parsed !== null) void setInvoiceTotal(invoiceId, parsed).then((ok) => ok && setAmount(''));
        }}
      >
        <label>
          {t('focusInvoices.col.invoice')}{' '}
          <select value={invoiceId} onChange={(e) => setInvoiceId(e.target.value)} data-testid="focus-total-invoice">
            {ids
              .filter((id) => id !== '')
              .map((id) => (
                <option key={id} value={id}>
                  {id}
                </option>
              ))}
            <option value="">{t('focusInvoices.wholeAccountPeriod')}</option>
          </select>
        </label>
        <label>
          {t('focusInvoices.total', { currency })}{' '}
          <input
            className="input-narrow"
            inputMode="decimal"
            value={amount}
            onChange={(e) => setAmount(e.target.value)}
            aria-invalid={amount !== '' && parsed === null}
            placeholder={locale === 'fr' ? '1 234,56' : '1,234.56'}
            data-testid="focus-total-amount"
          />
        </label>
        <button className="btn btn-small" type="submit" disabled={!!busy || parsed === null} data-testid="focus-total-set">
          {t('focusInvoices.set')}
        </button>
        {!read.ok && read.error !== 'empty' && (
          <span className="field-error">{t(`decimalInput.${read.error}`, { example: locale === 'fr' ? '1 234,56' : '1,234.56' })}</span>
        )}
      </form>
    </section>
  );
}
