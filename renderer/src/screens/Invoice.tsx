// The invoice screen: the reconciled lines of the selected owner and period, with filters,
// charts, bulk review, totals and the line detail. Its parts are in ./invoice/.
import { useEffect, useRef } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { Empty } from '../components/Empty';
import { PeriodWarnings } from '../components/PeriodWarnings';
import { TaskProgress } from '../components/Progress';
import { formatPeriod } from '../lib/format';
import { OwnerControls, OwnerLabel } from '../components/OwnerControls';
import { ownerName } from '../lib/periods';
import type { LineQuery } from '../lib/query';
import { exportEvidenceSelected, exportSelected, rateAndReconcile } from '../state/actions';
import { useApp, useLocale, useSelectedSummary } from '../state/app';
import { useInvoice } from '../state/invoice';
import { BulkBar } from './invoice/BulkBar';
import { ChartsPanel } from './invoice/ChartsPanel';
import { FilterBar } from './invoice/FilterBar';
import { FocusInvoices } from './invoice/FocusInvoices';
import { LinesTable } from './invoice/LinesTable';
import { SignOff } from './invoice/SignOff';
import { TotalsBar } from './invoice/TotalsBar';
import { LineDetail } from './LineDetail';

function KeyboardHelp() {
  return (
    <p className="kbd-help muted small">
      <Trans i18nKey="invoice.keys" components={{ k: <kbd /> }} />
    </p>
  );
}

export function InvoiceScreen() {
  const { t } = useTranslation();
  const ownerId = useApp((s) => s.ownerId);
  const period = useApp((s) => s.period);
  const lineKey = useApp((s) => s.lineKey);
  const busy = useApp((s) => s.busy);
  const overviewLoaded = useApp((s) => s.overview !== null);
  const summary = useSelectedSummary();
  const filters = useInvoice((s) => s.filters);
  const sort = useInvoice((s) => s.sort);
  const dir = useInvoice((s) => s.dir);
  const showCharts = useInvoice((s) => s.showCharts);
  const setShowCharts = useInvoice((s) => s.setShowCharts);
  const resetForSelection = useInvoice((s) => s.resetForSelection);
  const invoice = useInvoice((s) => s.invoice);
  const locale = useLocale();
  const searchRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    resetForSelection();
  }, [ownerId, period, resetForSelection]);

  if (!ownerId || !period) {
    return (
      <div className="screen">
        <h1>{t('invoice.title')}</h1>
        <Empty title={t('invoice.noPeriod')}>
          <p>{t('invoice.noPeriodHelp')}</p>
        </Empty>
      </div>
    );
  }
  if (!overviewLoaded)
    return (
      <div className="screen">
        <h1>{t('invoice.title')}</h1>
        <p className="muted">{t('common.loading')}</p>
      </div>
    );
  const rate = () => void rateAndReconcile([period], ownerId);
  if (!summary?.reconciledAt) {
    return (
      <div className="screen" data-testid="screen-invoice">
        <h1>
          {t('invoice.title')} · {summary ? ownerName(summary) : ownerId} · {formatPeriod(period, locale)}
        </h1>
        <PeriodWarnings warnings={summary?.warnings ?? []} />
        <Empty title={t('invoice.notRated')}>
          <p>{t('invoice.notRatedHelp')}</p>
          <button className="btn btn-primary" disabled={!!busy} onClick={rate}>
            {t('invoice.rate')}
          </button>
        </Empty>
        <TaskProgress phases={['rate', 'reconcile']} />
      </div>
    );
  }

  const query: LineQuery = { ownerId, period, sort, dir, filters };
  const currency = invoice?.currency ?? summary.currency;

  return (
    <div className="screen screen-invoice" data-testid="screen-invoice">
      <div className="screen-head">
        <h1>
          {t('invoice.title')} <span className="muted">·</span> <OwnerLabel p={summary} /> <span className="muted">·</span> {formatPeriod(period, locale)}
        </h1>
        <OwnerControls p={summary} />
        {summary.stale && (
          <span className="chip chip-warn" title={t('invoice.staleHelp')}>
            {t('invoice.stale')}
          </span>
        )}
        <div className="actions">
          <button className="btn" aria-pressed={showCharts} onClick={() => setShowCharts(!showCharts)} data-testid="toggle-charts">
            {showCharts ? t('invoice.hideCharts') : t('invoice.charts')}
          </button>
          <button
            className="btn"
            disabled={!!busy || !!summary.closed}
            onClick={rate}
            title={summary.closed ? t('invoice.closedNoRate') : undefined}
            data-testid="rate"
          >
            {t('invoice.rate')}
          </button>
          <button className="btn btn-primary" disabled={!!busy} onClick={() => void exportSelected()} data-testid="export">
            {t('invoice.export')}
          </button>
          <button
            className="btn"
            disabled={!!busy}
            onClick={() => void exportEvidenceSelected()}
            data-testid="export-evidence"
            title={t('invoice.evidenceHelp')}
          >
            {t('invoice.evidence')}
          </button>
        </div>
      </div>
      <TaskProgress phases={['export', 'rate', 'reconcile']} />
      <PeriodWarnings warnings={summary.warnings} />
      <SignOff summary={summary} />
      {summary.focus && <FocusInvoices summary={summary} />}
      {showCharts && <ChartsPanel ownerId={ownerId} period={period} currency={currency} />}
      <FilterBar searchRef={searchRef} />
      <BulkBar />
      <LinesTable query={query} searchRef={searchRef} />
      <TotalsBar />
      {lineKey && <LineDetail ownerId={ownerId} period={period} lineKey={lineKey} />}
      <KeyboardHelp />
    </div>
  );
}
