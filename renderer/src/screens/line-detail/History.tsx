// The line's history, from the audit log: review changes and annotations, with their hashes.
import type { ReviewState } from '../../../../shared/types';
import { formatDateTime, shortHash } from '../../lib/format';
import { REVIEW_LABEL } from '../../lib/labels';
import { useLocale, useSettings } from '../../state/app';
import type { Detail } from './types';

function describeAudit(action: string, detail: string): string {
  try {
    const d = JSON.parse(detail) as Record<string, unknown>;
    if (action === 'review' && typeof d.from === 'string' && typeof d.to === 'string') {
      const change = `${REVIEW_LABEL[d.from as ReviewState] ?? d.from} → ${REVIEW_LABEL[d.to as ReviewState] ?? d.to}`;
      if (typeof d.reason === 'string') return `${change}: “${d.reason}”`;
      if (typeof d.creditNote === 'string') return `${change}: credit note ${d.creditNote}, ${String(d.creditAmount)}`;
      return d.changedSinceReview ? `${change} (again, on the new figures)` : change;
    }
    if (action === 'review-changed') {
      const from = d.from as { recomputed?: string; billed?: string | null; status?: string } | null;
      const to = d.to as { recomputed?: string; billed?: string | null; status?: string } | null;
      if (!to) return 'Changed since review: the line is not on the invoice any more';
      return `Changed since review: recomputed ${from?.recomputed ?? '?'} → ${to.recomputed}, billed ${from?.billed ?? '–'} → ${to.billed ?? '–'}, ${from?.status ?? '?'} → ${to.status}`;
    }
    if (action === 'annotate' && typeof d.text === 'string') return `“${d.text}”`;
  } catch {
    /* plain text */
  }
  return detail;
}

export function History({ entries }: { entries: Detail['history'] }) {
  const { timeZone } = useSettings();
  const locale = useLocale();
  return (
    <section>
      <h3>History</h3>
      {entries.length === 0 ? (
        <p className="muted">No change recorded for this line.</p>
      ) : (
        <table className="table table-tight" data-testid="history">
          <thead>
            <tr>
              <th>Time</th>
              <th>Actor</th>
              <th>Action</th>
              <th>Detail</th>
              <th>Hash</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((h) => (
              <tr key={h.seq}>
                <td className="nowrap">{formatDateTime(h.at, timeZone, locale)}</td>
                <td>{h.actor}</td>
                <td>{h.action}</td>
                <td className="ellip" title={h.detail}>
                  {describeAudit(h.action, h.detail)}
                </td>
                <td className="mono small" title={h.hash}>
                  {shortHash(h.hash, 10)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
