// "Mark as": one button per review state, with its keyboard shortcut.
import { REVIEW_STATES, type ReviewState } from '../../../../shared/types';
import { useTranslation } from 'react-i18next';
import { labels } from '../../lib/labels';
import { REVIEW_KEYS } from '../../lib/query';
import { setReview } from '../../state/actions';
import { useApp, useSelectedSummary } from '../../state/app';

export function ReviewButtons({ lineKey, review }: { lineKey: string; review: ReviewState }) {
  const { t } = useTranslation();
  const busy = useApp((s) => s.busy);
  const closed = !!useSelectedSummary()?.closed; // signed off: reviews are locked (the core refuses them)
  return (
    <section className="review-bar" data-testid="review-buttons">
      <span className="k">{t('detail.markAs')}</span>
      {REVIEW_STATES.map((s) => (
        <button
          key={s}
          className={`btn btn-small rv-btn-${s}${review === s ? ' on' : ''}`}
          aria-pressed={review === s}
          disabled={!!busy || closed}
          data-testid={`review-${s}`}
          onClick={() => void setReview([lineKey], s)}
        >
          {labels().review[s]} <kbd>{REVIEW_KEYS[s]}</kbd>
        </button>
      ))}
    </section>
  );
}
