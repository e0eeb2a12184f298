// The claim to send the provider: each disputed line of a period with its figures, the reason and
// the evidence — how much usage stands behind it (intervals, seconds, first and last instant, or
// the usage rows of a countable, task or FOCUS line) and the files it comes from, the usage and
// the invoice (docs/workbook.md, "Disputes").
import { DateTime } from 'luxon';
import { isTimeSliced } from '../../../shared/kinds';
import { exactMoneyString } from '../../../shared/money';
import { storedTolerance } from '../../../shared/reconcile';
import type { LineRow } from '../../../shared/contract/api';
import type { WorkbookDispute } from '../export/workbook/contract';
import { loadCatalogs } from '../store/catalogs/read';
import type { Db } from '../store/open';
import { storedReconciliation } from '../store/reconciliations';
import { reviewsOf } from '../store/reviews';
import { ratedLine, type StoredRun } from '../store/runs';
import { DetailRater } from './details';
import { focusLineOf, focusLineRows, isFocusOwner } from './focus';
import { billedGroups } from './reconcile';

/** FOCUS rows read per disputed line for its evidence (their count is always exact). */
const MAX_FOCUS_ROWS = 100_000;
/** Differing intervals named per disputed line (the count is of all). */
const MAX_DIFFERING = 20;

const wallClock = (ms: number, zone: string) => DateTime.fromMillis(ms, { zone }).toFormat('yyyy-LL-dd HH:mm:ss');

function filesOf(sources: Iterable<{ file: string }>): string[] {
  return [...new Set([...sources].map((s) => s.file))].sort();
}

/** The disputed lines of a period, in line order, each with its evidence. */
export function disputesOf(db: Db, run: StoredRun, lines: readonly LineRow[]): WorkbookDispute[] {
  const disputed = lines.filter((l) => l.review === 'disputed');
  if (disputed.length === 0) return [];
  const { ownerId, period, inputsVersion, timeZone, currency } = run.invoice;
  const rec = storedReconciliation(db, ownerId, period);
  const tolerance = rec ? storedTolerance(rec.summary) : '0';
  const reviews = reviewsOf(db, ownerId, period);
  const focus = isFocusOwner(db, ownerId);
  const rater = focus ? null : new DetailRater(db, run);
  const billed = focus ? null : billedGroups(db, ownerId, period, timeZone, loadCatalogs(db, inputsVersion));
  return disputed.map((line) => {
    const review = reviews.get(line.key);
    let intervals = 0;
    let seconds = 0;
    let first: number | null = null;
    let last: number | null = null;
    let differing: number | null = null;
    let differingText = '';
    let usageFiles: string[] = [];
    let invoiceFiles: string[] = [];
    const see = (start: number, end: number) => {
      first = first === null ? start : Math.min(first, start);
      last = last === null ? end : Math.max(last, end);
    };
    if (focus) {
      const rows = focusLineRows(db, run, focusLineOf(line), MAX_FOCUS_ROWS);
      intervals = rows.total;
      for (const r of rows.rows) if (r.chargePeriodStart !== null) see(r.chargePeriodStart, r.chargePeriodEnd ?? r.chargePeriodStart);
      usageFiles = filesOf(rows.rows.map((r) => r.source));
    } else if (rater) {
      const rated = ratedLine(db, run.runId, line.key);
      if (rated && isTimeSliced(line.kind)) {
        const details = rater.detailsOf(rated.itemId).get(line.key) ?? [];
        intervals = details.length;
        for (const d of details) {
          seconds += d.billableSeconds;
          see(d.start, d.end);
        }
        usageFiles = filesOf(details.map((d) => d.source));
        const cmp = rater.intervalComparison({ key: line.key, itemId: rated.itemId }, details, tolerance);
        if (cmp) {
          differing = cmp.differing;
          const rows = cmp.rows.filter((r) => r.differs);
          const shown = rows.slice(0, MAX_DIFFERING).map((r) => {
            const at = r.recomputed?.start ?? r.billed!.start;
            const where = r.billed ? ` (${r.billed.source.file} ${r.billed.source.row})` : '';
            const recomputed = r.recomputed ? exactMoneyString(r.recomputed.exactAmount, currency) : '-';
            return `${r.instanceId} ${wallClock(at, timeZone)}: billed ${r.billed?.amount ?? '-'}, recomputed ${recomputed}${where}`;
          });
          if (rows.length > shown.length) shown.push(`… and ${rows.length - shown.length} more`);
          differingText = shown.join('\n');
        }
      } else {
        const rows = rater.sourceRowsOf(line);
        intervals = rows.length;
        for (const r of rows) see(r.start, r.start);
        usageFiles = filesOf(rows.map((r) => r.source));
      }
      invoiceFiles = filesOf(billed?.get(line.key)?.sources.map((s) => s.source) ?? []);
    }
    return {
      line,
      reason: review?.reason ?? '',
      disputedBy: review?.actor ?? '',
      disputedAt: review?.at ?? null,
      intervals,
      billableSeconds: focus ? null : seconds,
      firstStart: first,
      lastEnd: last,
      differing,
      differingText,
      usageFiles,
      invoiceFiles,
    };
  });
}
