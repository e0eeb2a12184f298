import type { LineStatus, ReviewState } from '../../../shared/types';
import { labels, statusShort } from '../lib/labels';

export function StatusChip({ status, short }: { status: LineStatus; short?: boolean }) {
  return (
    <span className={`chip st-${status}`} data-status={status} title={labels().status[status]}>
      {short ? statusShort(status) : labels().status[status]}
    </span>
  );
}

export function ReviewChip({ review }: { review: ReviewState }) {
  return (
    <span className={`chip rv-${review}`} data-review={review}>
      {labels().review[review]}
    </span>
  );
}
