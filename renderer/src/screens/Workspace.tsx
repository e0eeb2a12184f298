import type { PeriodSummary } from '../../../shared/contract/api';
import { LINE_STATUSES } from '../../../shared/types';
import { BilledVsRecomputedByPeriodChart } from '../components/Charts';
import { Empty } from '../components/Empty';
import { Money } from '../components/Money';
import { TaskProgress } from '../components/Progress';
import { periodChartData } from '../lib/chartData';
import { formatBytes, formatDate, formatDateTime, formatInt, formatPeriod, shortHash } from '../lib/format';
import { formatLabel, STATUS_COUNT, STATUS_LABEL } from '../lib/labels';
import { newestFirst } from '../lib/periods';
import { importedPeriods, loadSample, rateAndReconcile } from '../state/actions';
import { useApp, useLocale, useSettings } from '../state/app';

function StatusCounts({ p }: { p: PeriodSummary }) {
  if (!p.counts) return <span className="muted">—</span>;
  return (
    <span className="counts">
      {LINE_STATUSES.filter((s) => (p.counts?.[s] ?? 0) > 0).map((s) => (
        <span key={s} className={`chip chip-count st-${s}`} title={`${STATUS_LABEL[s]}: ${p.counts?.[s]}`} data-testid={`count-${s}`}>
          {STATUS_COUNT[s]} {p.counts?.[s]}
        </span>
      ))}
    </span>
  );
}

function RunState({ p }: { p: PeriodSummary }) {
  const { timeZone } = useSettings();
  const locale = useLocale();
  if (!p.ratedAt) return <span className="chip chip-muted">Not rated</span>;
  return (
    <span className="runstate nowrap">
      {p.closed ? (
        <span className="chip chip-ok" title={`Signed off by ${p.closed.by} on ${formatDateTime(p.closed.at, timeZone, locale)}`} data-testid="closed">
          Closed
        </span>
      ) : p.stale ? (
        <span className="chip chip-warn" title="Files were imported or settings changed since the last rating: rate again">
          Stale
        </span>
      ) : p.reconciledAt ? (
        <span className="chip chip-ok">Reconciled</span>
      ) : (
        <span className="chip chip-muted">Rated</span>
      )}
      <span
        className="muted small runstate-at"
        title={`Rated ${formatDateTime(p.ratedAt, timeZone, locale)}${p.reconciledAt ? `, reconciled ${formatDateTime(p.reconciledAt, timeZone, locale)}` : ''}`}
      >
        {formatDate(p.reconciledAt ?? p.ratedAt, timeZone, locale)}
      </span>
    </span>
  );
}

