// How cells look: number formats from the currency's minor units, dates, durations, the header.
// Style objects are shared by every cell and never mutated (exceljs caches a style by identity).
import type { Style } from 'exceljs';
import { minorUnits, moneyPlaces } from '../../../../shared/money';
import type { WorkbookData } from './contract';

export type CellStyle = Partial<Style> | undefined;

/** The most decimals a unit price shows (it shows at least the money's, and at least 2). */
const PRICE_DECIMALS = 10;
/** The most decimals an amount shows: a cell's double holds about 15 significant digits, more would show binary noise. */
const MAX_MONEY_DECIMALS = 15;

/**
 * The currency's number format: `#,##0.00 "€"`, `"$"#,##0.00`, `"¥"#,##0`, `#,##0.00 "CHF"`...
 * `decimals` are always shown, `optionalDecimals` more only when the value has them.
 */
function currencyFormat(currency: string, decimals: number, optionalDecimals = 0): string {
  const code = currency.toUpperCase().replace(/[^A-Z]/g, '') || 'XXX';
  const frac = decimals + optionalDecimals > 0 ? `.${'0'.repeat(decimals)}${'#'.repeat(optionalDecimals)}` : '';
  const n = `#,##0${frac}`;
  switch (code) {
    case 'EUR':
      return `${n} "€"`;
    case 'USD':
      return `"$"${n}`;
    case 'GBP':
      return `"£"${n}`;
    case 'JPY':
      return `"¥"${n}`;
    default:
      return `${n} "${code}"`;
  }
}

export interface Formats {
  /** Decimal places of the currency's minor unit: every formula over recomputed amounts rounds to them. */
  digits: number;
  /**
   * Decimal places of the most precise billed amount (or per-second amount a variance subtracts),
   * at least `digits`: the formulas over billed amounts (variances, billed total) round to them,
   * which leaves their exact results whole.
   */
  billedDigits: number;
  /**
   * Decimal places of the most precise recomputed amount, at least `digits`: the formulas over
   * recomputed amounts (a line's difference and net, the Summary's subtotals, credits, net and
   * total) round to them. A rated invoice's lines are whole minor units, so this is `digits`; a
   * FOCUS period's are exact (the provider's costs), and so are its sums (docs/workbook.md).
   * VAT alone always rounds to `digits` (SPEC 3).
   */
  amountDigits: number;
  header: Partial<Style>;
  text: CellStyle;
  wrap: Partial<Style>;
  integer: Partial<Style>;
  date: Partial<Style>;
  /** A date without its time (the period's days). */
  day: Partial<Style>;
  duration: Partial<Style>;
  money: Partial<Style>;
  /** The money format with `places` decimals when that is more than the currency's (an amount billed with more). */
  moneyIn(places: number): Partial<Style>;
  price: Partial<Style>;
  exact: Partial<Style>;
  general: CellStyle;
}

/**
 * The decimals of the most precise operand of the formulas over billed amounts (a billed amount,
 * or a per-second amount a variance subtracts: a FOCUS line's is exact), at least the currency's.
 */
export function billedDigitsOf(data: Pick<WorkbookData, 'invoice' | 'lines'>): number {
  return moneyPlaces(
    data.lines.flatMap((l) => [l.billed, l.amountPerSecond]),
    data.invoice.currency,
  );
}

/** The decimals of the most precise recomputed amount of the lines (per second, 10-minute, credit, net), at least the currency's. */
export function amountDigitsOf(data: Pick<WorkbookData, 'invoice' | 'lines'>): number {
  return moneyPlaces(
    data.lines.flatMap((l) => [l.amountPerSecond, l.amountLegacy, l.credit, l.net]),
    data.invoice.currency,
  );
}

export function formatsFor(currency: string, billedDigits = minorUnits(currency), amountDigits = minorUnits(currency)): Formats {
  const digits = minorUnits(currency);
  const priceDigits = Math.max(2, digits);
  const money = { numFmt: currencyFormat(currency, digits) };
  // One style object per number of places: exceljs caches a style by identity.
  const wider = new Map<number, Partial<Style>>();
  const moneyIn = (places: number): Partial<Style> => {
    const shown = Math.min(places, MAX_MONEY_DECIMALS);
    if (shown <= digits) return money;
    let style = wider.get(shown);
    if (!style) wider.set(shown, (style = { numFmt: currencyFormat(currency, shown) }));
    return style;
  };
  return {
    digits,
    billedDigits: Math.max(digits, billedDigits),
    amountDigits: Math.max(digits, amountDigits),
    header: {
      font: { bold: true },
      fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8E8E8' } },
      border: { bottom: { style: 'thin', color: { argb: 'FF808080' } } },
      alignment: { vertical: 'middle', wrapText: true },
    },
    text: undefined,
    wrap: { alignment: { wrapText: true, vertical: 'top' } },
    integer: { numFmt: '#,##0' },
    date: { numFmt: 'yyyy-mm-dd hh:mm:ss' },
    day: { numFmt: 'yyyy-mm-dd' },
    duration: { numFmt: '[h]:mm:ss' },
    money,
    moneyIn,
    price: { numFmt: currencyFormat(currency, priceDigits, PRICE_DECIMALS - priceDigits) },
    exact: { numFmt: '0.000000000' },
    general: undefined,
  };
}
