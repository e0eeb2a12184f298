// Dates and instants as people read them, in a time zone and the workspace locale: one formatter
// for the screens (renderer/src/lib/format.ts re-exports it) and for the messages the core writes
// (an import refused as already imported, an overlap…), which the CLI prints and the app shows.
// Intl only: no Node, no DOM.
import type { Locale } from './i18n/labels';
import { type SubMs, secondFraction } from './instant';

/** The Intl locale of a workspace locale. */
export function intlLocale(locale: Locale): string {
  return locale === 'fr' ? 'fr-FR' : 'en-US';
}

type Kind = 'datetime' | 'date' | 'month' | 'monthShort';

const cache = new Map<string, Intl.DateTimeFormat>();

function dtf(locale: Locale, timeZone: string, kind: Kind): Intl.DateTimeFormat {
  const key = `${locale}|${timeZone}|${kind}`;
  let f = cache.get(key);
  if (!f) {
    const base: Intl.DateTimeFormatOptions = { timeZone };
    const opts: Intl.DateTimeFormatOptions =
      kind === 'month'
        ? { ...base, year: 'numeric', month: 'long' }
        : kind === 'monthShort'
          ? { ...base, year: 'numeric', month: 'short' }
          : kind === 'date'
            ? { ...base, year: 'numeric', month: 'short', day: 'numeric' }
            : { ...base, year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' };
    try {
      f = new Intl.DateTimeFormat(intlLocale(locale), opts);
    } catch {
      f = new Intl.DateTimeFormat(intlLocale(locale), { ...opts, timeZone: 'UTC' });
    }
    cache.set(key, f);
  }
  return f;
}

/** An instant in a time zone: "Mar 1, 2025, 10:05:07" / "1 mars 2025, 10:05:07". */
export function formatDateTime(ms: number | null | undefined, timeZone: string, locale: Locale): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '';
  return dtf(locale, timeZone, 'datetime').format(ms);
}

/**
 * An exact instant (epoch ms and digits below the millisecond): formatDateTime, then the fraction
 * of the second with every digit, when it has one ("…, 10:05:07.000000001").
 */
export function formatExactDateTime(ms: number, sub: SubMs | undefined, timeZone: string, locale: Locale): string {
  const text = formatDateTime(ms, timeZone, locale);
  const fraction = secondFraction(ms, sub);
  return fraction === '' || text === '' ? text : `${text}${locale === 'fr' ? ',' : '.'}${fraction}`;
}

/** A day in a time zone: "Mar 1, 2025" / "1 mars 2025". */
export function formatDate(ms: number | null | undefined, timeZone: string, locale: Locale): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '';
  return dtf(locale, timeZone, 'date').format(ms);
}

/** A billing period 'YYYY-MM' as "March 2025" / "mars 2025". */
export function formatPeriod(period: string | null | undefined, locale: Locale): string {
  if (!period) return '';
  const m = /^(\d{4})-(\d{2})$/.exec(period);
  if (!m) return period;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, 15);
  return dtf(locale, 'UTC', 'month').format(ms);
}

/** A billing period 'YYYY-MM' as a chart axis shows it: "Mar 2025" / "mars 2025". */
export function formatPeriodShort(period: string | null | undefined, locale: Locale): string {
  if (!period) return '';
  const m = /^(\d{4})-(\d{2})$/.exec(period);
  if (!m) return period;
  return dtf(locale, 'UTC', 'monthShort').format(Date.UTC(Number(m[1]), Number(m[2]) - 1, 15));
}

/** When something happened, in a message, with its zone named so that it reads alone: "Mar 1, 2025, 10:05:07 (Europe/Paris)". */
export function formatInstantIn(ms: number, timeZone: string, locale: Locale): string {
  return `${formatDateTime(ms, timeZone, locale)} (${timeZone})`;
}

/** A span in a message: "Mar 1, 2025, 10:00:00 → Mar 1, 2025, 11:00:00.5 (Europe/Paris)". */
export function formatSpanIn(start: number, startSub: SubMs | undefined, end: number, endSub: SubMs | undefined, timeZone: string, locale: Locale): string {
  return `${formatExactDateTime(start, startSub, timeZone, locale)} → ${formatExactDateTime(end, endSub, timeZone, locale)} (${timeZone})`;
}
