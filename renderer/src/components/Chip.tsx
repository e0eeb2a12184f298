import type { LineStatus, ReviewState } from '../../../shared/types';
import { t } from '../i18n';
import { labels, statusShort } from '../lib/labels';

export function StatusChip({ status, short }: { status: LineStatus; short?: boolean }) {
  return (
    <span className={`chip st-${status}`} data-status={status} title={labels().status[status]}>
      {short ? statusShort(status) : labels().status[status]}
    </span>
  );
}

/** A review state; `changed`: its figures changed since the review (it needs review again). */
export function ReviewChip({ review, changed }: { review: ReviewState; changed?: boolean }) {
  return (
    <>
      <span className={`chip rv-${review}`} data-review={review}>
        {labels().review[review]}
      </span>
      {changed && (
        <span className="changed-badge" title={t('review.changedHelp')} data-testid="changed-badge" aria-label={t('review.changedAria')}>
          {t('review.changed')}
        </span>
      )}
    </>
  );
}
