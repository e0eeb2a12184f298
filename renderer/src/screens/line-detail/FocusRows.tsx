// A FOCUS line's rows, as the provider billed them, each with the unit-price checks it breaks
// (docs/focus.md, "Reconciliation (b)").
import { Money } from '../../components/Money';
import { formatDecimal, formatInt } from '../../lib/format';
import { useLocale } from '../../state/app';
import type { Detail } from './types';

const UNIT_PRICE = { ListCost: 'ListUnitPrice', ContractedCost: 'ContractedUnitPrice' } as const;

export function FocusRows({ detail, currency }: { detail: Detail; currency: string }) {
  const locale = useLocale();
  const rows = detail.focusRows;
  // As written: every decimal the provider gave, trailing zeros included.
  const dec = (v: string | null) => (v === null ? '' : formatDecimal(v, locale, { minFraction: (v.split('.')[1] ?? '').length }));
  return (
    <section>
      <h3>
        FOCUS rows <span className="muted small">({formatInt(detail.focusRowsTotal, locale)})</span>
      </h3>
      {detail.focusRowsTotal > rows.length && (
        <p className="muted small">The first {formatInt(rows.length, locale)} rows are shown; the workbook's Details has them all.</p>
      )}
      <div className="table-wrap">
        <table className="table table-tight" data-testid="focus-rows">
          <thead>
            <tr>
              <th>Source</th>
              <th>Invoice</th>
              <th>SKU</th>
              <th className="r">Quantity</th>
              <th className="r" title="ListUnitPrice · ListCost">
                List
              </th>
              <th className="r" title="ContractedUnitPrice · ContractedCost">
                Contracted
              </th>
              <th className="r">BilledCost</th>
              <th>Checks</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => {
              const broken = new Set(r.flags.map((f) => f.check));
              return (
                <tr
                  key={`${r.source.batchId}:${r.source.row}`}
                  className={broken.size ? 'row-flagged' : undefined}
                  data-testid="focus-row"
                  data-row={r.source.row}
                >
                  <td className="mono small">
                    {r.source.file} · {r.source.row}
                  </td>
                  <td className="mono small">{r.invoiceId ?? ''}</td>
                  <td className="mono small ellip" title={r.chargeDescription ?? ''}>
                    {r.sku ?? ''}
                  </td>
                  <td className="r num">
                    {dec(r.pricingQuantity)} <span className="muted small">{r.pricingUnit ?? ''}</span>
                  </td>
                  <td className={`r num${broken.has('ListCost') ? ' bad' : ''}`}>
                    {dec(r.listUnitPrice)} · {dec(r.listCost)}
                  </td>
                  <td className={`r num${broken.has('ContractedCost') ? ' bad' : ''}`}>
                    {dec(r.contractedUnitPrice)} · {dec(r.contractedCost)}
                  </td>
                  <td className="r">
                    <Money value={r.billedCost} currency={currency} exact />
                  </td>
                  <td className="small">
                    {r.chargeClass === 'Correction' ? (
                      <span className="muted">correction: not checked</span>
                    ) : r.flags.length === 0 ? (
                      <span className="muted">holds</span>
                    ) : (
                      r.flags.map((f) => (
                        <div key={f.check} data-testid="focus-flag">
                          {f.check} {dec(f.cost)} ≠ {UNIT_PRICE[f.check]} × PricingQuantity = {dec(f.expected)}
                        </div>
                      ))
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}
