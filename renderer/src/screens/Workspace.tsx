import { OwnerLabel } from '../components/OwnerControls';
import { hasOwnerName } from '../lib/periods';
import { useTranslation } from 'react-i18next';
import type { PeriodSummary } from '../../../shared/contract/api';
import { LINE_STATUSES } from '../../../shared/types';
import { BilledVsRecomputedByPeriodChart } from '../components/Charts';
import { Empty } from '../components/Empty';
import { Money } from '../components/Money';
import { TaskProgress } from '../components/Progress';
import { periodChartData } from '../lib/chartData';
import { formatBytes, formatDate, formatDateTime, formatInt, formatPeriod, shortHash } from '../lib/format';
import { formatLabel, labels, statusCount } from '../lib/labels';
import { focusCheckSentence } from '../lib/focusCheck';
import { newestFirst } from '../lib/periods';
import { importedPeriods, loadSample, rateAndReconcile } from '../state/actions';
import { useApp, useLocale, useSettings } from '../state/app';

function StatusCounts({ p }: { p: PeriodSummary }) {
  const locale = useLocale();
  if (!p.counts) return <span className="muted">—</span>;
  return (
    <span className="counts">
      {LINE_STATUSES.filter((s) => (p.counts?.[s] ?? 0) > 0).map((s) => (
        <span key={s} className={`chip chip-count st-${s}`} title={`${labels().status[s]}: ${formatInt(p.counts?.[s], locale)}`} data-testid={`count-${s}`}>
          {statusCount(s)} {formatInt(p.counts?.[s], locale)}
        </span>
      ))}
    </span>
  );
}

function RunState({ p }: { p: PeriodSummary }) {
  const { t } = useTranslation();
  const { timeZone } = useSettings();
  const locale = useLocale();
  if (!p.ratedAt) return <span className="chip chip-muted">{t('workspace.notRated')}</span>;
  return (
    <span className="runstate nowrap">
      {p.closed ? (
        <span
          className="chip chip-ok"
          title={t('workspace.closedHelp', { by: p.closed.by, at: formatDateTime(p.closed.at, timeZone, locale) })}
          data-testid="closed"
          data-state="closed"
        >
          {t('workspace.closed')}
        </span>
      ) : p.stale ? (
        <span className="chip chip-warn" title={t('workspace.staleHelp')} data-state="stale">
          {t('workspace.stale')}
        </span>
      ) : p.reconciledAt ? (
        <span className="chip chip-ok" data-state="reconciled">
          {t('workspace.reconciled')}
        </span>
      ) : (
        <span className="chip chip-muted" data-state="rated">
          {t('workspace.rated')}
        </span>
      )}
      <span
        className="muted small runstate-at"
        title={
          p.reconciledAt
            ? t('workspace.ratedReconciledAt', {
                rated: formatDateTime(p.ratedAt, timeZone, locale),
                reconciled: formatDateTime(p.reconciledAt, timeZone, locale),
              })
            : t('workspace.ratedAt', { rated: formatDateTime(p.ratedAt, timeZone, locale) })
        }
      >
        {formatDate(p.reconciledAt ?? p.ratedAt, timeZone, locale)}
      </span>
    </span>
  );
}

