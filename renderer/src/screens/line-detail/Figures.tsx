// The line's figures: status, review, the amounts and the billable time (a FOCUS line: what was
// recomputed from its rows' unit prices, what was billed, and its rows that break them).
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { isFocusKind } from '../../../../shared/kinds';
import { ReviewChip, StatusChip } from '../../components/Chip';
import { Money } from '../../components/Money';
import { formatDuration, formatInt } from '../../lib/format';
import { statusSentence } from '../../lib/status';
import type { Tolerance } from '../../../../shared/reconcile/status';
import { useLocale } from '../../state/app';
import type { Detail } from './types';

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <span className="k">{label}</span> {children}
    </div>
  );
}

export function Figures({ row, currency, tolerance }: { row: Detail['row']; currency: string; tolerance: Tolerance }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const focus = isFocusKind(row.kind);
  const variance = <Money value={row.variance} currency={currency} tone signed exact testId="detail-variance" />;
  return (
    <>
      <p className="status-sentence" data-testid="status-sentence">
        {statusSentence(row, tolerance, currency, locale)}
      </p>
      <section className="kv-grid">
        <Field label={t('figures.status')}>
          <StatusChip status={row.status} />
        </Field>
        <Field label={t('figures.review')}>
          <ReviewChip review={row.review} changed={row.changedSinceReview} />
        </Field>
        {focus ? (
          <>
            <Field label={t('figures.recomputed')}>
              <Money value={row.amountPerSecond} currency={currency} exact />
            </Field>
            <Field label={t('figures.billed')}>
              <Money value={row.billed} currency={currency} exact />
            </Field>
            <Field label={t('figures.variance')}>{variance}</Field>
            <Field label={t('figures.flagged')}>
              <span className="num" data-testid="detail-flagged">
                {formatInt(row.flaggedRows, locale)}
              </span>
            </Field>
          </>
        ) : (
          <>
            <Field label={t('figures.perSecond')}>
              <Money value={row.amountPerSecond} currency={currency} />
            </Field>
            <Field label={t('figures.legacy')}>
              <Money value={row.amountLegacy} currency={currency} />
            </Field>
            <Field label={t('figures.difference')}>
              <Money value={row.difference} currency={currency} />
            </Field>
            <Field label={t('figures.credit')}>
              <Money value={row.credit} currency={currency} />
            </Field>
            <Field label={t('figures.net')}>
              <Money value={row.net} currency={currency} />
            </Field>
            <Field label={t('figures.billed')}>
              <Money value={row.billed} currency={currency} exact />
            </Field>
            <Field label={t('figures.variance')}>{variance}</Field>
            <Field label={t('figures.time')}>
              <span className="num">
                {formatDuration(row.billableSeconds)}{' '}
                <span className="muted small">({t('common.seconds', { n: formatInt(row.billableSeconds, locale) })})</span>
              </span>
            </Field>
          </>
        )}
      </section>
    </>
  );
}