export function WorkspaceScreen() {
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
        <h1>Workspace</h1>
        <p className="muted">{loading ? 'Loading the workspace…' : ''}</p>
      </div>
    );
  }
  const periods = newestFirst(overview.periods);
  const chart = periodChartData(overview.periods, selOwner);

  return (
    <div className="screen" data-testid="screen-workspace">
      <div className="screen-head">
        <h1>Workspace</h1>
        <div className="actions">
          <button
            className="btn btn-primary"
            disabled={!!busy || periods.length === 0}
            onClick={() => void rateAndReconcile(importedPeriods())}
            data-testid="rate-all"
          >
            Rate &amp; reconcile all
          </button>
        </div>
      </div>
      <TaskProgress phases={['rate', 'reconcile']} />

      {periods.length === 0 ? (
        <Empty title="Nothing imported yet">
          <p>
            Start by importing the month's files: usage exports (CSV), the provider's invoices (Clever Cloud v4 JSON), the price catalog (JSON) and your credits
            (CSV or JSON). FOCUS exports are accepted too.
          </p>
          <p>Then rate &amp; reconcile each period here, and open its invoice to review the differences.</p>
          <div className="actions">
            <button className="btn btn-primary" onClick={() => go('import')}>
              Import files…
            </button>
            <button className="btn" disabled={!!busy} onClick={() => void loadSample()} data-testid="load-sample">
              Try the sample workspace (March–April 2021)
            </button>
          </div>
        </Empty>
      ) : (
        <section className="card">
          <h2>Periods</h2>
          <div className="table-wrap">
            <table className="table periods" data-testid="periods-table">
              <thead>
                <tr>
                  <th>Period · owner</th>
                  <th>Inputs</th>
                  <th>Rating</th>
                  <th className="r">Per second</th>
                  <th className="r">10-min slices</th>
                  <th className="r">Credits</th>
                  <th className="r" title="Net after credits, VAT included">
                    Total
                  </th>
                  <th className="r">Billed</th>
                  <th className="r">Variance</th>
                  <th>Statuses</th>
                  <th className="r">Reviewed</th>
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
                        {p.focus && (p.focus.accountName || p.focus.provider) && (
                          <div
                            className="ellip small account-cell"
                            title={[p.focus.accountName, p.focus.provider].filter(Boolean).join(' · ')}
                            data-testid="focus-account"
                          >
                            {[p.focus.accountName, p.focus.provider].filter(Boolean).join(' · ')}
                          </div>
                        )}
                        <div className="mono ellip small muted owner-cell" title={p.ownerId}>
                          {p.ownerId}
                        </div>
                      </td>
                      <td className="nowrap">
                        {p.focus ? (
                          <FocusInputs p={p} />
                        ) : (
                          <div className="stack">
                            {p.hasUsage ? (
                              <span className="chip chip-ok chip-count">Usage</span>
                            ) : (
                              <span className="chip chip-muted chip-count" title="No usage file covers this period: the invoice's own intervals are rated">
                                No usage
                              </span>
                            )}
                            {p.hasInvoice ? (
                              <span className="chip chip-ok chip-count">Invoice</span>
                            ) : (
                              <span className="chip chip-warn chip-count">No invoice</span>
                            )}
                            {p.warnings.length > 0 && (
                              <span className="chip chip-warn chip-count" title={p.warnings.join('\n')} data-testid="period-warning">
                                Span ≠ month
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
                      </td>
                      <td className="nowrap">
                        <div className="row-actions">
                          <button
                            className="btn btn-small"
                            disabled={!!busy || !!p.closed}
                            title={p.closed ? 'Closed: reopen it (invoice screen) to rate it again' : 'Rate & reconcile this period'}
                            data-testid={`rate-${p.period}`}
                            onClick={(e) => {
                              e.stopPropagation();
                              void rateAndReconcile([p.period], p.ownerId);
                            }}
                          >
                            Rate
                          </button>
                          <button
                            className="btn btn-small"
                            disabled={!p.reconciledAt}
                            title={p.reconciledAt ? 'Open the invoice' : 'Rate & reconcile first'}
                            data-testid={`open-${p.period}`}
                            onClick={(e) => {
                              e.stopPropagation();
                              select(p.ownerId, p.period);
                              go('invoice');
                            }}
                          >
                            Open
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
        <h2>Imported files</h2>
        {overview.batches.length === 0 ? (
          <p className="muted">No file imported yet.</p>
        ) : (
          <div className="table-wrap">
            <table className="table" data-testid="batches-table">
              <thead>
                <tr>
                  <th className="r">#</th>
                  <th>File</th>
                  <th>Format</th>
                  <th className="r">Rows</th>
                  <th className="r">Size</th>
                  <th>SHA-256</th>
                  <th>Imported</th>
                </tr>
              </thead>
              <tbody>
                {[...overview.batches].reverse().map((b) => (
                  <tr key={b.id}>
                    <td className="r num">{b.id}</td>
                    <td>{b.fileName}</td>
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
  const f = p.focus!;
  const checked = f.invoices.filter((c) => c.status !== null);
  const off = checked.filter((c) => c.status !== 'match');
  const sentences = f.invoices.map((c) => c.sentence).join('\n');
  return (
    <div className="stack" data-testid="focus-inputs">
      <span className="chip chip-ok chip-count" title="A FOCUS billing account's period: rows already rated by the provider">
        FOCUS
      </span>
      {checked.length === 0 ? (
        <span className="chip chip-muted chip-count" title={sentences || 'Reconcile to compare the rows with the invoice totals'}>
          No invoice total
        </span>
      ) : off.length === 0 ? (
        <span className="chip chip-ok chip-count" title={sentences} data-testid="focus-totals">
          Totals match
        </span>
      ) : (
        <span className="chip chip-bad chip-count" title={sentences} data-testid="focus-totals">
          {off.length === 1 ? '1 invoice ≠ rows' : `${off.length} invoices ≠ rows`}
        </span>
      )}
      {!!f.flaggedRows && (
        <span
          className="chip chip-warn chip-count"
          title="Rows whose ListCost or ContractedCost is not their unit price × PricingQuantity"
          data-testid="focus-flagged"
        >
          {f.flaggedRows === 1 ? '1 row check fails' : `${f.flaggedRows} row checks fail`}
        </span>
      )}
    </div>
  );
}
