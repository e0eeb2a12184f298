import './zodConfig';
import './styles.css';
// The transport reads the access token from the URL first (browser bridge), before the router.
import { transport } from './api/transport';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { ErrorBoundary } from './components/ErrorBoundary';
import { bindProgress, bindRouteToLocation, errorText, useApp } from './state/app';
import { parseRoute, parseView } from './lib/route';
import { useInvoice } from './state/invoice';
import { setLocale } from './i18n';

void transport;
useApp.setState(parseRoute(location.hash));
useInvoice.setState(parseView(location.hash));
bindRouteToLocation();
bindProgress();
// The interface's language is the workspace's locale setting.
// The notices of the language left are dropped with it (errors stay: they are the core's words).
useApp.subscribe((s) => {
  if (setLocale(s.overview?.settings.locale ?? 'en') && s.banners.some((b) => b.kind !== 'error'))
    useApp.setState({ banners: s.banners.filter((b) => b.kind === 'error') });
});

window.addEventListener('unhandledrejection', (e) => {
  useApp.getState().notify('error', errorText(e.reason), 'unexpected');
});

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <ErrorBoundary>
        <App />
      </ErrorBoundary>
    </StrictMode>,
  );
}
