// The invoice totals: as written when present (a difference with the billed lines is a warning:
// it is what reconciliation is for), else computed and recorded with a warning. Vendor
// consumption is billed too (part of the total) though no usage rates it.
import { D, moneyString, decString } from '../../../../../shared/money';
import type { NewBilledLine } from '../../../store/invoices/write';
import type { Rec } from '../../json/reader';
import { money } from './fields';

export function readTotals(
  inv: Rec,
  lines: readonly NewBilledLine[],
  currency: string,
  vatPercent: string,
  warnings: string[],
  vendorPrices: readonly string[] = [],
): { totalTaxExcluded: string; totalTax: string } {
  const at = `${inv.loc.file}, record ${inv.path}`;
  const vendor = vendorPrices.reduce((s, p) => s.plus(p), new D(0));
  const sum = lines.reduce((s, l) => s.plus(l.amount), vendor);
  const what = vendorPrices.length > 0 ? `the sum of the billed lines and vendor consumption (${decString(vendor)})` : 'the sum of the billed lines';
  let totalTaxExcluded: string;
  if (inv.has('total_tax_excluded')) {
    totalTaxExcluded = money(inv, 'total_tax_excluded', currency, { allowNegative: true })!;
    if (!sum.eq(totalTaxExcluded)) {
      warnings.push(
        `${at}: total_tax_excluded ${totalTaxExcluded} differs from ${what} ${decString(sum)} (difference ${decString(new D(totalTaxExcluded).minus(sum))})`,
      );
    }
  } else {
    totalTaxExcluded = decString(sum);
    warnings.push(`${at}: total_tax_excluded is missing; ${what} (${totalTaxExcluded}) is recorded`);
  }
  let totalTax: string;
  if (inv.has('total_tax')) totalTax = money(inv, 'total_tax', currency, { allowNegative: true })!;
  else {
    totalTax = moneyString(new D(totalTaxExcluded).times(vatPercent).div(100), currency);
    warnings.push(`${at}: total_tax is missing; ${totalTax} (total_tax_excluded × vat_percent / 100) is recorded`);
  }
  return { totalTaxExcluded, totalTax };
}
