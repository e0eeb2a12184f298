// Charts (recharts). Bar heights come from chartData's numbers; every figure written as text
// (tooltips) comes from the decimal strings. Axis ticks are scale marks, not figures.
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis, type TooltipContentProps } from 'recharts';
import type { NameType, ValueType } from 'recharts/types/component/DefaultTooltipContent';
import { t } from '../i18n';
import { formatMoney, intlLocale, type Locale } from '../lib/format';
import type { KindDatum, PeriodDatum } from '../lib/chartData';

const COLORS = { perSecond: '#2f6db5', legacy: '#b3bccb', billed: '#d08a2b', recomputed: '#2f6db5' };

/** Axis ticks are scale marks (drawn from numbers), not figures: compact and approximate. */
function tick(locale: Locale) {
  const nf = new Intl.NumberFormat(intlLocale(locale), { notation: 'compact', maximumFractionDigits: 1 });
  return (v: number) => nf.format(v);
}

function makeTip(currency: string, locale: Locale) {
  return function Tip({ active, payload, label }: TooltipContentProps<ValueType, NameType>) {
    if (!active || !payload || payload.length === 0) return null;
    return (
      <div className="chart-tip">
        <div className="chart-tip-title">{String(label ?? '')}</div>
        {payload.map((p) => {
          const key = String(p.dataKey);
          const text = (p.payload as Record<string, unknown> | undefined)?.[`${key}Text`];
          return (
            <div key={key} className="chart-tip-row">
              <span className="swatch" data-color={key} />
              <span>{String(p.name ?? key)}</span>
              <span className="num">{typeof text === 'string' ? formatMoney(text, currency, locale) : ''}</span>
            </div>
          );
        })}
      </div>
    );
  };
}

interface BarSpec {
  dataKey: string;
  name: string;
  fill: string;
}

/** One bar chart: the grid, axes, tooltip and (for more than one bar) legend every chart shares. */
function BarsChart({
  title,
  testId,
  data,
  bars,
  currency,
  locale,
}: {
  title: string;
  testId: string;
  data: (KindDatum | PeriodDatum)[];
  bars: BarSpec[];
  currency: string;
  locale: Locale;
}) {
  return (
    <figure className="chart" data-testid={testId}>
      <figcaption>{title}</figcaption>
      <div className="chart-area">
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
            <CartesianGrid strokeDasharray="2 3" vertical={false} stroke="#e3e7ee" />
            <XAxis dataKey="name" tick={{ fontSize: 11 }} />
            <YAxis tickFormatter={tick(locale)} tick={{ fontSize: 11 }} width={48} />
            <Tooltip content={makeTip(currency, locale)} cursor={{ fill: '#eef2f8' }} />
            {bars.length > 1 && <Legend wrapperStyle={{ fontSize: 11 }} />}
            {bars.map((b) => (
              <Bar key={b.dataKey} dataKey={b.dataKey} name={b.name} fill={b.fill} isAnimationActive={false} />
            ))}
          </BarChart>
        </ResponsiveContainer>
      </div>
    </figure>
  );
}

const perSecond = (): BarSpec => ({ dataKey: 'perSecond', name: t('charts.perSecond'), fill: COLORS.perSecond });
const billed = (): BarSpec => ({ dataKey: 'billed', name: t('charts.billed'), fill: COLORS.billed });

export function SpendByKindChart({ data, currency, locale }: { data: KindDatum[]; currency: string; locale: Locale }) {
  return <BarsChart title={t('charts.spendByKind')} testId="chart-spend-kind" data={data} bars={[perSecond()]} currency={currency} locale={locale} />;
}

export function PerSecondVsLegacyChart({ data, currency, locale }: { data: KindDatum[]; currency: string; locale: Locale }) {
  return (
    <BarsChart
      title={t('charts.perSecondVsLegacy')}
      testId="chart-legacy"
      data={data}
      bars={[perSecond(), { dataKey: 'legacy', name: t('charts.legacy'), fill: COLORS.legacy }]}
      currency={currency}
      locale={locale}
    />
  );
}

export function BilledVsRecomputedByKindChart({ data, currency, locale }: { data: KindDatum[]; currency: string; locale: Locale }) {
  return (
    <BarsChart
      title={t('charts.billedByKind')}
      testId="chart-billed-kind"
      data={data}
      bars={[{ dataKey: 'perSecond', name: t('charts.recomputed'), fill: COLORS.recomputed }, billed()]}
      currency={currency}
      locale={locale}
    />
  );
}

export function BilledVsRecomputedByPeriodChart({ data, locale }: { data: PeriodDatum[]; locale: Locale }) {
  return (
    <BarsChart
      title={t('charts.billedByPeriod')}
      testId="chart-billed-period"
      data={data}
      bars={[{ dataKey: 'recomputed', name: t('charts.recomputed'), fill: COLORS.recomputed }, billed()]}
      currency={data[0]?.currency ?? ''}
      locale={locale}
    />
  );
}
