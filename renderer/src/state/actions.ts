// Actions that span screens: rating, reconciling, exporting, reviewing.
import type { ReviewState } from '../../../shared/types';
import { send, transport } from '../api/transport';
import { formatBytes, formatPeriod } from '../lib/format';
import { REVIEW_LABEL } from '../lib/labels';
import { useApp } from './app';
import { useInvoice } from './invoice';

/** Rates then reconciles one period (one owner, or every owner of the period). */
export async function rateAndReconcile(period: string, ownerId?: string): Promise<boolean> {
  const app = useApp.getState();
  const label = `Rating and reconciling ${ownerId ? `${ownerId} ` : ''}${formatPeriod(period, app.overview?.settings.locale ?? 'en')}…`;
  const ok = await app.run(label, async () => {
    await send('rate.run', { period, ...(ownerId ? { ownerId } : {}) });
    await send('reconcile.run', { period, ...(ownerId ? { ownerId } : {}) });
    return true;
  });
  await useApp.getState().refreshOverview();
  useInvoice.getState().bump();
  if (ok) useApp.getState().notify('ok', `${ownerId ? `${ownerId} · ` : ''}${period}: rated and reconciled.`);
  return ok === true;
}

/** Every period with anything imported, oldest first (credits carry over between periods). */
export async function rateAndReconcileAll(): Promise<void> {
  const periods = [...new Set((useApp.getState().overview?.periods ?? []).map((p) => p.period))].sort();
  if (periods.length === 0) return;
  const app = useApp.getState();
  const ok = await app.run('Rating and reconciling all periods…', async () => {
    for (const period of periods) {
      useApp.setState({ busy: `Rating and reconciling ${period}…` });
      await send('rate.run', { period });
      await send('reconcile.run', { period });
    }
    return true;
  });
  await useApp.getState().refreshOverview();
  useInvoice.getState().bump();
  if (ok) useApp.getState().notify('ok', `Rated and reconciled ${periods.length} period${periods.length > 1 ? 's' : ''}.`);
}

export function workbookName(ownerId: string, period: string): string {
  const safe = ownerId.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 80);
  return `slicewise-${safe}-${period}.xlsx`;
}

export async function exportSelected(): Promise<void> {
  const { ownerId, period, overview } = useApp.getState();
  if (!ownerId || !period) {
    useApp.getState().notify('error', 'Choose an owner and a period to export (Workspace screen).');
    return;
  }
  const summary = overview?.periods.find((p) => p.ownerId === ownerId && p.period === period);
  if (summary && !summary.reconciledAt) {
    useApp.getState().notify('error', `${ownerId} ${period} has not been rated and reconciled yet: do that first.`);
    return;
  }
  const res = await useApp.getState().run(`Exporting ${ownerId} ${period}…`, () => transport.exportWorkbook(period, ownerId, workbookName(ownerId, period)));
  if (res) {
    const locale = overview?.settings.locale ?? 'en';
    useApp.getState().notify('ok', `Exported ${res.lines} lines to ${res.file.split(/[\\/]/).pop()} (${formatBytes(res.bytes, locale)}).`);
    useApp.getState().refreshOverview();
  }
}

export async function setReview(keys: string[], state: ReviewState): Promise<number | undefined> {
  const { ownerId, period } = useApp.getState();
  if (!ownerId || !period || keys.length === 0) return undefined;
  const res = await useApp
    .getState()
    .run(`Marking ${keys.length} line(s) ${REVIEW_LABEL[state].toLowerCase()}…`, () => send('lines.setReview', { period, ownerId, lineKeys: keys, state }));
  if (res) {
    useInvoice.getState().bump();
    void useApp.getState().refreshOverview();
  }
  return res?.changed;
}

/** First run: imports the bundled sample (one organisation, March–April 2021) and rates it. */
export async function loadSample(): Promise<void> {
  const app = useApp.getState();
  const r = await app.run('Importing the sample workspace…', () => send('sample.load', {}));
  await useApp.getState().refreshOverview();
  if (r) await rateAndReconcileAll();
}
