// Every row of a query, in its order (select all, copy, "Export this view as CSV"): the
// `lines.list` pages of the largest size the contract allows.
import type { LineRow } from '../../../../shared/contract/api';
import { send } from '../../api/transport';
import { linesRequest, type LineQuery } from '../../lib/query';

const PAGE = 5000;

export async function fetchAllRows(query: LineQuery): Promise<LineRow[]> {
  const rows: LineRow[] = [];
  for (let offset = 0; ; offset += PAGE) {
    const r = await send('lines.list', linesRequest(query, offset, PAGE));
    rows.push(...r.rows);
    if (r.rows.length < PAGE || rows.length >= r.total) return rows;
  }
}
