// A FOCUS period's invoices: each invoice total against the sum of its rows (docs/focus.md), and
// the input to type a total in when there is no file of them.
import { useState } from 'react';
import type { PeriodSummary } from '../../../../shared/contract/api';
import { StatusChip } from '../../components/Chip';
import { Money } from '../../components/Money';
import { formatInt, parseAmountInput } from '../../lib/format';
import { setInvoiceTotal } from '../../state/actions';
import { useApp, useLocale } from '../../state/app';

export function FocusInvoices({ summary }: { summary: PeriodSummary }) {
  const focus = summary.focus!;
  const locale = useLocale();
  const busy = useApp((s) => s.busy);
  const ids = focus.invoices.map((c) => c.invoiceId);
  const [invoiceId, setInvoiceId] = useState(ids.find((id) => id !== '') ?? '');
  const [amount, setAmount] = useState('');
  const parsed = parseAmountInput(amount);
  const currency = summary.currency;
  return (
    <section className="card focus-invoices" data-testid="focus-invoices">
      <h2>
        Invoices <span className="muted small">· FOCUS rows against the invoice totals</span>
      </h2>
      <p className="muted small">
        {focus.accountName ? `${focus.accountName} · ` : ''}
        {focus.provider ? `${focus.provider} · ` : ''}
        {focus.rows === 1 ? '1 row' : `${formatInt(focus.rows ?? 0, locale)} rows`}
        {focus.flaggedRows
          ? ` · ${focus.flaggedRows === 1 ? '1 row check fails' : `${formatInt(focus.flaggedRows, locale)} row checks fail`} (filter “Rows flagged”)`
          : ''}
      </p>
      <table className="table">
        <thead>
          <tr>
            <th>Invoice</th>
            <th className="r">Invoiced</th>
            <th className="r">Rows</th>
            <th className="r">Σ BilledCost</th>
            <th className="r">Difference</th>
            <th>Status</th>
            <th>Source</th>
          </tr>
        </thead>
        <tbody>
          {focus.invoices.map((c) => (
            <tr key={c.invoiceId} title={c.sentence} data-testid="focus-invoice" data-invoice={c.invoiceId} data-status={c.status ?? ''}>
              <td className="mono">{c.invoiceId || <span className="muted">whole account</span>}</td>
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
              <td>{c.status ? <StatusChip status={c.status} short /> : <span className="chip chip-muted">No total</span>}</td>
              <td className="small muted">{c.source ?? ''}</td>
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
          Invoice{' '}
          <select value={invoiceId} onChange={(e) => setInvoiceId(e.target.value)} data-testid="focus-total-invoice">
            {ids
              .filter((id) => id !== '')
              .map((id) => (
                <option key={id} value={id}>
                  {id}
                </option>
              ))}
            <option value="">Whole account and period</option>
          </select>
        </label>
        <label>
          Total ({currency}){' '}
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
          Set invoice total
        </button>
        {amount !== '' && parsed === null && <span className="field-error">Not an amount</span>}
      </form>
    </section>
  );
}
