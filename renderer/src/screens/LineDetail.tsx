// The side panel of one invoice line: its figures, review, calculation, intervals (or FOCUS rows),
// what was billed and credited, annotations and history. Its sections are in ./line-detail/.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { send } from '../api/transport';
import { labels } from '../lib/labels';
import { errorText, useApp } from '../state/app';
import { useInvoice } from '../state/invoice';
import { Annotations } from './line-detail/Annotations';
import { BilledSources, CreditsApplied } from './line-detail/Billed';
import { Calculation } from './line-detail/Calculation';
import { Figures } from './line-detail/Figures';
import { FocusRows } from './line-detail/FocusRows';
import { History } from './line-detail/History';
import { IntervalComparison } from './line-detail/IntervalComparison';
import { Intervals } from './line-detail/Intervals';
import { ReviewButtons } from './line-detail/ReviewButtons';
import { ReviewInfo } from './line-detail/ReviewInfo';
import { SourceRows } from './line-detail/SourceRows';
import type { Detail } from './line-detail/types';

export function LineDetail({ ownerId, period, lineKey }: { ownerId: string; period: string; lineKey: string }) {
  const { t } = useTranslation();
  const version = useInvoice((s) => s.version);
  const openLine = useApp((s) => s.openLine);
  const currency = useInvoice((s) => s.invoice?.currency) ?? '';
  const [detail, setDetail] = useState<Detail | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    setError(null);
    send('lines.detail', { period, ownerId, lineKey }).then(
      (d) => live && setDetail(d),
      (e) => live && (setError(errorText(e)), setDetail(null)),
    );
    return () => {
      live = false;
    };
  }, [ownerId, period, lineKey, version]);

  const row = detail?.row;

  return (
    <aside className="drawer" aria-label={t('detail.label')} data-testid="line-detail">
      <div className="drawer-head">
        <div className="drawer-title">
          {row ? (
            <>
              <span className="muted">{t('detail.line', { n: row.lineNo })}</span> <strong translate="no">{row.itemName || row.itemId}</strong>
              <div className="small muted">
                {labels().kind[row.kind]} · <span className="mono">{row.priceItem}</span> · <span className="mono">{row.itemId}</span>
              </div>
            </>
          ) : (
            <span className="muted">{error ? t('columns.line') : t('common.loading')}</span>
          )}
        </div>
        <button className="btn btn-small" onClick={() => openLine(null)} aria-label={t('detail.closeHelp')} data-testid="detail-close">
          {t('detail.close')}
        </button>
      </div>
      {error && (
        <div className="banner banner-error inline" role="alert">
          {error}
        </div>
      )}
      {row && detail && (
        <div className="drawer-body">
          <Figures row={row} currency={currency} tolerance={{ amount: detail.tolerance, percent: detail.tolerancePercent }} />
          <ReviewButtons lineKey={lineKey} review={row.review} />
          <ReviewInfo review={detail.review} currency={currency} />
          <Calculation steps={detail.explanation} currency={currency} />
          {/* Keyed by line: another line starts with its first intervals and an empty note. */}
          {detail.focusRowsTotal > 0 ? (
            <FocusRows detail={detail} currency={currency} />
          ) : (
            <>
              {detail.intervalComparison && <IntervalComparison key={`cmp-${lineKey}`} comparison={detail.intervalComparison} currency={currency} />}
              <Intervals key={`iv-${lineKey}`} detail={detail} currency={currency} />
              <SourceRows key={`src-${lineKey}`} detail={detail} currency={currency} />
              <BilledSources sources={detail.billedSources} currency={currency} />
            </>
          )}
          <CreditsApplied allocations={detail.allocations} currency={currency} />
          <Annotations key={`an-${lineKey}`} ownerId={ownerId} period={period} lineKey={lineKey} annotations={detail.annotations} />
          <History entries={detail.history} />
        </div>
      )}
    </aside>
  );
}
