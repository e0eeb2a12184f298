import type { LineStatus, ReviewState } from '../../../shared/types';
import { REVIEW_LABEL, STATUS_LABEL, STATUS_SHORT } from '../lib/labels';

export function StatusChip({ status, short }: { status: LineStatus; short?: boolean }) {
  return (
    <span className={`chip st-${status}`} data-status={status} title={STATUS_LABEL[status]}>
      {short ? STATUS_SHORT[status] : STATUS_LABEL[status]}
    </span>
  );
}

/** A review state; `changed`: its figures changed since the review (it needs review again). */
export function ReviewChip({ review, changed }: { review: ReviewState; changed?: boolean }) {
  return (
    <>
      <span className={`chip rv-${review}`} data-review={review}>
        {REVIEW_LABEL[review]}
      </span>
      {changed && (
        <span
          className="changed-badge"
          title="Its figures changed since it was reviewed: review it again"
          data-testid="changed-badge"
          aria-label="changed since review"
        >
          changed
        </span>
      )}
    </>
  );
}
