// Rating runs (tables rating_runs, rated_lines): what reconciliation and line detail read back.
import type { RatedLine } from '../../../shared/types';
import type { Db } from './open';

/** A run's lines, in line order, as the rating gave them (without details). */
export function ratedLinesOf(db: Db, runId: number): RatedLine[] {
  const rows = db.prepare('SELECT line_json FROM rated_lines WHERE run_id = ? ORDER BY line_no').raw().all(runId) as [string][];
  return rows.map(([json]) => JSON.parse(json) as RatedLine);
}