export function WorkspaceScreen() {
  const { t } = useTranslation();
  const overview = useApp((s) => s.overview);
  const loading = useApp((s) => s.loadingOverview);
  const busy = useApp((s) => s.busy);
  const selOwner = useApp((s) => s.ownerId);
  const selPeriod = useApp((s) => s.period);
  const select = useApp((s) => s.select);
  const go = useApp((s) => s.go);
  const locale = useLocale();
  const { timeZone } = useSettings();

  if (!overview) {
    return (
      <div className="screen">
        <h1>{t('workspace.title')}</h1>
        <p className="muted">{loading ? t('workspace.loading') : ''}</p>
      </div>
    );
  }
  const periods = newestFirst(overview.periods);
  const chart = periodChartData(overview.periods, selOwner, locale);

  return (
    <div className="screen" data-testid="screen-workspace">
      <div className="screen-head">
        <h1>{t('workspace.title')}</h1>
        <div className="actions">
          <button
            className="btn btn-primary"
            disabled={!!busy || periods.length === 0}
            onClick={() => void rateAndReconcile(importedPeriods())}
            data-testid="rate-all"
          >
            {t('workspace.rateAll')}
          </button>
        </div>
      </div>
      <TaskProgress phases={['rate', 'reconcile']} />

      {periods.length === 0 ? (
        <Empty title={t('workspace.emptyTitle')}>
          <p>{t('workspace.emptyStart')}</p>
          <p>{t('workspace.emptyThen')}</p>
          <div className="actions">
            <button className="btn btn-primary" onClick={() => go('import')}>
              {t('workspace.importFiles')}
            </button>
            <button className="btn" disabled={!!busy} onClick={() => void loadSample()} data-testid="load-sample">
              {t('workspace.trySample')}
            </button>
          </div>
        </Empty>
      ) : (
        <section className="card">
          <h2>{t('workspace.periods')}</h2>
          <div className="table-wrap">
            <table className="table periods" data-testid="periods-table">
              <thead>
                <tr>
                  <th>{t('workspace.col.period')}</th>
                  <th>{t('workspace.col.inputs')}</th>
                  <th>{t('workspace.col.rating')}</th>
                  <th className="r">{t('workspace.col.perSecond')}</th>
                  <th className="r">{t('workspace.col.legacy')}</th>
                  <th className="r">{t('workspace.col.credits')}</th>
                  <th className="r" title={t('workspace.col.totalHelp')}>
                    {t('workspace.col.total')}
                  </th>
                  <th className="r">{t('workspace.col.billed')}</th>
                  <th className="r">{t('workspace.col.variance')}</th>
                  <th>{t('workspace.col.statuses')}</th>
                  <th className="r">{t('workspace.col.reviewed')}</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {periods.map((p) => {
                  const selected = p.ownerId === selOwner && p.period === selPeriod;
                  return (
                    <tr
                      key={`${p.ownerId}|${p.period}`}
                      className={selected ? 'selected' : undefined}
                      data-testid={`period-row-${p.period}`}
                      data-owner={p.ownerId}
                      onClick={() => select(p.ownerId, p.period)}
                      onDoubleClick={() => {
                        if (p.reconciledAt) {
                          select(p.ownerId, p.period);
                          go('invoice');
                        }
                      }}
                    >
                      <td className="period-cell">
                        <div className="nowrap period-name">{formatPeriod(p.period, locale)}</div>
                        {p.focus && (p.owner?.name || p.focus.accountName || p.focus.provider) && (
                          <div
                            className="ellip small account-cell"
                            translate="no"
                            title={`${[p.owner?.name ?? p.focus.accountName, p.focus.provider].filter(Boolean).join(' · ')}\n${p.ownerId}`}
                            data-testid="focus-account"
                          >
                            {[p.owner?.name ?? p.focus.accountName, p.focus.provider].filter(Boolean).join(' · ')}
                          </div>
                        )}
                        {/* Named owners by their name (the id on hover); others by their id. FOCUS accounts are named above. */}
                        {p.focus ? null : hasOwnerName(p) ? (
                          <div className="ellip small owner-cell">
                            <OwnerLabel p={p} />
                          </div>
                        ) : (
                          <div className="mono ellip small muted owner-cell" title={p.ownerId} data-testid="owner-name">
                            {p.ownerId}
                          </div>
                        )}
                      </td>
                      <td className="nowrap">
                        {p.focus ? (
                          <FocusInputs p={p} />
                        ) : (
                          <div className="stack">
                            {p.hasUsage ? (
                              <span className="chip chip-ok chip-count">{t('workspace.usage')}</span>
                            ) : (
                              <span className="chip chip-muted chip-count" title={t('workspace.noUsageHelp')}>
                                {t('workspace.noUsage')}
                              </span>
                            )}
                            {p.hasInvoice ? (
                              <span className="chip chip-ok chip-count" data-input="invoice">
                                {t('workspace.invoice')}
                              </span>
                            ) : (
                              <span className="chip chip-warn chip-count">{t('workspace.noInvoice')}</span>
                            )}
                            {p.warnings.length > 0 && (
                              <span className="chip chip-warn chip-count" title={p.warnings.join('\n')} data-testid="period-warning">
                                {t('workspace.spanNotMonth')}
                              </span>
                            )}
                          </div>
                        )}
                      </td>
                      <td>
                        <RunState p={p} />
                      </td>
                      <td className="r">
                        {/* A FOCUS period's recomputed figures are exact sums, like its billed total. */}
                        <Money value={p.subtotalPerSecond} currency={p.currency} exact={!!p.focus} />
                      </td>
                      {/* A FOCUS period has no time slices and no workspace credits. */}
                      <td className="r">
                        <Money value={p.focus ? null : p.subtotalLegacy} currency={p.currency} />
                      </td>
                      <td className="r">
                        <Money value={p.focus ? null : p.creditsApplied} currency={p.currency} />
                      </td>
                      <td className="r">
                        <Money value={p.total} currency={p.currency} exact={!!p.focus} />
                      </td>
                      <td className="r">
                        <Money value={p.billedTotal} currency={p.currency} exact testId="period-billed" />
                      </td>
                      <td className="r">
                        <Money value={p.variance} currency={p.currency} signed tone exact />
                      </td>
                      <td>
                        <StatusCounts p={p} />
                      </td>
                      <td className="r nowrap">
                        {p.lineCount > 0 ? `${formatInt(p.reviewed, locale)} / ${formatInt(p.lineCount, locale)}` : <span className="muted">—</span>}
                        {p.changedSinceReview > 0 && (
                          <span className="changed-badge" title={t('review.periodChangedHelp')} data-testid="period-changed">
                            {t('review.periodChanged', { n: formatInt(p.changedSinceReview, locale) })}
                          </span>
                        )}
                      </td>
                      <td className="nowrap">
                        <div className="row-actions">
                          <button
                            className="btn btn-small"
                            disabled={!!busy || !!p.closed}
                            title={p.closed ? t('invoice.closedNoRate') : t('workspace.rateOneHelp')}
                            data-testid={`rate-${p.period}`}
                            onClick={(e) => {
                              e.stopPropagation();
                              void rateAndReconcile([p.period], p.ownerId);
                            }}
                          >
                            {t('workspace.rate')}
                          </button>
                          <button
                            className="btn btn-small"
                            disabled={!p.reconciledAt}
                            title={p.reconciledAt ? t('workspace.openHelp') : t('workspace.rateFirst')}
                            data-testid={`open-${p.period}`}
                            onClick={(e) => {
                              e.stopPropagation();
                              select(p.ownerId, p.period);
                              go('invoice');
                            }}
                          >
                            {t('workspace.open')}
                          </button>
                        </div>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        </section>
      )}

      {chart.length > 0 && (
        <section className="charts charts-1">
          <BilledVsRecomputedByPeriodChart data={chart} locale={locale} />
        </section>
      )}

      <section className="card">
        <h2>{t('workspace.files')}</h2>
        {overview.batches.length === 0 ? (
          <p className="muted">{t('workspace.noFile')}</p>
        ) : (
          <div className="table-wrap">
            <table className="table" data-testid="batches-table">
              <thead>
                <tr>
                  <th className="r">#</th>
                  <th>{t('workspace.fileCol.file')}</th>
                  <th>{t('workspace.fileCol.format')}</th>
                  <th className="r">{t('workspace.fileCol.rows')}</th>
                  <th className="r">{t('workspace.fileCol.size')}</th>
                  <th>SHA-256</th>
                  <th>{t('workspace.fileCol.imported')}</th>
                </tr>
              </thead>
              <tbody>
                {[...overview.batches].reverse().map((b) => (
                  <tr key={b.id}>
                    <td className="r num">{b.id}</td>
                    <td translate="no">{b.fileName}</td>
                    <td>{formatLabel(b.format)}</td>
                    <td className="r num">{formatInt(b.rowCount, locale)}</td>
                    <td className="r num">{formatBytes(b.sizeBytes, locale)}</td>
                    <td className="mono" title={b.sha256}>
                      {shortHash(b.sha256)}
                    </td>
                    <td>{formatDateTime(b.importedAt, timeZone, locale)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}

/** A FOCUS period's inputs: its rows, how its invoice totals compare, and the rows that break their unit prices. */
function FocusInputs({ p }: { p: PeriodSummary }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const f = p.focus!;
  const checked = f.invoices.filter((c) => c.status !== null);
  const off = checked.filter((c) => c.status !== 'match');
  const { tolerance } = useSettings();
  const sentences = f.invoices.map((c) => focusCheckSentence(c, f.invoices, p.currency, tolerance, locale)).join('\n');
  return (
    <div className="stack" data-testid="focus-inputs">
      <span className="chip chip-ok chip-count" title={t('workspace.focusHelp')}>
        FOCUS
      </span>
      {checked.length === 0 ? (
        <span className="chip chip-muted chip-count" title={sentences || t('workspace.noInvoiceTotalHelp')}>
          {t('workspace.noInvoiceTotal')}
        </span>
      ) : off.length === 0 ? (
        <span className="chip chip-ok chip-count" title={sentences} data-testid="focus-totals">
          {t('workspace.totalsMatch')}
        </span>
      ) : (
        <span className="chip chip-bad chip-count" title={sentences} data-testid="focus-totals">
          {t('workspace.invoicesOff', { count: off.length, n: formatInt(off.length, locale) })}
        </span>
      )}
      {!!f.flaggedRows && (
        <span className="chip chip-warn chip-count" title={t('workspace.flaggedHelp')} data-testid="focus-flagged">
          {t('workspace.rowChecksFail', { count: f.flaggedRows, n: formatInt(f.flaggedRows, locale) })}
        </span>
      )}
    </div>
  );
}
