// The bar under the invoice table: the invoice's totals (the workbook's Summary figures) and,
// when filtered, the sums of the filtered lines.
import { useTranslation } from 'react-i18next';
import type { ProviderInvoice } from '../../../../shared/contract/api';
import { Money } from '../../components/Money';
import { formatInt, formatPercent } from '../../lib/format';
import { isFiltered } from '../../lib/query';
import { useLocale, useSelectedSummary } from '../../state/app';
import { useInvoice } from '../../state/invoice';

/** One figure; a variance is signed and coloured; billed figures and variances are `exact` (every digit the invoice gives). */
function Total(props: { label: React.ReactNode; value: string; currency: string; id: string; variance?: boolean; exact?: boolean }) {
  const { label, value, currency, id, variance, exact } = props;
  return (
    <div className="tot">
      <span className="tot-label">{label}</span>
      <Money value={value} currency={currency} testId={id} {...(variance ? { tone: true, signed: true } : {})} {...(exact ? { exact } : {})} />
    </div>
  );
}

/** The provider's own tax and credit figures, beside the recomputed ones (exact, as invoiced). */
function ProviderRow({ inv }: { inv: ProviderInvoice }) {
  const { t } = useTranslation();
  const c = inv.currency;
  const p = inv.provider;
  return (
    <div className="totals-row totals-filtered" data-testid="totals-provider">
      <span className="totals-title">
        {t('totals.provider')} ·{' '}
        <span className="mono" title={inv.file}>
          {inv.invoiceNumber}
        </span>
      </span>
      <Total label={t('totals.providerExcl')} value={inv.totalTaxExcluded} currency={c} id="prov-excl" exact />
      <Total label={t('totals.providerTax')} value={inv.totalTax} currency={c} id="prov-tax" exact />
      {p && p.creditBalanceAtEmission !== null && (
        <Total label={t('totals.providerBalance')} value={p.creditBalanceAtEmission} currency={c} id="prov-balance" exact />
      )}
      {p && p.upfrontCreditAmount !== null && <Total label={t('totals.providerUpfront')} value={p.upfrontCreditAmount} currency={c} id="prov-upfront" exact />}
      {p?.freeCreditsThisPeriod.map((f, i) => (
        <Total
          key={i}
          label={
            <>
              {t('totals.providerFree')} <span translate="no">{f.name}</span>
            </>
          }
          value={f.remaining}
          currency={c}
          id={`prov-free-${i}`}
          exact
        />
      ))}
    </div>
  );
}

export function TotalsBar() {
  const { t } = useTranslation();
  const invoice = useInvoice((s) => s.invoice);
  const filtered = useInvoice((s) => s.filtered);
  const total = useInvoice((s) => s.total);
  const filters = useInvoice((s) => s.filters);
  const locale = useLocale();
  const focus = !!useSelectedSummary()?.focus;
  if (!invoice) return <div className="totals" data-testid="totals" />;
  const c = invoice.currency;
  const showFiltered = filtered && isFiltered(filters);
  // A FOCUS invoice has no time slices and no workspace credits; its taxes are lines: total = subtotal,
  // the exact sum of the provider's costs (shown whole, like the billed side: docs/focus.md).
  if (focus) {
    return (
      <div className="totals" data-testid="totals">
        <div className="totals-row">
          <span className="totals-title">{t('totals.invoice')}</span>
          <Total label={t('totals.recomputedTotal')} value={invoice.total} currency={c} id="inv-total" exact />
          <Total label={t('totals.billedProvider')} value={invoice.billedTotal} currency={c} id="inv-billed" exact />
          <Total label={t('totals.variance')} value={invoice.variance} currency={c} id="inv-variance" variance exact />
        </div>
        {showFiltered && (
          <div className="totals-row totals-filtered" data-testid="totals-filtered">
            <span className="totals-title">{t('totals.filtered', { count: total ?? 0, n: formatInt(total ?? 0, locale) })}</span>
            <Total label={t('totals.recomputed')} value={filtered.amountPerSecond} currency={c} id="flt-ps" exact />
            <Total label={t('totals.billed')} value={filtered.billed} currency={c} id="flt-billed" exact />
            <Total label={t('totals.variance')} value={filtered.variance} currency={c} id="flt-variance" variance exact />
          </div>
        )}
      </div>
    );
  }
  return (
    <div className="totals" data-testid="totals">
      <div className="totals-row">
        <span className="totals-title">{t('totals.invoice')}</span>
        <Total label={t('totals.subtotalPerSecond')} value={invoice.subtotalPerSecond} currency={c} id="inv-subtotal" />
        <Total label={t('totals.subtotalLegacy')} value={invoice.subtotalLegacy} currency={c} id="inv-legacy" />
        <Total label={t('totals.difference')} value={invoice.difference} currency={c} id="inv-difference" />
        <Total label={t('totals.credits')} value={invoice.creditsApplied} currency={c} id="inv-credits" />
        <Total label={t('totals.netBeforeTax')} value={invoice.netBeforeTax} currency={c} id="inv-net" />
        <Total label={t('totals.vat', { percent: formatPercent(invoice.vatPercent, locale) })} value={invoice.vat} currency={c} id="inv-vat" />
        <Total label={t('totals.total')} value={invoice.total} currency={c} id="inv-total" />
        <Total label={t('totals.billedProvider')} value={invoice.billedTotal} currency={c} id="inv-billed" exact />
        <Total label={t('totals.variance')} value={invoice.variance} currency={c} id="inv-variance" variance exact />
      </div>
      {invoice.invoices.map((inv) => (
        <ProviderRow key={inv.invoiceNumber} inv={inv} />
      ))}
      {showFiltered && (
        <div className="totals-row totals-filtered" data-testid="totals-filtered">
          <span className="totals-title">{t('totals.filtered', { count: total ?? 0, n: formatInt(total ?? 0, locale) })}</span>
          <Total label={t('totals.perSecond')} value={filtered.amountPerSecond} currency={c} id="flt-ps" />
          <Total label={t('totals.legacy')} value={filtered.amountLegacy} currency={c} id="flt-legacy" />
          <Total label={t('totals.credit')} value={filtered.credit} currency={c} id="flt-credit" />
          <Total label={t('totals.net')} value={filtered.net} currency={c} id="flt-net" />
          <Total label={t('totals.billed')} value={filtered.billed} currency={c} id="flt-billed" exact />
          <Total label={t('totals.variance')} value={filtered.variance} currency={c} id="flt-variance" variance exact />
        </div>
      )}
    </div>
  );
}
