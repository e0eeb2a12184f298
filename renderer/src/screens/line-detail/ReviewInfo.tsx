// The line's review: who reviewed it and when, on which figures, why it is disputed, the
// provider's answer; and, when a later rating changed those figures, what changed.
import type { ReviewFigures } from '../../../../shared/contract/api';
import { Money } from '../../components/Money';
import { formatDateTime } from '../../lib/format';
import { REVIEW_LABEL, STATUS_LABEL } from '../../lib/labels';
import { useLocale, useSettings } from '../../state/app';
import type { Detail } from './types';

function FiguresRow({ label, f, currency }: { label: string; f: ReviewFigures | null; currency: string }) {
  if (!f)
    return (
      <tr>
        <th>{label}</th>
        <td colSpan={3} className="muted">
          not on the invoice any more
        </td>
      </tr>
    );
  return (
    <tr>
      <th>{label}</th>
      <td>
        <Money value={f.recomputed} currency={currency} />
      </td>
      <td>
        <Money value={f.billed} currency={currency} exact />
      </td>
      <td>{STATUS_LABEL[f.status]}</td>
    </tr>
  );
}

export function ReviewInfo({ review, currency }: { review: Detail['review']; currency: string }) {
  const locale = useLocale();
  const { timeZone } = useSettings();
  if (!review || review.state === 'unreviewed') return null;
  return (
    <section className="review-info" data-testid="review-info">
      <div className="small">
        {REVIEW_LABEL[review.state]} by <strong>{review.actor}</strong>, {formatDateTime(review.at, timeZone, locale)}
      </div>
      {review.reason && (
        <div className="small" data-testid="review-reason-text">
          <span className="k">Reason</span> {review.reason}
        </div>
      )}
      {review.creditNote && (
        <div className="small" data-testid="review-credit">
          <span className="k">Credit note</span> <span className="mono">{review.creditNote}</span>,{' '}
          <Money value={review.creditAmount} currency={currency} exact />
        </div>
      )}
      {review.changed ? (
        <div className="banner banner-warn inline" role="status" data-testid="changed-since-review">
          <span className="banner-text">
            Changed since review ({formatDateTime(review.changed.at, timeZone, locale)}): review it again.
            <table className="small">
              <thead>
                <tr>
                  <th />
                  <th>Recomputed</th>
                  <th>Billed</th>
                  <th>Status</th>
                </tr>
              </thead>
              <tbody>
                <FiguresRow label="Reviewed on" f={review.changed.from} currency={currency} />
                <FiguresRow label="Now" f={review.changed.to} currency={currency} />
              </tbody>
            </table>
          </span>
        </div>
      ) : (
        review.figures && (
          <div className="small muted" data-testid="review-figures">
            Given on: recomputed <Money value={review.figures.recomputed} currency={currency} />, billed{' '}
            <Money value={review.figures.billed} currency={currency} exact />, {STATUS_LABEL[review.figures.status].toLowerCase()}
          </div>
        )
      )}
    </section>
  );
}
