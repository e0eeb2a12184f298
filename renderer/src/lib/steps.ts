// A calculation step in words of the locale: the rating gives each step a code and its exact
// figures (shared/rating/explain.ts); this writes the step's sentence from the catalogue
// (`calc.<code>`), with amounts rounded to the currency's unit for reading. The exact form (the
// rating's own formula, every digit) stays on the step for the tooltip and for copying.
import type { ExplainParam, ExplainStep } from '../../../shared/types';
import { CATALOGUES, t } from '../i18n';
import { formatDecimal, formatDuration, formatInt, formatMoney, type Locale } from './format';
import { labels } from './labels';

type StepCode = keyof (typeof CATALOGUES)['en']['calc']['step'];

export interface StepText {
  label: string;
  text: string;
  /** The result as read: rounded money, a count, a quantity. */
  value: string;
  /** The same sentence with every digit of every amount (the tooltip). */
  exactText: string;
  /** The rating's own formula and result, every digit (for copying). */
  exact: string;
}

/** Figures that are amounts of money (shown rounded to the currency's unit). */
const MONEY = new Set([
  'exact',
  'amount',
  'applied',
  'grant',
  'remaining',
  'net',
  'credit',
  'billed',
  'recomputed',
  'legacy',
  'perSecond',
  'difference',
  'discount',
]);
/** Prices, shown with every digit they have (a price per hour of 0.0533333). */
const PRICES = new Set(['price', 'unitPrice']);
/** Counts. */
const COUNTS = new Set(['parts', 'instances', 'cutParts', 'seconds', 'slices', 'records', 'spans', 'rows', 'more', 'broken']);
/** Quantities, exact decimals. */
const QUANTITIES = new Set(['quantity', 'billedQuantity', 'tierQuantity', 'from', 'to', 'batch', 'factor', 'intervals']);

/** What a step's result is, by its code. */
const VALUE: Record<StepCode, 'count' | 'seconds' | 'price' | 'money' | 'quantity' | 'none' | 'checks'> = {
  usage: 'count',
  seconds: 'seconds',
  hourlyPrice: 'price',
  hourlyPrices: 'count',
  perSecond: 'money',
  perSecondMany: 'money',
  round: 'money',
  legacySlices: 'count',
  legacyAmount: 'money',
  legacyAmountMany: 'money',
  legacyRound: 'money',
  difference: 'money',
  quantity: 'quantity',
  batches: 'quantity',
  tier: 'quantity',
  tierSpans: 'quantity',
  countAmount: 'money',
  span: 'money',
  moreSpans: 'none',
  spansTotal: 'money',
  sameLegacy: 'money',
  task: 'money',
  moreTasks: 'none',
  taskTotal: 'money',
  credit: 'money',
  net: 'money',
  focusRows: 'count',
  focusBilled: 'money',
  focusChecks: 'checks',
  focusRecomputed: 'money',
  billedOnly: 'money',
};

function isCode(c: string | undefined): c is StepCode {
  return !!c && Object.prototype.hasOwnProperty.call(CATALOGUES.en.calc.step, c);
}

/** A granularity in seconds as a length of time: 600 → "10 min". */
function slice(g: number, locale: Locale): string {
  if (g % 3600 === 0) return `${formatInt(g / 3600, locale)} h`;
  if (g % 60 === 0) return `${formatInt(g / 60, locale)} min`;
  return `${formatInt(g, locale)} s`;
}

/** An exact amount cut for reading: at most 6 decimals, "…" when digits were left out. */
function shortExact(v: string, currency: string, locale: Locale): string {
  const m = /^(-?\d+)(?:\.(\d+))?$/.exec(v);
  if (!m || !m[2] || m[2].length <= 6) return formatMoney(v, currency, locale, { exact: true });
  return formatMoney(`${m[1]}.${m[2].slice(0, 6)}`, currency, locale, { exact: true }).replace(/(\d)(?!.*\d)/, '$1…');
}

