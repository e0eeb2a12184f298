// The bar under the invoice table: the invoice's totals (the workbook's Summary figures) and,
// when filtered, the sums of the filtered lines.
import { Money } from '../../components/Money';
import { formatInt, formatPercent } from '../../lib/format';
import { isFiltered } from '../../lib/query';
import { useLocale } from '../../state/app';
import { useInvoice } from '../../state/invoice';

/** One figure; a variance is signed and coloured. */
function Total({ label, value, currency, id, variance }: { label: string; value: string; currency: string; id: string; variance?: boolean }) {
  return (
    <div className="tot">
      <span className="tot-label">{label}</span>
      <Money value={value} currency={currency} testId={id} {...(variance ? { tone: true, signed: true } : {})} />
    </div>
  );
}

export function TotalsBar() {
  const invoice = useInvoice((s) => s.invoice);
  const filtered = useInvoice((s) => s.filtered);
  const total = useInvoice((s) => s.total);
  const filters = useInvoice((s) => s.filters);
  const locale = useLocale();
  if (!invoice) return <div className="totals" data-testid="totals" />;
  const c = invoice.currency;
  return (
    <div className="totals" data-testid="totals">
      <div className="totals-row">
        <span className="totals-title">Invoice</span>
        <Total label="Subtotal per second" value={invoice.subtotalPerSecond} currency={c} id="inv-subtotal" />
        <Total label="Subtotal 10-min" value={invoice.subtotalLegacy} currency={c} id="inv-legacy" />
        <Total label="Difference" value={invoice.difference} currency={c} id="inv-difference" />
        <Total label="Credits" value={invoice.creditsApplied} currency={c} id="inv-credits" />
        <Total label="Net before tax" value={invoice.netBeforeTax} currency={c} id="inv-net" />
        <Total label={`VAT ${formatPercent(invoice.vatPercent, locale)}`} value={invoice.vat} currency={c} id="inv-vat" />
        <Total label="Total" value={invoice.total} currency={c} id="inv-total" />
        <Total label="Billed (provider)" value={invoice.billedTotal} currency={c} id="inv-billed" />
        <Total label="Variance" value={invoice.variance} currency={c} id="inv-variance" variance />
      </div>
      {filtered && isFiltered(filters) && (
        <div className="totals-row totals-filtered" data-testid="totals-filtered">
          <span className="totals-title">Filtered · {formatInt(total ?? 0, locale)} lines</span>
          <Total label="Per second" value={filtered.amountPerSecond} currency={c} id="flt-ps" />
          <Total label="10-min" value={filtered.amountLegacy} currency={c} id="flt-legacy" />
          <Total label="Credit" value={filtered.credit} currency={c} id="flt-credit" />
          <Total label="Net" value={filtered.net} currency={c} id="flt-net" />
          <Total label="Billed" value={filtered.billed} currency={c} id="flt-billed" />
          <Total label="Variance" value={filtered.variance} currency={c} id="flt-variance" variance />
        </div>
      )}
    </div>
  );
}
