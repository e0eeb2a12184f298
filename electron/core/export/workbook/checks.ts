// A workbook never contradicts itself: before anything is written, each formula's stored result
// (the rating's figure) is checked, in exact decimals, against what the formula computes.
import { D, decString, minorUnits, sumDec, type DecimalValue } from '../../../../shared/money';
import { decimal } from './cells';
import type { WorkbookData } from './contract';
import { amountDigitsOf, billedDigitsOf } from './formats';
import { SUMMARY_TOTALS as T } from './sheets/summary';

/**
 * Checks each line's difference, net and variance, each credit's closing balance, and each
 * Summary total, against the cells its formula refers to, rounded as the formula rounds, half
 * away from zero: VAT and credit balances to the minor unit, the sums of recomputed amounts to
 * the decimals of the most precise of them (the minor unit, but a FOCUS line's exact cost), and
 * the figures over billed amounts (variances, billed total) to those of the most precise billed
 * amount. Throws an error naming the figures
 * that disagree.
 */
export function checkWorkbookFigures(data: WorkbookData): void {
  const inv = data.invoice;
  const problems: string[] = [];
  const minor = minorUnits(inv.currency);
  const billedDigits = billedDigitsOf(data);
  const amountDigits = amountDigitsOf(data);
  const same = (label: string, stored: string, computed: DecimalValue, places = amountDigits) => {
    const formula = computed.toDecimalPlaces(places, D.ROUND_HALF_UP);
    if (!decimal(stored, label).eq(formula)) problems.push(`${label} is ${stored} but the workbook's formula gives ${decString(formula, places)}`);
  };
  /** The sum of one amount over the lines (a blank billed amount counts as nothing). */
  const column = (key: 'amountPerSecond' | 'amountLegacy' | 'credit' | 'billed', what: string) =>
    sumDec(
      data.lines
        .map((l) => l[key])
        .filter((v): v is string => v !== null)
        .map((v) => decimal(v, what)),
    );

  for (const l of data.lines) {
    const field = (name: string) => `line ${l.lineNo} ${name}`;
    const ps = decimal(l.amountPerSecond, field('amount per second'));
    same(`Line ${l.lineNo} difference`, l.difference, decimal(l.amountLegacy, field('legacy amount')).minus(ps));
    same(`Line ${l.lineNo} net amount`, l.net, ps.minus(decimal(l.credit, field('credit'))));
    const billed = l.billed === null ? new D(0) : decimal(l.billed, field('billed amount'));
    same(`Line ${l.lineNo} variance`, l.variance, billed.minus(ps), billedDigits);
  }
  for (const b of data.credits.balances) {
    const v = (value: string, name: string) => decimal(value, `credit ${b.creditId} ${name}`);
    const closing = v(b.opening, 'opening balance').plus(v(b.granted, 'granted')).minus(v(b.used, 'applied')).minus(v(b.expired, 'expired'));
    same(`Credit ${b.creditId} closing balance`, b.closing, closing, minor);
  }
  const subtotal = decimal(inv.subtotalPerSecond, 'subtotal');
  const net = decimal(inv.netBeforeTax, 'net');
  same(T.subtotalPerSecond, inv.subtotalPerSecond, column('amountPerSecond', 'amount per second'));
  same(T.subtotalLegacy, inv.subtotalLegacy, column('amountLegacy', 'legacy amount'));
  same(T.difference, inv.difference, decimal(inv.subtotalLegacy, 'subtotal').minus(subtotal));
  same(T.creditsApplied, inv.creditsApplied, column('credit', 'credit'));
  same(T.netBeforeTax, inv.netBeforeTax, subtotal.minus(decimal(inv.creditsApplied, 'credits')));
  same(T.vat, inv.vat, net.times(decimal(inv.vatPercent, 'VAT %')).div(100), minor);
  same(T.total, inv.total, net.plus(decimal(inv.vat, 'VAT')));
  same(T.billedTotal, data.billedTotal, column('billed', 'billed amount'), billedDigits);
  same(T.variance, data.variance, decimal(data.billedTotal, 'billed total').minus(subtotal), billedDigits);
  if (problems.length) {
    throw new Error(
      `Workbook export refused: the figures do not agree with their formulas (${problems.slice(0, 5).join('; ')}${problems.length > 5 ? `; and ${problems.length - 5} more` : ''})`,
    );
  }
}
