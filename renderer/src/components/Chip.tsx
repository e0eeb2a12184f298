import type { LineStatus, ReviewState } from '../../../shared/types';
import { REVIEW_LABEL, STATUS_LABEL, STATUS_SHORT } from '../lib/labels';

export function StatusChip({ status, short }: { status: LineStatus; short?: boolean }) {
  return (
    <span className={`chip st-${status}`} data-status={status} title={STATUS_LABEL[status]}>
      {short ? STATUS_SHORT[status] : STATUS_LABEL[status]}
    </span>
  );
}

export function ReviewChip({ review }: { review: ReviewState }) {
  return (
    <span className={`chip rv-${review}`} data-review={review}>
      {REVIEW_LABEL[review]}
    </span>
  );
}
