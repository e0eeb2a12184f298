import type { LineStatus, ReviewState } from '../../../shared/types';
import { REVIEW_LABEL, STATUS_LABEL } from '../lib/labels';

export function StatusChip({ status }: { status: LineStatus }) {
  return <span className={`chip st-${status}`} data-status={status}>{STATUS_LABEL[status]}</span>;
}

export function ReviewChip({ review }: { review: ReviewState }) {
  return <span className={`chip rv-${review}`} data-review={review}>{REVIEW_LABEL[review]}</span>;
}

export function Flag({ on, yes = 'Yes', no = '—' }: { on: boolean; yes?: string; no?: string }) {
  return <span className={on ? 'flag flag-on' : 'flag flag-off'}>{on ? yes : no}</span>;
}
