// How cells look: number formats from the currency's minor units, dates, durations, the header.
// Style objects are shared by every cell and never mutated (exceljs caches a style by identity).
import type { Style } from 'exceljs';
import { minorUnits } from '../../../../shared/money';

export type CellStyle = Partial<Style> | undefined;

/** The most decimals a unit price shows (it shows at least the money's, and at least 2). */
const PRICE_DECIMALS = 10;

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
  /** Decimal places of the currency's minor unit: every formula rounds to them. */
  digits: number;
  header: Partial<Style>;
  text: CellStyle;
  wrap: Partial<Style>;
  integer: Partial<Style>;
  date: Partial<Style>;
  /** A date without its time (the period's days). */
  day: Partial<Style>;
  duration: Partial<Style>;
  money: Partial<Style>;
  price: Partial<Style>;
  exact: Partial<Style>;
  general: CellStyle;
}

export function formatsFor(currency: string): Formats {
  const digits = minorUnits(currency);
  const priceDigits = Math.max(2, digits);
  return {
    digits,
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
    money: { numFmt: currencyFormat(currency, digits) },
    price: { numFmt: currencyFormat(currency, priceDigits, PRICE_DECIMALS - priceDigits) },
    exact: { numFmt: '0.000000000' },
    general: undefined,
  };
}
