// The usage intervals behind a line: times in the workspace zone, seconds, price, exact amount,
// a mark on the parts cut at a period boundary, and the source row. The first 200 show at once.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Money } from '../../components/Money';
import { isoUtcExact } from '../../../../shared/instant';
import { formatExactDateTime, formatInt } from '../../lib/format';
import { useLocale, useSettings } from '../../state/app';
import type { Detail } from './types';

const SHOW_INTERVALS = 200;

export function Intervals({ detail, currency }: { detail: Detail; currency: string }) {
  const { t } = useTranslation();
  const { timeZone } = useSettings();
  const locale = useLocale();
  const [showAll, setShowAll] = useState(false);
  if (detail.detailsTotal === 0) return null;
  const intervals = showAll ? detail.details : detail.details.slice(0, SHOW_INTERVALS);
  return (
    <section>
      <h3>
        {t('intervals.title')} <span className="muted small">{t('intervals.count', { n: formatInt(detail.detailsTotal, locale), zone: timeZone })}</span>
      </h3>
      <div className="table-wrap detail-table">
        <table className="table table-tight" data-testid="intervals">
          <thead>
            <tr>
              <th>{t('intervals.col.instance')}</th>
              <th>{t('intervals.col.span')}</th>
              <th className="r">{t('intervals.col.seconds')}</th>
              <th className="r">{t('intervals.col.price')}</th>
              <th className="r">{t('intervals.col.amount')}</th>
              <th>{t('intervals.col.source')}</th>
            </tr>
          </thead>
          <tbody>
            {intervals.map((d) => (
              <tr key={`${d.intervalId}-${d.start}`}>
                <td className="mono ellip small iv-instance" title={d.instanceId}>
                  {d.instanceId}
                </td>
                <td className="nowrap small" title={`${isoUtcExact(d.start, d.startSub)} → ${isoUtcExact(d.end, d.endSub)}`}>
                  {formatExactDateTime(d.start, d.startSub, timeZone, locale)}
                  <br />
                  {formatExactDateTime(d.end, d.endSub, timeZone, locale)}
                  {d.cut && (
                    <span className="chip chip-warn chip-mini" title={t('intervals.cutHelp')} data-testid="cut-marker">
                      {t('intervals.cut')}
                    </span>
                  )}
                </td>
                <td
                  className="r num"
                  title={t('intervals.slicesHelp', { count: d.legacySlices, n: formatInt(d.legacySlices, locale), exact: d.exactLegacyAmount })}
                >
                  {formatInt(d.billableSeconds, locale)}
                </td>
                <td className="r">
                  <Money value={d.pricePerHour} currency={currency} exact />
                </td>
                <td className="r">
                  <Money value={d.exactAmount} currency={currency} exact />
                </td>
                <td className="mono small iv-source" title={t('source.fileRow', { file: d.source.file, row: d.source.row })}>
                  <div className="ellip">{d.source.file}</div>
                  <div className="muted">{t('source.row', { row: d.source.row })}</div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {detail.details.length > intervals.length && (
        <button className="btn btn-small" onClick={() => setShowAll(true)}>
          {t('intervals.showAll', { n: formatInt(detail.details.length, locale) })}
        </button>
      )}
      {detail.detailsTotal > detail.details.length && (
        <p className="muted small">{t('intervals.partial', { n: formatInt(detail.details.length, locale), total: formatInt(detail.detailsTotal, locale) })}</p>
      )}
    </section>
  );
}
