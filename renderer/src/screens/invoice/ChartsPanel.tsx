// The invoice's charts, drawn from per-kind sums that the server computes.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CC_LINE_KINDS, FOCUS_LINE_KINDS } from '../../../../shared/types';
import { send } from '../../api/transport';
import { BilledVsRecomputedByKindChart, PerSecondVsLegacyChart, SpendByKindChart } from '../../components/Charts';
import { kindChartData, type KindSums } from '../../lib/chartData';
import { errorText, useLocale, useSelectedSummary } from '../../state/app';
import { useInvoice } from '../../state/invoice';

export function ChartsPanel({ ownerId, period, currency }: { ownerId: string; period: string; currency: string }) {
  const { t } = useTranslation();
  const version = useInvoice((s) => s.version);
  const locale = useLocale();
  const [sums, setSums] = useState<KindSums[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const focus = !!useSelectedSummary()?.focus;
  useEffect(() => {
    let live = true;
    // One small call per kind: the server sums the whole kind (never all rows to the client).
    Promise.all(
      (focus ? FOCUS_LINE_KINDS : CC_LINE_KINDS).map(async (kind) => {
        const r = await send('lines.list', { period, ownerId, offset: 0, limit: 1, kinds: [kind] });
        return {
          kind,
          lines: r.total,
          amountPerSecond: r.filtered.amountPerSecond,
          amountLegacy: r.filtered.amountLegacy,
          billed: r.filtered.billed,
          net: r.filtered.net,
        };
      }),
    ).then(
      (s) => live && (setSums(s), setError(null)),
      (e) => live && setError(errorText(e)),
    );
    return () => {
      live = false;
    };
  }, [ownerId, period, version, focus]);
  if (error) return <div className="banner banner-error inline">{t('charts.error', { error })}</div>;
  if (!sums) return <div className="charts muted">{t('charts.loading')}</div>;
  const data = kindChartData(sums);
  return (
    <section className="charts charts-3" data-testid="invoice-charts">
      <SpendByKindChart data={data} currency={currency} locale={locale} />
      <PerSecondVsLegacyChart data={data} currency={currency} locale={locale} />
      <BilledVsRecomputedByKindChart data={data} currency={currency} locale={locale} />
    </section>
  );
}
