// The invoice screen's lines: a reconciliation's stored lines joined with their review state
// and annotation count, filtered, sorted and paged in SQL.
import type { LineRow, ParsedReq } from '../../../shared/contract/api';
import { LINE_KINDS } from '../../../shared/kinds';
import type { LineAmounts } from '../../../shared/reconcile';
import type { PeriodId } from '../../../shared/types';
import type { Db } from './open';

type ListReq = ParsedReq<'lines.list'>;
export type LineFilter = Pick<ListReq, 'kinds' | 'statuses' | 'reviews' | 'search' | 'flagged' | 'changed'>;
type LinePage = Pick<ListReq, 'sort' | 'dir' | 'limit' | 'offset'>;

/** The lines of one stored reconciliation of an owner's period. */
export interface LinesOf {
  recId: number;
  ownerId: string;
  period: PeriodId;
}

/** Kinds in invoice order (the order shared/kinds.ts defines), unknown kinds last. */
const KIND_ORDER_SQL = `CASE rl.kind ${LINE_KINDS.map((k, i) => `WHEN '${k}' THEN ${i + 1}`).join(' ')} ELSE ${LINE_KINDS.length + 1} END`;

const SORT_SQL: Record<ListReq['sort'], string> = {
  lineNo: 'rl.line_no',
  kind: KIND_ORDER_SQL,
  itemName: 'rl.item_name COLLATE NOCASE',
  priceItem: 'rl.price_item',
  billableSeconds: 'rl.billable_seconds',
  // Ordering only: a REAL cast never feeds a figure anyone sees.
  amountPerSecond: 'CAST(rl.amount_per_second AS REAL)',
  amountLegacy: 'CAST(rl.amount_legacy AS REAL)',
  difference: 'CAST(rl.difference AS REAL)',
  credit: 'CAST(rl.credit AS REAL)',
  net: 'CAST(rl.net AS REAL)',
  billed: 'CAST(rl.billed AS REAL)',
  variance: 'CAST(rl.variance AS REAL)',
  status: 'rl.status',
  review: 'review',
};

const JOIN_REVIEWS = 'LEFT JOIN reviews rv ON rv.owner_id = @owner AND rv.period = @period AND rv.line_key = rl.line_key';

const ROW_SELECT = `SELECT rl.line_key AS key, rl.line_no AS lineNo, rl.kind, rl.item_id AS itemId, rl.item_name AS itemName, rl.price_item AS priceItem,
  rl.instances, rl.billable_seconds AS billableSeconds, rl.unit_price AS unitPrice, rl.amount_per_second AS amountPerSecond,
  rl.amount_legacy AS amountLegacy, rl.difference, rl.credit, rl.net, rl.billed, rl.variance, rl.status,
  coalesce(rv.state, 'unreviewed') AS review, (rv.changed_json IS NOT NULL) AS changedSinceReview,
  (SELECT count(*) FROM annotations a WHERE a.owner_id = @owner AND a.period = @period AND a.line_key = rl.line_key) AS annotationCount,
  coalesce(json_extract(rl.flags_json, '$.count'), 0) AS flaggedRows
  FROM reconciled_lines rl ${JOIN_REVIEWS}`;

const UNFILTERED = 'rl.reconciliation_id = @rec';

function where(f: LineFilter, params: Record<string, unknown>): string {
  const parts = [UNFILTERED];
  const inList = (col: string, name: string, values: readonly string[] | undefined) => {
    if (!values || values.length === 0) return;
    const names = values.map((v, i) => {
      params[`${name}${i}`] = v;
      return `@${name}${i}`;
    });
    parts.push(`${col} IN (${names.join(', ')})`);
  };
  inList('rl.kind', 'k', f.kinds);
  inList('rl.status', 's', f.statuses);
  inList("coalesce(rv.state, 'unreviewed')", 'r', f.reviews);
  if (f.flagged) parts.push("coalesce(json_extract(rl.flags_json, '$.count'), 0) > 0");
  if (f.changed) parts.push('rv.changed_json IS NOT NULL');
  if (f.search && f.search.trim()) {
    params.q = `%${f.search.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    parts.push("(rl.item_name LIKE @q ESCAPE '\\' OR rl.item_id LIKE @q ESCAPE '\\' OR rl.price_item LIKE @q ESCAPE '\\')");
  }
  return parts.join(' AND ');
}

/** SQLite answers 0/1 for the flag. */
type DbLineRow = Omit<LineRow, 'changedSinceReview'> & { changedSinceReview: number | boolean };
const toRow = (r: DbLineRow): LineRow => ({ ...r, changedSinceReview: r.changedSinceReview === 1 || r.changedSinceReview === true });

const paramsOf = (of: LinesOf): Record<string, unknown> => ({ owner: of.ownerId, period: of.period, rec: of.recId });

/** Whether the filter leaves some line out (an empty one selects every line). */
export function isFiltered(f: LineFilter): boolean {
  return where(f, {}) !== UNFILTERED;
}

/** One page of the filtered lines, sorted (ties by line number). */
export function linePage(db: Db, of: LinesOf, f: LineFilter, page: LinePage): LineRow[] {
  const params = paramsOf(of);
  const cond = where(f, params);
  return db
    .prepare(`${ROW_SELECT} WHERE ${cond} ORDER BY ${SORT_SQL[page.sort]} ${page.dir === 'desc' ? 'DESC' : 'ASC'}, rl.line_no LIMIT @limit OFFSET @offset`)
    .all({ ...params, limit: page.limit, offset: page.offset })
    .map((r) => toRow(r as DbLineRow));
}

/** The filtered lines' amounts, streamed, in LineAmounts order. */
export function lineAmounts(db: Db, of: LinesOf, f: LineFilter): IterableIterator<LineAmounts> {
  const params = paramsOf(of);
  const cond = where(f, params);
  return db
    .prepare(`SELECT rl.amount_per_second, rl.amount_legacy, rl.credit, rl.net, rl.billed, rl.variance FROM reconciled_lines rl ${JOIN_REVIEWS} WHERE ${cond}`)
    .raw()
    .iterate(params) as IterableIterator<LineAmounts>;
}

/** Every line, in line order. */
export function allLineRows(db: Db, of: LinesOf): LineRow[] {
  return db
    .prepare(`${ROW_SELECT} WHERE ${UNFILTERED} ORDER BY rl.line_no`)
    .all(paramsOf(of))
    .map((r) => toRow(r as DbLineRow));
}

export function lineRow(db: Db, of: LinesOf, key: string): LineRow | undefined {
  const r = db.prepare(`${ROW_SELECT} WHERE ${UNFILTERED} AND rl.line_key = @key`).get({ ...paramsOf(of), key }) as DbLineRow | undefined;
  return r && toRow(r);
}

export function lineCount(db: Db, recId: number): number {
  return (db.prepare('SELECT count(*) AS n FROM reconciled_lines WHERE reconciliation_id = ?').get(recId) as { n: number }).n;
}

export function hasLine(db: Db, recId: number, key: string): boolean {
  return db.prepare('SELECT 1 FROM reconciled_lines WHERE reconciliation_id = ? AND line_key = ?').get(recId, key) !== undefined;
}
