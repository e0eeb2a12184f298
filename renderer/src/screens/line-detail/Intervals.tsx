// The usage intervals behind a line: times in the workspace zone, seconds, price, exact amount,
// a mark on the parts cut at a period boundary, and the source row. The first 200 show at once.
import { useState } from 'react';
import { Money } from '../../components/Money';
import { isoUtcExact } from '../../../../shared/instant';
import { formatExactDateTime, formatInt } from '../../lib/format';
import { useLocale, useSettings } from '../../state/app';
import type { Detail } from './types';

const SHOW_INTERVALS = 200;

export function Intervals({ detail, currency }: { detail: Detail; currency: string }) {
  const { timeZone } = useSettings();
  const locale = useLocale();
  const [showAll, setShowAll] = useState(false);
  if (detail.detailsTotal === 0) return null;
  const intervals = showAll ? detail.details : detail.details.slice(0, SHOW_INTERVALS);
  return (
    <section>
      <h3>
        Intervals{' '}
        <span className="muted small">
          ({formatInt(detail.detailsTotal, locale)}; times in {timeZone})
        </span>
      </h3>
      <div className="table-wrap detail-table">
        <table className="table table-tight" data-testid="intervals">
          <thead>
            <tr>
              <th>Instance</th>
              <th>Start → end</th>
              <th className="r">Seconds</th>
              <th className="r">Price / h</th>
              <th className="r">Amount (exact)</th>
              <th>Source</th>
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
                    <span
                      className="chip chip-warn chip-mini"
                      title="Cut at the period boundary: each part is billed in its own period"
                      data-testid="cut-marker"
                    >
                      cut
                    </span>
                  )}
                </td>
                <td className="r num" title={`${formatInt(d.legacySlices, locale)} started slices in the legacy rule (exact ${d.exactLegacyAmount})`}>
                  {formatInt(d.billableSeconds, locale)}
                </td>
                <td className="r">
                  <Money value={d.pricePerHour} currency={currency} exact />
                </td>
                <td className="r">
                  <Money value={d.exactAmount} currency={currency} exact />
                </td>
                <td className="mono small iv-source" title={`${d.source.file}, row ${d.source.row} (import #${d.source.batchId})`}>
                  <div className="ellip">{d.source.file}</div>
                  <div className="muted">row {d.source.row}</div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {detail.details.length > intervals.length && (
        <button className="btn btn-small" onClick={() => setShowAll(true)}>
          Show all {formatInt(detail.details.length, locale)} intervals
        </button>
      )}
      {detail.detailsTotal > detail.details.length && (
        <p className="muted small">
          {formatInt(detail.details.length, locale)} of {formatInt(detail.detailsTotal, locale)} intervals shown; the workbook's Details sheet has them all.
        </p>
      )}
    </section>
  );
}
