// Whether a period's stored rating and reconciliation still say what the workspace would say now:
// the one rule behind the "stale" chip, and behind an export rating and reconciling first.
import type { Settings } from '../../../shared/contract/api';
import { D } from '../../../shared/money';
import type { PeriodId } from '../../../shared/types';
import { inputsVersion } from '../store/batches';
import { invoicesFor } from '../store/invoices/read';
import type { Db } from '../store/open';
import { storedReconciliation } from '../store/reconciliations';
import { storedRun } from '../store/runs';
import { isFocusOwner } from './focus';

const sameDecimal = (a: string, b: string) => new D(a).eq(new D(b));

/**
 * Why the stored result of an owner's period is out of date, in words ("files were imported since
 * it was rated"), or null when it is current: never rated or reconciled, files imported since
 * (usage, invoices, catalogs, credits: any import, as the rating cannot tell cheaply which ones
 * matter), or a setting it was computed with changed (time zone, slice length, default VAT when no
 * invoice gives one, tolerance). A FOCUS period is in UTC with no slices: only imports and the
 * tolerance matter.
 */
export function staleReason(db: Db, ownerId: string, period: PeriodId, settings: Settings): string | null {
  const run = storedRun(db, ownerId, period);
  if (!run) return 'it was never rated';
  const was = run.invoice;
  if (was.inputsVersion < inputsVersion(db)) return 'files were imported since it was rated';
  const focus = isFocusOwner(db, ownerId);
  if (!focus) {
    if (was.timeZone !== settings.timeZone) return `the time zone changed since it was rated (${was.timeZone}, now ${settings.timeZone})`;
    if (was.granularitySeconds !== settings.granularitySeconds)
      return `the slice length changed since it was rated (${was.granularitySeconds} s, now ${settings.granularitySeconds} s)`;
    if (invoicesFor(db, ownerId, period, settings.timeZone).length === 0 && !sameDecimal(was.vatPercent, settings.defaultVatPercent))
      return `the default VAT changed since it was rated (${was.vatPercent} %, now ${settings.defaultVatPercent} %)`;
  }
  const rec = storedReconciliation(db, ownerId, period);
  if (!rec || rec.reconciledAt < run.ratedAt) return 'it was not reconciled since it was rated';
  // A FOCUS period's total is the exact sum of its lines; a run from before that rule rounded it to
  // the cent (and its workbook's formulas would no longer agree with it).
  const lines = rec.summary.lineTotals;
  if (focus && lines && !sameDecimal(lines.amountPerSecond, was.subtotalPerSecond))
    return 'its total was rounded to the cent by an earlier version, FOCUS totals are exact now';
  if (!sameDecimal(rec.summary.tolerance, settings.tolerance))
    return `it was reconciled with a tolerance of ${rec.summary.tolerance}, the workspace's is ${settings.tolerance}`;
  const percent = rec.summary.tolerancePercent ?? null;
  if (percent === null ? settings.tolerancePercent !== null : settings.tolerancePercent === null || !sameDecimal(percent, settings.tolerancePercent))
    return `it was reconciled with a tolerance percentage of ${percent ?? 'none'}, the workspace's is ${settings.tolerancePercent ?? 'none'}`;
  return null;
}
