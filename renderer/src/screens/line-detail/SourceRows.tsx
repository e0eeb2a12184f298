// The rows a countable or task line was rated from (usage-CSV rows, or the invoice's own when no
// usage export covers the month): file and row, instant, quantity, and the plan or the task.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime, formatDecimal, formatInt } from '../../lib/format';
import { Money } from '../../components/Money';
import { useLocale, useSettings } from '../../state/app';
import type { Detail } from './types';

const SHOW_ROWS = 200;

export function SourceRows({ detail, currency }: { detail: Detail; currency: string }) {
  const { t } = useTranslation();
  const { timeZone } = useSettings();
  const locale = useLocale();
  const [showAll, setShowAll] = useState(false);
  if (detail.sourceRowsTotal === 0) return null;
  const task = detail.row.kind === 'task';
  // A usage CSV's countable rows name no plan (the catalog's tiers price them): no empty column.
  const plans = !task && detail.sourceRows.some((r) => r.planId !== '');
  const rows = showAll ? detail.sourceRows : detail.sourceRows.slice(0, SHOW_ROWS);
  return (
    <section>
      <h3>
        {t('sourceRows.title')} <span className="muted small">{t('intervals.count', { n: formatInt(detail.sourceRowsTotal, locale), zone: timeZone })}</span>
      </h3>
      <div className="table-wrap detail-table">
        <table className="table table-tight" data-testid="source-rows">
          <thead>
            <tr>
              <th>{t('intervals.col.source')}</th>
              <th>{t('sourceRows.col.start')}</th>
              <th className="r">{t('sourceRows.col.quantity')}</th>
              {(task || plans) && <th>{task ? t('sourceRows.col.description') : t('sourceRows.col.plan')}</th>}
              {task && <th className="r">{t('sourceRows.col.unitPrice')}</th>}
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={`${r.source.batchId}-${r.source.row}`} data-testid="source-row">
                <td className="mono small iv-source" title={t('source.fileRow', { file: r.source.file, row: r.source.row })}>
                  <div className="ellip">{r.source.file}</div>
                  <div className="muted">{t('source.row', { row: r.source.row })}</div>
                </td>
                <td className="nowrap small">{formatDateTime(r.start, timeZone, locale)}</td>
                <td className="r num">
                  {formatDecimal(r.quantity, locale)}
                  {r.unit && <span className="muted"> {r.unit}</span>}
                </td>
                {(task || plans) && (
                  <td className="small" translate="no">
                    {task ? r.description : <span className="mono">{r.planId || '—'}</span>}
                  </td>
                )}
                {task && (
                  <td className="r">
                    <Money value={r.unitPrice} currency={currency} exact />
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {detail.sourceRows.length > rows.length && (
        <button className="btn btn-small" onClick={() => setShowAll(true)}>
          {t('sourceRows.showAll', { n: formatInt(detail.sourceRows.length, locale) })}
        </button>
      )}
      {detail.sourceRowsTotal > detail.sourceRows.length && (
        <p className="muted small">
          {t('sourceRows.partial', { n: formatInt(detail.sourceRows.length, locale), total: formatInt(detail.sourceRowsTotal, locale) })}
        </p>
      )}
    </section>
  );
}
