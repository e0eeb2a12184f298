// Plain-text tables for the terminal.
import type { FocusRowView, LineRow, PeriodSummary, ProviderInvoice, ReviewFigures } from '../../shared/contract/api';
import { ownerLabel } from '../../shared/owner-label';
import { flagSentence } from '../../shared/reconcile/focus';

function table(head: string[], rows: string[][], right: Set<number>): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const fmt = (r: string[]) =>
    r
      .map((c, i) => (right.has(i) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [fmt(head), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(fmt)].join('\n');
}

export function formatSummaries(summaries: PeriodSummary[]): string {
  return table(
    ['Owner', 'Name', 'Period', 'Cur', 'Per second', '10-min', 'Credits', 'Total', 'Billed', 'Variance', 'match', 'over', 'under', 'missing', 'unexplained'],
    summaries.map((s) => [
      s.ownerId,
      s.owner?.name ?? '-',
      s.period,
      s.currency,
      s.subtotalPerSecond ?? '-',
      s.subtotalLegacy ?? '-',
      s.creditsApplied ?? '-',
      s.total ?? '-',
      s.billedTotal ?? '-',
      s.variance ?? '-',
      String(s.counts?.match ?? 0),
      String(s.counts?.over_billed ?? 0),
      String(s.counts?.under_billed ?? 0),
      String(s.counts?.missing_from_invoice ?? 0),
      String(s.counts?.unexplained_charge ?? 0),
    ]),
    new Set([4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14]),
  );
}

/** A line's review as the terminal says it: "approved", or "approved, CHANGED since review". */
export function reviewText(r: LineRow): string {
  return r.changedSinceReview ? `${r.review}, CHANGED since review` : r.review;
}

/** `owner`: the owner as ownerLabel says it (name and id). */
export function formatLinesTable(owner: string, period: string, rows: LineRow[]): string {
  return (
    `\nDiscrepancies for ${owner} ${period}:\n` +
    table(
      ['Line', 'Kind', 'Item', 'Price item', 'Recomputed', 'Billed', 'Variance', 'Status', 'Review'],
      rows.map((r) => [String(r.lineNo), r.kind, r.itemName || r.itemId, r.priceItem, r.amountPerSecond, r.billed ?? '-', r.variance, r.status, reviewText(r)]),
      new Set([0, 4, 5, 6]),
    )
  );
}

/** Reviewed lines whose figures changed since their review: they need review again. */
export function formatChangedTable(owner: string, period: string, rows: { row: LineRow; was: ReviewFigures | null }[], total: number): string {
  const fig = (was: ReviewFigures | null, f: (w: ReviewFigures) => string | null) => (was ? (f(was) ?? '-') : '?');
  return (
    `\n${total} line${total === 1 ? '' : 's'} of ${owner} ${period} changed since review (review ${total === 1 ? 'it' : 'them'} again):\n` +
    table(
      ['Line', 'Item', 'Price item', 'Review', 'Recomputed was', 'now', 'Billed was', 'now', 'Status was', 'now'],
      rows.map(({ row: r, was }) => [
        String(r.lineNo),
        r.itemName || r.itemId,
        r.priceItem,
        r.review,
        fig(was, (w) => w.recomputed),
        r.amountPerSecond,
        fig(was, (w) => w.billed),
        r.billed ?? '-',
        fig(was, (w) => w.status),
        r.status,
      ]),
      new Set([0, 4, 5, 6, 7]),
    ) +
    (total > rows.length ? `\n  … and ${total - rows.length} more` : '')
  );
}

/** FOCUS periods: each invoice total against its rows, and the rows that break their unit prices. */
export function formatFocusChecks(summaries: PeriodSummary[]): string {
  const out: string[] = [];
  for (const s of summaries) {
    if (!s.focus) continue;
    out.push(
      `\nFOCUS ${ownerLabel(s.ownerId, s.owner?.name ?? s.focus.accountName)} ${s.period}: ${s.focus.rows ?? 0} rows, ${s.focus.flaggedRows ?? 0} row checks failed`,
    );
    for (const c of s.focus.invoices) out.push(`  ${c.status ?? 'unchecked'}: ${c.sentence}`);
  }
  return out.join('\n');
}

/** FOCUS rows that break their unit prices, line by line, named by file and row. */
export function formatFlaggedRows(owner: string, period: string, lines: { line: LineRow; rows: FocusRowView[] }[], totalLines: number): string {
  const out = [`\nFOCUS rows breaking their unit prices in ${owner} ${period}:`];
  for (const { line, rows } of lines) {
    out.push(`  line ${line.lineNo} ${line.kind} ${line.itemName}${line.itemId ? ` ${line.itemId}` : ''}:`);
    for (const r of rows) {
      for (const f of r.flags) {
        out.push(`    ${r.source.file} row ${r.source.row}: ${flagSentence(f.check, f.cost, f.expected)}`);
      }
    }
  }
  if (totalLines > lines.length) out.push(`  … and ${totalLines - lines.length} more lines with broken rows`);
  return out.join('\n');
}

/** A provider invoice's own figures, beside the recomputed ones the summary table shows. */
export function formatProviderInvoice(inv: ProviderInvoice): string {
  const figures = [`total tax excl. ${inv.totalTaxExcluded}`, `tax ${inv.totalTax}`];
  const p = inv.provider;
  if (p) {
    if (p.creditBalanceAtEmission !== null) figures.push(`credit balance at emission ${p.creditBalanceAtEmission}`);
    if (p.upfrontCreditAmount !== null) figures.push(`upfront credit ${p.upfrontCreditAmount}`);
    for (const c of p.freeCreditsThisPeriod) figures.push(`free credit "${c.name}" left ${c.remaining}`);
    const n = p.vendorConsumption.length;
    if (n > 0) figures.push(`${n} vendor consumption item${n === 1 ? '' : 's'} (not rated)`);
  }
  return `Provider invoice ${inv.invoiceNumber} (${inv.currency}): ${figures.join(', ')}`;
}
