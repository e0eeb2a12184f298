// Charts (recharts). Bar heights come from chartData's numbers; every figure written as text
// (tooltips) comes from the decimal strings. Axis ticks are scale marks, not figures.
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis, type TooltipContentProps } from 'recharts';
import type { NameType, ValueType } from 'recharts/types/component/DefaultTooltipContent';
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

function ChartBox({ title, children, testId }: { title: string; children: React.ReactNode; testId: string }) {
  return (
    <figure className="chart" data-testid={testId}>
      <figcaption>{title}</figcaption>
      <div className="chart-area">{children}</div>
    </figure>
  );
}

export function SpendByKindChart({ data, currency, locale }: { data: KindDatum[]; currency: string; locale: Locale }) {
  return (
    <ChartBox title="Spend by kind (per second, before credits)" testId="chart-spend-kind">
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="2 3" vertical={false} stroke="#e3e7ee" />
          <XAxis dataKey="name" tick={{ fontSize: 11 }} />
          <YAxis tickFormatter={tick(locale)} tick={{ fontSize: 11 }} width={48} />
          <Tooltip content={makeTip(currency, locale)} cursor={{ fill: '#eef2f8' }} />
          <Bar dataKey="perSecond" name="Per second" fill={COLORS.perSecond} isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </ChartBox>
  );
}

export function PerSecondVsLegacyChart({ data, currency, locale }: { data: KindDatum[]; currency: string; locale: Locale }) {
  return (
    <ChartBox title="Per second vs 10-minute slices, by kind" testId="chart-legacy">
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="2 3" vertical={false} stroke="#e3e7ee" />
          <XAxis dataKey="name" tick={{ fontSize: 11 }} />
          <YAxis tickFormatter={tick(locale)} tick={{ fontSize: 11 }} width={48} />
          <Tooltip content={makeTip(currency, locale)} cursor={{ fill: '#eef2f8' }} />
          <Legend wrapperStyle={{ fontSize: 11 }} />
          <Bar dataKey="perSecond" name="Per second" fill={COLORS.perSecond} isAnimationActive={false} />
          <Bar dataKey="legacy" name="10-minute slices" fill={COLORS.legacy} isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </ChartBox>
  );
}

export function BilledVsRecomputedByKindChart({ data, currency, locale }: { data: KindDatum[]; currency: string; locale: Locale }) {
  return (
    <ChartBox title="Billed vs recomputed, by kind" testId="chart-billed-kind">
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="2 3" vertical={false} stroke="#e3e7ee" />
          <XAxis dataKey="name" tick={{ fontSize: 11 }} />
          <YAxis tickFormatter={tick(locale)} tick={{ fontSize: 11 }} width={48} />
          <Tooltip content={makeTip(currency, locale)} cursor={{ fill: '#eef2f8' }} />
          <Legend wrapperStyle={{ fontSize: 11 }} />
          <Bar dataKey="perSecond" name="Recomputed" fill={COLORS.recomputed} isAnimationActive={false} />
          <Bar dataKey="billed" name="Billed" fill={COLORS.billed} isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </ChartBox>
  );
}

export function BilledVsRecomputedByPeriodChart({ data, locale }: { data: PeriodDatum[]; locale: Locale }) {
  const currency = data[0]?.currency ?? '';
  return (
    <ChartBox title="Billed vs recomputed (before credits), by period" testId="chart-billed-period">
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="2 3" vertical={false} stroke="#e3e7ee" />
          <XAxis dataKey="name" tick={{ fontSize: 11 }} />
          <YAxis tickFormatter={tick(locale)} tick={{ fontSize: 11 }} width={48} />
          <Tooltip content={makeTip(currency, locale)} cursor={{ fill: '#eef2f8' }} />
          <Legend wrapperStyle={{ fontSize: 11 }} />
          <Bar dataKey="recomputed" name="Recomputed" fill={COLORS.recomputed} isAnimationActive={false} />
          <Bar dataKey="billed" name="Billed" fill={COLORS.billed} isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </ChartBox>
  );
}