function formatParam(name: string, v: ExplainParam, currency: string, locale: Locale, code: StepCode, exact: boolean): string {
  if (Array.isArray(v)) return '';
  const text = String(v);
  if (name === 'exact' && (code === 'round' || code === 'legacyRound'))
    return exact ? formatMoney(text, currency, locale, { exact: true }) : shortExact(text, currency, locale);
  if (MONEY.has(name)) return formatMoney(text, currency, locale, exact ? { exact: true } : {});
  if (PRICES.has(name)) return formatMoney(text, currency, locale, { exact: true });
  if (COUNTS.has(name)) return formatInt(Number(v), locale);
  if (QUANTITIES.has(name)) return text === '' ? '∞' : formatDecimal(text, locale);
  if (name === 'granularity') return slice(Number(v), locale);
  if (name === 'kind' && (text === 'free' || text === 'prepaid')) return labels().creditKind[text].toLowerCase();
  // A FOCUS charge category is one of the line kinds (Usage, Purchase, Tax, Credit, Adjustment).
  if (name === 'category') {
    const kinds = labels().kind as Record<string, string>;
    return kinds[text.toLowerCase()] ?? text;
  }
  return text;
}

/** The words of one step; a step stored without a code keeps the rating's English. */
export function stepText(s: ExplainStep, currency: string, locale: Locale): StepText {
  const exact = `${s.formula}${s.value !== '' && !s.formula.endsWith(`= ${s.value}`) ? ` = ${s.value}` : ''}`;
  if (!isCode(s.code)) return { label: s.label, text: s.formula, value: s.value, exactText: exact, exact };
  const read = words(s, s.code, currency, locale, false);
  const full = words(s, s.code, currency, locale, true);
  return { ...read, exactText: `${full.label} : ${full.text}`.replace(' : ', locale === 'fr' ? ' : ' : ': '), exact };
}

function words(s: ExplainStep, code: StepCode, currency: string, locale: Locale, exact: boolean): { label: string; text: string; value: string } {
  const p = s.params ?? {};
  const f: Record<string, string> = {};
  for (const [k, v] of Object.entries(p)) f[k] = formatParam(k, v, currency, locale, code, exact);
  const num = (k: string) => Number(p[k] ?? 0);
  // Counted nouns, in the locale's plural.
  f.partsN = t('calc.n.parts', { count: num('parts'), n: f.parts ?? '' });
  f.instancesN = t('calc.n.instances', { count: num('instances'), n: f.instances ?? '' });
  f.cutN = num('cutParts') > 0 ? t('calc.n.cut', { count: num('cutParts'), n: f.cutParts ?? '' }) : '';
  f.recordsN = t('calc.n.records', { count: num('records'), n: f.records ?? '' });
  f.spansN = t('calc.n.spans', { count: num('spans'), n: f.spans ?? '' });
  f.slicesN = t('calc.n.slices', { count: num('slices'), n: f.slices ?? '' });
  f.rowsN = t('calc.n.rows', { count: num('rows'), n: f.rows ?? '' });
  f.hour = formatInt(3600, locale);
  f.duration = formatDuration(num('seconds'));
  f.unit = f.unit ?? '';
  f.per = p.interval ? t('calc.perInterval', { interval: String(p.interval) }) : '';
  const groups = Array.isArray(p.groups) ? p.groups : [];
  f.list = groups
    .map((g) =>
      t('calc.priceFor', {
        price: formatMoney(String(g.price), currency, locale, { exact: true }),
        seconds: formatInt(Number(g.seconds), locale),
      }),
    )
    .join(locale === 'fr' ? ' ; ' : '; ');
  // The key is one of the catalogue's (isCode); each step's text takes its own figures.
  const say = t as unknown as (key: `calc.step.${StepCode}.${'label' | 'text'}`, values: Record<string, string>) => string;
  const label = say(`calc.step.${code}.label`, f);
  const text = say(`calc.step.${code}.text`, f);
  const kind = VALUE[code];
  const value =
    kind === 'money'
      ? formatMoney(s.value, currency, locale, code === 'focusBilled' || code === 'focusRecomputed' || code === 'billedOnly' ? { exact: true } : {})
      : kind === 'price'
        ? formatMoney(s.value, currency, locale, { exact: true })
        : kind === 'count'
          ? formatInt(Number(s.value), locale)
          : kind === 'seconds'
            ? `${formatInt(Number(s.value), locale)} s`
            : kind === 'quantity'
              ? `${formatDecimal(s.value, locale)}${f.unit ? ` ${f.unit}` : ''}`
              : kind === 'checks'
                ? num('broken') === 0
                  ? t('calc.checksOk')
                  : t('calc.checksBroken', { count: num('broken'), n: f.broken ?? '', rows: String(p.rowList ?? '') })
                : '';
  return { label, text, value };
}
