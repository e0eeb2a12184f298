// Rates one owner's period with the shared rating module over the workspace's inputs, and stores
// the run with its audit entry.
import type { Settings } from '../../../shared/contract/api';
import { creditWalkStart, rateInvoice } from '../../../shared/rating';
import { periodBounds } from '../../../shared/time';
import type { PeriodId, RatedInvoice } from '../../../shared/types';
import { appendAudit } from '../store/audit';
import { inputsVersion } from '../store/batches';
import { loadCatalogs } from '../store/catalogs/read';
import { loadCredits } from '../store/credits/read';
import { invoicesFor } from '../store/invoices/read';
import type { Db } from '../store/open';
import { saveRun } from '../store/runs';
import { assertOpen } from './close';
import { focusInvoice, isFocusOwner } from './focus';
import { writeTransaction, type WriteIntent } from '../store/write-session';
import { IntervalReader, countablesAndTasks, usageScope } from '../store/usage/read';

/** The owner's invoice for the period from the inputs of batches up to `upToBatch`. */
function computeInvoice(db: Db, ownerId: string, period: PeriodId, settings: Settings, upToBatch: number): RatedInvoice {
  const tz = settings.timeZone;
  const invoices = invoicesFor(db, ownerId, period, tz);
  const catalogs = loadCatalogs(db, upToBatch);
  const currency = invoices[0]?.currency ?? catalogs[0]?.currency ?? 'EUR';
  const credits = loadCredits(db, ownerId);
  // Only the months the credit walk rates (from the earliest grant to this period) are read.
  const { end } = periodBounds(period, tz);
  const walkStart = creditWalkStart(
    credits.filter((c) => c.currency.toUpperCase() === currency.toUpperCase()),
    period,
    end,
    tz,
  );
  const window = { start: periodBounds(walkStart, tz).start, end };
  const { scope, coverage } = usageScope(db, ownerId, tz, upToBatch, walkStart, period);
  return rateInvoice({
    ownerId,
    period,
    timeZone: tz,
    granularitySeconds: settings.granularitySeconds,
    currency,
    vatPercent: invoices[0]?.vatPercent ?? settings.defaultVatPercent,
    catalogs,
    intervals: new IntervalReader(db, scope).read({ window, instanceKeys: true }), // streamed, never held; instances as integers
    ...countablesAndTasks(db, scope, window),
    credits,
    coverage,
  });
}

interface RateResult {
  runId: number;
  invoice: RatedInvoice;
}

/** Rates and stores (replacing the previous run of the same owner and period) with its audit entry, in one transaction. Refused for a closed period. */
export async function ratePeriod(db: Db, ownerId: string, period: PeriodId, settings: Settings, onWait?: WriteIntent['onWait']): Promise<RateResult> {
  assertOpen(db, ownerId, period, 'rating it again'); // and, in its transaction, migration 008's trigger
  const version = inputsVersion(db);
  const invoice = isFocusOwner(db, ownerId)
    ? focusInvoice(db, ownerId, period, version, settings.granularitySeconds)
    : computeInvoice(db, ownerId, period, settings, version);
  const runId = await writeTransaction(db, { what: `rating of ${ownerId} ${period}`, onWait }, () => {
    const id = saveRun(db, invoice, version);
    appendAudit(db, {
      actor: settings.actor,
      action: 'rate',
      subject: `${ownerId} ${period}`,
      detail: {
        lines: invoice.lines.length,
        subtotalPerSecond: invoice.subtotalPerSecond,
        subtotalLegacy: invoice.subtotalLegacy,
        creditsApplied: invoice.creditsApplied,
        total: invoice.total,
        timeZone: invoice.timeZone,
        granularitySeconds: settings.granularitySeconds,
      },
    });
    return id;
  });
  return { runId, invoice };
}
