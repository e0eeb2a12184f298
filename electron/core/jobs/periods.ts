// The owners and periods the workspace holds, with where each stands: rated, reconciled, reviewed,
// stale (inputs or settings changed since it was rated). Clever Cloud owners' periods come from
// their usage and invoices (in the workspace time zone), FOCUS billing accounts' from their rows.
import type { OwnerName, PeriodSummary, Settings } from '../../../shared/contract/api';
import { ApiError } from '../../../shared/contract/errors';
import { compareText } from '../../../shared/kinds';
import { parseFocusOwnerId } from '../../../shared/reconcile';
import type { PeriodId } from '../../../shared/types';
import { invoicesFor } from '../store/invoices/read';
import { lineCount } from '../store/lines';
import type { Db } from '../store/open';
import { listOwnerPeriods } from '../store/periods';
import { unreviewedLines } from '../store/period-locks';
import { changedSinceReviewCount, reviewedCount } from '../store/reviews';
import { storedRun } from '../store/runs';
import { storedReconciliation } from '../store/reconciliations';
import { focusPeriods } from './focus';
import { ownerNames } from './owners';
import { closedLock } from './close';
import { staleReason } from './staleness';

interface WorkspacePeriod {
  ownerId: string;
  period: PeriodId;
  hasUsage: boolean;
  hasInvoice: boolean;
  focus: { accountName: string | null; provider: string | null } | null;
}

/** Every owner's periods, by owner then period. */
function workspacePeriods(db: Db, tz: string): WorkspacePeriod[] {
  const all: WorkspacePeriod[] = listOwnerPeriods(db, tz).map((p) => ({ ...p, focus: null }));
  for (const f of focusPeriods(db)) {
    all.push({ ownerId: f.ownerId, period: f.period, hasUsage: false, hasInvoice: true, focus: { accountName: f.accountName, provider: f.provider } });
  }
  return all.sort((a, b) => compareText(a.ownerId, b.ownerId) || compareText(a.period, b.period));
}

/** The FOCUS account names of the periods, by owner (the first period naming it). */
function focusNamesOf(periods: readonly WorkspacePeriod[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const p of periods) if (p.focus?.accountName && !out.has(p.ownerId)) out.set(p.ownerId, p.focus.accountName);
  return out;
}

/** Every owner of the workspace, with its name when one is known (docs/decisions.md, "Owner names"). */
export function workspaceOwners(db: Db, tz: string): Map<string, OwnerName | null> {
  const periods = workspacePeriods(db, tz);
  const names = ownerNames(db, focusNamesOf(periods));
  return new Map(periods.map((p) => [p.ownerId, names.get(p.ownerId) ?? null]));
}

export function periodSummaries(db: Db, settings: Settings, filter?: { ownerId?: string; period?: PeriodId }): PeriodSummary[] {
  const periods = workspacePeriods(db, settings.timeZone);
  const names = ownerNames(db, focusNamesOf(periods));
  return periods
    .filter((p) => (!filter?.ownerId || p.ownerId === filter.ownerId) && (!filter?.period || p.period === filter.period))
    .map((p) => {
      const run = storedRun(db, p.ownerId, p.period);
      const rec = storedReconciliation(db, p.ownerId, p.period);
      const checks = rec?.summary.focus;
      const lock = closedLock(db, p.ownerId, p.period);
      return {
        ownerId: p.ownerId,
        owner: names.get(p.ownerId) ?? null,
        period: p.period,
        currency: run?.invoice.currency ?? rec?.summary.currency ?? (p.focus ? (parseFocusOwnerId(p.ownerId)?.currency ?? '') : ''),
        hasUsage: p.hasUsage,
        hasInvoice: p.hasInvoice,
        ratedAt: run?.ratedAt ?? null,
        reconciledAt: rec?.reconciledAt ?? null,
        subtotalPerSecond: run?.invoice.subtotalPerSecond ?? null,
        subtotalLegacy: run?.invoice.subtotalLegacy ?? null,
        creditsApplied: run?.invoice.creditsApplied ?? null,
        netBeforeTax: run?.invoice.netBeforeTax ?? null,
        total: run?.invoice.total ?? null,
        billedTotal: rec?.summary.billedTotal ?? null,
        variance: rec?.summary.variance ?? null,
        counts: rec?.summary.counts ?? null,
        reviewed: reviewedCount(db, p.ownerId, p.period),
        changedSinceReview: changedSinceReviewCount(db, p.ownerId, p.period),
        lineCount: rec ? lineCount(db, rec.id) : 0,
        unreviewed: rec ? unreviewedLines(db, rec.id, p.ownerId, p.period) : 0,
        // A closed period's result is the one signed off: never stale (its inputs cannot change).
        stale: !!run && !lock && staleReason(db, p.ownerId, p.period, settings) !== null,
        closed: lock && { by: lock.closedBy, at: lock.closedAt },
        warnings: p.focus ? [] : periodWarnings(db, p.ownerId, p.period, settings.timeZone),
        focus: p.focus && {
          ...p.focus,
          rows: checks?.rows ?? null,
          flaggedRows: checks?.flaggedRows ?? null,
          invoices: checks?.invoices ?? [],
        },
      };
    });
}

/** What a reader of the period's figures must know: its invoices whose span is not the month. */
export function periodWarnings(db: Db, ownerId: string, period: PeriodId, tz: string): string[] {
  return invoicesFor(db, ownerId, period, tz).flatMap((i) => (i.warning === null ? [] : [i.warning]));
}

/** The owners with data in the period (or just `ownerId`, checked to have some). */
export function ownersIn(db: Db, settings: Settings, period: PeriodId, ownerId?: string): string[] {
  const owners = [
    ...new Set(
      workspacePeriods(db, settings.timeZone)
        .filter((p) => p.period === period)
        .map((p) => p.ownerId),
    ),
  ];
  if (ownerId) {
    if (!owners.includes(ownerId)) throw new ApiError('not_found', `No usage, invoice or FOCUS rows for owner ${ownerId} in ${period}`);
    return [ownerId];
  }
  if (owners.length === 0) throw new ApiError('not_found', `Nothing imported for ${period}`);
  return owners;
}
