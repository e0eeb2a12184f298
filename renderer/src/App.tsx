import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { transport } from './api/transport';
import { Banners } from './components/Banners';
import { ErrorBoundary } from './components/ErrorBoundary';
import { FirstRunName } from './components/FirstRunName';
import { ReviewDialog } from './components/ReviewDialog';
import { formatPeriod } from './lib/format';
import { newestFirst, ownerName, ownerShort } from './lib/periods';
import type { Screen } from './lib/route';
import { AuditScreen } from './screens/Audit';
import { CreditsScreen } from './screens/Credits';
import { ImportScreen } from './screens/Import';
import { InvoiceScreen } from './screens/Invoice';
import { SettingsScreen } from './screens/Settings';
import { WorkspaceScreen } from './screens/Workspace';
import { exportSelected } from './state/actions';
import { useApp, useLocale } from './state/app';

const NAV: { screen: Screen; needsSelection?: boolean }[] = [
  { screen: 'workspace' },
  { screen: 'import' },
  { screen: 'invoice', needsSelection: true },
  { screen: 'credits', needsSelection: true },
  { screen: 'audit' },
  { screen: 'settings' },
];

function Header() {
  const { t } = useTranslation();
  const overview = useApp((s) => s.overview);
  const ownerId = useApp((s) => s.ownerId);
  const period = useApp((s) => s.period);
  const select = useApp((s) => s.select);
  const busy = useApp((s) => s.busy);
  const locale = useLocale();
  const periods = newestFirst(overview?.periods ?? []);
  const value = ownerId && period ? `${ownerId}\u0000${period}` : '';
  return (
    <header className="header">
      <div className="brand">Slicewise</div>
      <div className="ws-path" title={overview?.dbPath ?? ''} data-testid="workspace-path">
        <span className="muted">{t('app.workspace')}</span> <span className="mono">{overview?.dbPath ?? '…'}</span>
      </div>
      <div className="header-sel">
        <label htmlFor="sel-period" className="muted">
          {t('app.ownerPeriod')}
        </label>
        <select
          id="sel-period"
          data-testid="select-period"
          translate="no"
          value={value}
          title={(() => {
            const sel = periods.find((p) => p.ownerId === ownerId && p.period === period);
            return sel ? `${ownerName(sel)} · ${formatPeriod(sel.period, locale)}\n${sel.ownerId}` : undefined;
          })()}
          disabled={periods.length === 0}
          onChange={(e) => {
            const [o, p] = e.target.value.split('\u0000');
            select(o ?? null, p ?? null);
          }}
        >
          {periods.length === 0 && <option value="">{t('app.nothingImported')}</option>}
          {periods.map((p) => (
            <option key={`${p.ownerId}|${p.period}`} value={`${p.ownerId}\u0000${p.period}`}>
              {ownerShort(p)} · {formatPeriod(p.period, locale)}
            </option>
          ))}
        </select>
      </div>
      <div className="busy" aria-live="polite" data-testid="busy">
        {busy ? (
          <>
            <span className="spinner" aria-hidden="true" /> {busy}
          </>
        ) : null}
      </div>
    </header>
  );
}

function Nav() {
  const { t } = useTranslation();
  const screen = useApp((s) => s.screen);
  const go = useApp((s) => s.go);
  const hasSel = useApp((s) => !!(s.ownerId && s.period));
  return (
    <nav className="nav" aria-label={t('nav.label')}>
      {NAV.map((n) => (
        <button
          key={n.screen}
          className={n.screen === screen ? 'nav-item active' : 'nav-item'}
          aria-current={n.screen === screen ? 'page' : undefined}
          disabled={n.needsSelection && !hasSel}
          title={n.needsSelection && !hasSel ? t('nav.needsSelection') : undefined}
          data-testid={`nav-${n.screen}`}
          onClick={() => go(n.screen)}
        >
          {t(`nav.${n.screen}`)}
        </button>
      ))}
      <div className="nav-foot muted">{transport.kind === 'electron' ? t('nav.desktop') : t('nav.browser')}</div>
    </nav>
  );
}

function CurrentScreen({ screen }: { screen: Screen }) {
  switch (screen) {
    case 'workspace':
      return <WorkspaceScreen />;
    case 'import':
      return <ImportScreen />;
    case 'invoice':
      return <InvoiceScreen />;
    case 'credits':
      return <CreditsScreen />;
    case 'audit':
      return <AuditScreen />;
    case 'settings':
      return <SettingsScreen />;
  }
}

export function App() {
  const { t, i18n } = useTranslation();
  const screen = useApp((s) => s.screen);
  const overviewError = useApp((s) => s.overviewError);
  const refreshOverview = useApp((s) => s.refreshOverview);
  const locale = useLocale();

  useEffect(() => {
    void refreshOverview();
  }, [refreshOverview]);

  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);

  useEffect(
    () =>
      transport.onMenu((cmd) => {
        if (cmd === 'import') useApp.getState().go('import');
        if (cmd === 'export') void exportSelected();
      }),
    [],
  );

  return (
    // Keyed by the language: every screen is drawn again in the new locale (memoized rows included).
    <div className="app" key={i18n.language}>
      <Header />
      <Nav />
      <main className="main">
        <Banners />
        {overviewError && (
          <div className="banner banner-error" role="alert" data-testid="overview-error">
            <span className="banner-text">{t('app.cannotRead', { error: overviewError })}</span>
            <button className="btn btn-small" onClick={() => void refreshOverview()}>
              {t('common.retry')}
            </button>
          </div>
        )}
        <ErrorBoundary resetKey={screen}>
          <CurrentScreen screen={screen} />
        </ErrorBoundary>
      </main>
      <ReviewDialog />
      <FirstRunName />
    </div>
  );
}
