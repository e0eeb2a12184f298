// Chart data. THE ONLY PLACE where money becomes a JavaScript number, and only to give a bar
// its height: every figure shown as text (axis ticks and tooltips included) is formatted from
// the original decimal strings, which travel alongside the numbers (`*Text` fields).
import type { PeriodSummary } from '../../../shared/contract/api';
import { compareText } from '../../../shared/kinds';
import type { LineKind } from '../../../shared/types';
import { formatPeriodShort, type Locale } from './format';
import { labels } from './labels';

/** Drawing only: never use the result for arithmetic that is shown or stored. */
export function toChartNumber(value: string | null | undefined): number {
  if (!value) return 0;
  const n = Number(value);
  return Number.isFinite(n) ? n : 0;
}

export interface KindSums {
  kind: LineKind;
  lines: number;
  amountPerSecond: string;
  amountLegacy: string;
  billed: string;
  net: string;
}

export interface KindDatum {
  name: string;
  kind: LineKind;
  perSecond: number;
  legacy: number;
  billed: number;
  perSecondText: string;
  legacyText: string;
  billedText: string;
}

export function kindChartData(sums: KindSums[]): KindDatum[] {
  return sums
    .filter((s) => s.lines > 0)
    .map((s) => ({
      name: labels().kind[s.kind],
      kind: s.kind,
      perSecond: toChartNumber(s.amountPerSecond),
      legacy: toChartNumber(s.amountLegacy),
      billed: toChartNumber(s.billed),
      perSecondText: s.amountPerSecond,
      legacyText: s.amountLegacy,
      billedText: s.billed,
    }));
}

export interface PeriodDatum {
  /** The month as the axis shows it, in the locale ("Mar 2021", "mars 2021"). */
  name: string;
  period: string;
  recomputed: number;
  billed: number;
  recomputedText: string;
  billedText: string;
  currency: string;
}

/** Billed vs recomputed (pre-tax, per second) per reconciled period, oldest first. */
export function periodChartData(periods: PeriodSummary[], ownerId: string | null, locale: Locale): PeriodDatum[] {
  return periods
    .filter((p) => (!ownerId || p.ownerId === ownerId) && p.reconciledAt !== null && p.subtotalPerSecond !== null)
    .sort((a, b) => compareText(a.period, b.period))
    .map((p) => ({
      name: formatPeriodShort(p.period, locale),
      period: p.period,
      recomputed: toChartNumber(p.subtotalPerSecond),
      billed: toChartNumber(p.billedTotal),
      recomputedText: p.subtotalPerSecond ?? '0',
      billedText: p.billedTotal ?? '0',
      currency: p.currency,
    }));
}
