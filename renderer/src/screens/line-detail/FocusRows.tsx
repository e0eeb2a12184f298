// A FOCUS line's rows, as the provider billed them, each with the unit-price checks it breaks
// (docs/focus.md, "Reconciliation (b)").
import { Fragment } from 'react';
import { useTranslation } from 'react-i18next';
import { Money } from '../../components/Money';
import { formatDecimal, formatInt } from '../../lib/format';
import { useLocale } from '../../state/app';
import type { Detail } from './types';

export function FocusRows({ detail, currency }: { detail: Detail; currency: string }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const rows = detail.focusRows;
  // As written: every decimal the provider gave, trailing zeros included.
  const dec = (v: string | null) => (v === null ? '' : formatDecimal(v, locale, { minFraction: (v.split('.')[1] ?? '').length }));
  // Rows usually come from one file: named once above the table, else on each row.
  const files = [...new Set(rows.map((r) => r.source.file))];
  // FOCUS 1.0 has no InvoiceId: no column for it.
  const withInvoices = rows.some((r) => r.invoiceId);
  return (
    <section>
      <h3>
        {t('focusRows.title')} <span className="muted small">({formatInt(detail.focusRowsTotal, locale)})</span>
      </h3>
      {files.length === 1 && <p className="muted small">{t('focusRows.from', { file: files[0] })}</p>}
      {detail.focusRowsTotal > rows.length && <p className="muted small">{t('focusRows.first', { n: formatInt(rows.length, locale) })}</p>}
      <div className="table-wrap">
        <table className="table table-tight" data-testid="focus-rows">
          <thead>
            <tr>
              <th>{t('focusRows.col.row')}</th>
              {withInvoices && <th>{t('focusRows.col.invoice')}</th>}
              <th>SKU</th>
              <th className="r">{t('focusRows.col.quantity')}</th>
              <th className="r" title="ListUnitPrice · ListCost">
                {t('focusRows.col.list')}
              </th>
              <th className="r" title="ContractedUnitPrice · ContractedCost">
                {t('focusRows.col.contracted')}
              </th>
              <th className="r">BilledCost</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => {
              const broken = new Set(r.flags.map((f) => f.check));
              const key = `${r.source.batchId}:${r.source.row}`;
              // What the checks found goes on a line of its own, under the row: the figures keep their width.
              const note =
                r.chargeClass === 'Correction' ? (
                  <span className="muted">{t('focusRows.correction')}</span>
                ) : (
                  r.flags.map((f) => (
                    <div key={f.check} data-testid="focus-flag">
                      {t('focusRows.flag', {
                        check: f.check,
                        cost: dec(f.cost),
                        unit: f.check === 'ListCost' ? 'ListUnitPrice' : 'ContractedUnitPrice',
                        expected: dec(f.expected),
                      })}
                    </div>
                  ))
                );
              return (
                <Fragment key={key}>
                  <tr className={broken.size ? 'row-flagged' : undefined} data-testid="focus-row" data-row={r.source.row}>
                    <td className="mono small nowrap" title={t('source.fileRow', { file: r.source.file, row: r.source.row })}>
                      {files.length === 1 ? r.source.row : `${r.source.file} · ${r.source.row}`}
                    </td>
                    {withInvoices && <td className="mono small nowrap">{r.invoiceId ?? ''}</td>}
                    <td className="mono small ellip focus-sku" title={[r.sku, r.chargeDescription].filter(Boolean).join('\n')}>
                      {r.sku ?? ''}
                    </td>
                    <td className="r num nowrap">
                      {dec(r.pricingQuantity)} <span className="muted small">{r.pricingUnit ?? ''}</span>
                    </td>
                    <td className={`r num nowrap${broken.has('ListCost') ? ' bad' : ''}`}>
                      {dec(r.listUnitPrice)} · {dec(r.listCost)}
                    </td>
                    <td className={`r num nowrap${broken.has('ContractedCost') ? ' bad' : ''}`}>
                      {dec(r.contractedUnitPrice)} · {dec(r.contractedCost)}
                    </td>
                    <td className="r">
                      <Money value={r.billedCost} currency={currency} exact />
                    </td>
                  </tr>
                  {(broken.size > 0 || r.chargeClass === 'Correction') && (
                    <tr className={broken.size ? 'row-flagged focus-note' : 'focus-note'}>
                      <td colSpan={withInvoices ? 7 : 6} className="small">
                        {note}
                      </td>
                    </tr>
                  )}
                </Fragment>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}
