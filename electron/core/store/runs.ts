// Rating runs: one per (owner, period), its totals, allocations and balances as JSON and its
// lines in rated_lines. A new run replaces the previous one.
import type { PeriodId, RatedInvoice, RatedLine } from '../../../shared/types';
import { LINE_FIGURE_COLUMNS, LINE_FIGURE_PLACEHOLDERS, lineFigures } from './line-figures';
import type { Db } from './open';

export interface StoredRun {
  runId: number;
  ratedAt: number;
  /** The invoice without its lines, and the inputs it saw: import batches up to this id. */
  invoice: Omit<RatedInvoice, 'lines'> & { inputsVersion: number };
}

/** Stores a run, replacing the owner's previous run of the period. Call inside a transaction. */
export function saveRun(db: Db, invoice: RatedInvoice, inputsVersion: number): number {
  const { lines, ...totals } = invoice;
  db.prepare('DELETE FROM rating_runs WHERE owner_id = ? AND period = ?').run(invoice.ownerId, invoice.period);
  const runId = Number(
    db
      .prepare(
        `INSERT INTO rating_runs (owner_id, period, time_zone, granularity_seconds, currency, rated_at, invoice_json)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        invoice.ownerId,
        invoice.period,
        invoice.timeZone,
        invoice.granularitySeconds,
        invoice.currency,
        Date.now(),
        JSON.stringify({ ...totals, inputsVersion }),
      ).lastInsertRowid,
  );
  const ins = db.prepare(`INSERT INTO rated_lines (run_id, ${LINE_FIGURE_COLUMNS}, line_json) VALUES (?, ${LINE_FIGURE_PLACEHOLDERS}, ?)`);
  for (const l of lines) {
    const { details: _details, ...rest } = l;
    ins.run(runId, ...lineFigures(l), JSON.stringify(rest));
  }
  return runId;
}

export function storedRun(db: Db, ownerId: string, period: PeriodId): StoredRun | undefined {
  const r = db.prepare('SELECT id, rated_at, invoice_json FROM rating_runs WHERE owner_id = ? AND period = ?').get(ownerId, period) as
    { id: number; rated_at: number; invoice_json: string } | undefined;
  return r && { runId: r.id, ratedAt: r.rated_at, invoice: JSON.parse(r.invoice_json) };
}

/** A run's lines, in line order, as the rating gave them (without details). */
export function ratedLinesOf(db: Db, runId: number): RatedLine[] {
  const rows = db.prepare('SELECT line_json FROM rated_lines WHERE run_id = ? ORDER BY line_no').raw().all(runId) as [string][];
  return rows.map(([json]) => JSON.parse(json) as RatedLine);
}

export function ratedLine(db: Db, runId: number, key: string): RatedLine | undefined {
  const r = db.prepare('SELECT line_json FROM rated_lines WHERE run_id = ? AND line_key = ?').get(runId, key) as { line_json: string } | undefined;
  return r && (JSON.parse(r.line_json) as RatedLine);
}

/** Line key → item name, for a run's lines. */
export function ratedItemNames(db: Db, runId: number): Map<string, string> {
  const rows = db.prepare('SELECT line_key, item_name FROM rated_lines WHERE run_id = ?').raw().all(runId) as [string, string][];
  return new Map(rows);
}
