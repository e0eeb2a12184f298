// The line's review: who reviewed it and when, on which figures, why it is disputed, the
// provider's answer; and, when a later rating changed those figures, what changed.
import { Trans, useTranslation } from 'react-i18next';
import type { ReviewFigures } from '../../../../shared/contract/api';
import { Money } from '../../components/Money';
import { formatDateTime, formatMoney } from '../../lib/format';
import { labels } from '../../lib/labels';
import { useLocale, useSettings } from '../../state/app';
import type { Detail } from './types';

function FiguresRow({ label, f, currency }: { label: string; f: ReviewFigures | null; currency: string }) {
  const { t } = useTranslation();
  if (!f)
    return (
      <tr>
        <th>{label}</th>
        <td colSpan={3} className="muted">
          {t('review.gone')}
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
      <td>{labels().status[f.status]}</td>
    </tr>
  );
}

export function ReviewInfo({ review, currency }: { review: Detail['review']; currency: string }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const { timeZone } = useSettings();
  if (!review || review.state === 'unreviewed') return null;
  return (
    <section className="review-info" data-testid="review-info">
      <div className="small">
        <Trans
          i18nKey="review.by"
          values={{ state: labels().review[review.state], actor: review.actor, at: formatDateTime(review.at, timeZone, locale) }}
          components={{ b: <strong /> }}
        />
      </div>
      {review.reason && (
        <div className="small" data-testid="review-reason-text">
          <span className="k">{t('review.reason')}</span> {review.reason}
        </div>
      )}
      {review.creditNote && (
        <div className="small" data-testid="review-credit">
          <span className="k">{t('review.creditNote')}</span> <span className="mono">{review.creditNote}</span>,{' '}
          <Money value={review.creditAmount} currency={currency} exact />
        </div>
      )}
      {review.changed ? (
        <div className="banner banner-warn inline" role="status" data-testid="changed-since-review">
          <span className="banner-text">
            {t('review.changedNotice', { at: formatDateTime(review.changed.at, timeZone, locale) })}
            <table className="small">
              <thead>
                <tr>
                  <th />
                  <th>{t('review.colRecomputed')}</th>
                  <th>{t('review.colBilled')}</th>
                  <th>{t('review.colStatus')}</th>
                </tr>
              </thead>
              <tbody>
                <FiguresRow label={t('review.reviewedOn')} f={review.changed.from} currency={currency} />
                <FiguresRow label={t('review.now')} f={review.changed.to} currency={currency} />
              </tbody>
            </table>
          </span>
        </div>
      ) : (
        review.figures && (
          <div className="small muted" data-testid="review-figures">
            {t('review.givenOn', {
              recomputed: formatMoney(review.figures.recomputed, currency, locale),
              billed: formatMoney(review.figures.billed, currency, locale, { exact: true }),
              status: labels().status[review.figures.status].toLowerCase(),
            })}
          </div>
        )
      )}
    </section>
  );
}
