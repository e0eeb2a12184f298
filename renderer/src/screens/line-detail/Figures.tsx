// The line's figures: status, review, the amounts and the billable time (a FOCUS line: what was
// recomputed from its rows' unit prices, what was billed, and its rows that break them).
import { useTranslation } from 'react-i18next';
import { isFocusKind } from '../../../../shared/kinds';
import { ReviewChip, StatusChip } from '../../components/Chip';
import { Money } from '../../components/Money';
import { formatDuration, formatInt } from '../../lib/format';
import { statusSentence } from '../../lib/status';
import type { Tolerance } from '../../../../shared/reconcile/status';
import { useLocale } from '../../state/app';
import type { Detail } from './types';

export function Figures({ row, currency, tolerance }: { row: Detail['row']; currency: string; tolerance: Tolerance }) {
  const { t } = useTranslation();
  const locale = useLocale();
  if (isFocusKind(row.kind)) {
    return (
      <>
        <p className="status-sentence" data-testid="status-sentence">
          {statusSentence(row, tolerance, currency, locale)}
        </p>
        <section className="kv-grid">
          <div>
            <span className="k">{t('figures.status')}</span> <StatusChip status={row.status} />
          </div>
          <div>
            <span className="k">{t('figures.review')}</span> <ReviewChip review={row.review} changed={row.changedSinceReview} />
          </div>
          <div>
            <span className="k">{t('figures.recomputed')}</span> <Money value={row.amountPerSecond} currency={currency} exact />
          </div>
          <div>
            <span className="k">{t('figures.billed')}</span> <Money value={row.billed} currency={currency} exact />
          </div>
          <div>
            <span className="k">{t('figures.variance')}</span> <Money value={row.variance} currency={currency} tone signed exact testId="detail-variance" />
          </div>
          <div>
            <span className="k">{t('figures.flagged')}</span>{' '}
            <span className="num" data-testid="detail-flagged">
              {formatInt(row.flaggedRows, locale)}
            </span>
          </div>
        </section>
      </>
    );
  }
  return (
    <>
      <p className="status-sentence" data-testid="status-sentence">
        {statusSentence(row, tolerance, currency, locale)}
      </p>
      <section className="kv-grid">
        <div>
          <span className="k">{t('figures.status')}</span> <StatusChip status={row.status} />
        </div>
        <div>
          <span className="k">{t('figures.review')}</span> <ReviewChip review={row.review} changed={row.changedSinceReview} />
        </div>
        <div>
          <span className="k">{t('figures.perSecond')}</span> <Money value={row.amountPerSecond} currency={currency} />
        </div>
        <div>
          <span className="k">{t('figures.legacy')}</span> <Money value={row.amountLegacy} currency={currency} />
        </div>
        <div>
          <span className="k">{t('figures.difference')}</span> <Money value={row.difference} currency={currency} />
        </div>
        <div>
          <span className="k">{t('figures.credit')}</span> <Money value={row.credit} currency={currency} />
        </div>
        <div>
          <span className="k">{t('figures.net')}</span> <Money value={row.net} currency={currency} />
        </div>
        <div>
          <span className="k">{t('figures.billed')}</span> <Money value={row.billed} currency={currency} exact />
        </div>
        <div>
          <span className="k">{t('figures.variance')}</span> <Money value={row.variance} currency={currency} tone signed exact testId="detail-variance" />
        </div>
        <div>
          <span className="k">{t('figures.time')}</span>
          <span className="num">
            {formatDuration(row.billableSeconds)} <span className="muted small">({t('common.seconds', { n: formatInt(row.billableSeconds, locale) })})</span>
          </span>
        </div>
      </section>
    </>
  );
}
