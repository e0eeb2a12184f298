// Actions that span screens: rating, reconciling, exporting, reviewing.
import type { ReviewState } from '../../../shared/types';
import { send, transport } from '../api/transport';
import { t } from '../i18n';
import { formatBytes, formatInt, formatPeriod, type Locale } from '../lib/format';
import { focusCheckSentence } from '../lib/focusCheck';
import { ownerName } from '../lib/periods';
import { useApp } from './app';
import { useInvoice } from './invoice';
import { askReview } from './reviewPrompt';

/**
 * Rates and reconciles the periods asked (of one owner, or of every owner): one `rate.run` per
 * period, which reconciles what it rated. The core walks credits from their grant, so the order
 * of the periods does not matter.
 */
export async function rateAndReconcile(periods: readonly string[], ownerId?: string): Promise<boolean> {
  const asked = [...new Set(periods)];
  if (asked.length === 0) return false;
  const app = useApp.getState();
  const locale = app.overview?.settings.locale ?? 'en';
  const who = ownerId ? ownerLabel(ownerId) : null;
  const label = (period: string) =>
    who ? t('actions.ratingOwner', { owner: who, period: formatPeriod(period, locale) }) : t('actions.rating', { period: formatPeriod(period, locale) });
  // What was rated: one (owner, period) per invoice, as the workspace lists them (a month of two owners is two).
  const rated: { ownerId: string; period: string }[] = [];
  const ok = await app.run(
    label(asked[0]!),
    async () => {
      const closed: string[] = [];
      for (const period of asked) {
        useApp.setState({ busy: label(period) });
        const r = await send('rate.run', { period, ...(ownerId ? { ownerId } : {}) });
        closed.push(...r.closed.map((c) => c.message));
        rated.push(...r.rated.map((x) => ({ ownerId: x.ownerId, period: x.period })));
      }
      // Closed periods are left as they are (month-end close): said, not hidden.
      if (closed.length)
        useApp
          .getState()
          .notify(
            'info',
            closed.length === 1
              ? t('actions.notRatedOne', { why: closed[0] })
              : t('actions.notRatedMany', { count: closed.length, n: formatInt(closed.length, locale), why: closed.join('; ') }),
            'rate-closed',
          );
      return true;
    },
    'rate',
  );
  await useApp.getState().refreshOverview();
  useInvoice.getState().bump();
  if (ok) useApp.getState().notify('ok', ratedMessage(rated, locale), 'rate');
  return ok === true;
}

/** An owner as the user knows it: its name where it has one, else its id. */
function ownerLabel(ownerId: string): string {
  const p = useApp.getState().overview?.periods.find((x) => x.ownerId === ownerId);
  return p ? ownerName(p) : ownerId;
}

/**
 * The banner after rating: the (owner, period) pairs rated, counted as the workspace lists them
 * ("Rated and reconciled 5 periods (2 owners, 3 months)."), or the one pair named.
 */
export function ratedMessage(rated: readonly { ownerId: string; period: string }[], locale: Locale): string {
  const pairs = [...new Map(rated.map((r) => [JSON.stringify([r.ownerId, r.period]), r])).values()];
  if (pairs.length === 0) return t('actions.nothingRated');
  if (pairs.length === 1) return t('actions.ratedOwner', { owner: ownerLabel(pairs[0]!.ownerId), period: formatPeriod(pairs[0]!.period, locale) });
  const owners = new Set(pairs.map((p) => p.ownerId)).size;
  const months = new Set(pairs.map((p) => p.period)).size;
  return t('actions.ratedMany', {
    count: pairs.length,
    n: formatInt(pairs.length, locale),
    owners: t('actions.owners', { count: owners, n: formatInt(owners, locale) }),
    months: t('actions.months', { count: months, n: formatInt(months, locale) }),
  });
}

/** Every period with anything imported. */
export function importedPeriods(): string[] {
  return [...new Set((useApp.getState().overview?.periods ?? []).map((p) => p.period))];
}

function workbookName(ownerId: string, period: string): string {
  const safe = ownerId.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 80);
  return `slicewise-${safe}-${period}.xlsx`;
}

export async function exportSelected(): Promise<void> {
  const { ownerId, period, overview } = useApp.getState();
  if (!ownerId || !period) {
    useApp.getState().notify('error', t('actions.chooseToExport'), 'export');
    return;
  }
  const locale = overview?.settings.locale ?? 'en';
  const what = { owner: ownerLabel(ownerId), period: formatPeriod(period, locale) };
  const res = await useApp
    .getState()
    .run(t('actions.exporting', what), () => transport.exportWorkbook(period, ownerId, workbookName(ownerId, period)), 'export');
  if (res) {
    // A stale period was rated and reconciled first: said, so that the figures on screen are refreshed knowingly.
    if (res.refreshed) {
      useApp.getState().notify('info', t('actions.refreshed', { ...what, why: res.refreshed }));
      useInvoice.getState().bump();
    }
    useApp
      .getState()
      .notify(
        'ok',
        t('actions.exported', { count: res.lines, n: formatInt(res.lines, locale), file: res.file.split(/[\\/]/).pop(), size: formatBytes(res.bytes, locale) }),
        'export',
      );
    useApp.getState().refreshOverview();
  }
}

/**
 * Writes the selected period's evidence pack (docs/audit.md, "Evidence pack"): the workbook, its
 * manifest, the period's audit entries and a README, in one zip.
 */
export async function exportEvidenceSelected(): Promise<void> {
  const { ownerId, period, overview } = useApp.getState();
  if (!ownerId || !period) {
    useApp.getState().notify('error', t('actions.chooseToExport'), 'evidence');
    return;
  }
  const locale = overview?.settings.locale ?? 'en';
  const what = { owner: ownerLabel(ownerId), period: formatPeriod(period, locale) };
  const name = workbookName(ownerId, period).replace(/\.xlsx$/, '-evidence.zip');
  const res = await useApp.getState().run(t('actions.packing', what), () => transport.exportEvidence(period, ownerId, name), 'evidence');
  if (res) {
    if (res.refreshed) {
      useApp.getState().notify('info', t('actions.refreshed', { ...what, why: res.refreshed }));
      useInvoice.getState().bump();
    }
    const n = (k: number) => formatInt(k, locale);
    const file = res.file.split(/[\\/]/).pop();
    useApp
      .getState()
      .notify(
        'ok',
        t('actions.packed', { file, size: formatBytes(res.bytes, locale), lines: n(res.lines), files: n(res.sourceFiles), entries: n(res.auditEntries) }),
        'evidence',
      );
    useApp.getState().refreshOverview();
  }
}

/** Reviews lines; a dispute asks for its reason, a resolution for the provider's credit note (cancelled: nothing recorded). */
export async function setReview(keys: string[], state: ReviewState): Promise<number | undefined> {
  const { ownerId, period } = useApp.getState();
  if (!ownerId || !period || keys.length === 0) return undefined;
  // A closed period asks nothing: the core refuses the change, naming the lock.
  const closed = useApp.getState().overview?.periods.find((p) => p.ownerId === ownerId && p.period === period)?.closed;
  const answer = !closed && (state === 'disputed' || state === 'resolved') ? await askReview(state, keys.length) : {};
  if (!answer) return undefined;
  const locale = useApp.getState().overview?.settings.locale ?? 'en';
  const res = await useApp
    .getState()
    .run(
      t(`reviewDoing.${state}`, { count: keys.length, n: formatInt(keys.length, locale) }),
      () => send('lines.setReview', { period, ownerId, lineKeys: keys, state, ...answer }),
      'review',
    );
  if (res) {
    useInvoice.getState().bump();
    void useApp.getState().refreshOverview();
  }
  return res?.changed;
}

/** First run: imports the bundled sample (one organisation, March–April 2021) and rates it. */
export async function loadSample(): Promise<void> {
  const app = useApp.getState();
  const r = await app.run(t('actions.importingSample'), () => send('sample.load', {}), 'sample');
  await useApp.getState().refreshOverview();
  if (r) await rateAndReconcile(importedPeriods());
}

/** Types in a FOCUS invoice's total (invoiceId '' = the whole account and period); the period is reconciled again. */
export async function setInvoiceTotal(invoiceId: string, amount: string): Promise<boolean> {
  const { ownerId, period } = useApp.getState();
  if (!ownerId || !period) return false;
  const locale = useApp.getState().overview?.settings.locale ?? 'en';
  const what = invoiceId ? t('actions.invoiceNamed', { id: invoiceId }) : `${ownerLabel(ownerId)} · ${formatPeriod(period, locale)}`;
  const res = await useApp
    .getState()
    .run(t('actions.settingTotal', { what }), () => send('focus.setInvoiceTotal', { period, ownerId, amount, ...(invoiceId ? { invoiceId } : {}) }), 'total');
  if (!res) return false;
  await useApp.getState().refreshOverview();
  useInvoice.getState().bump();
  const check = res.invoices.find((c) => c.invoiceId === invoiceId);
  const st = useApp.getState();
  const summary = st.overview?.periods.find((p) => p.ownerId === ownerId && p.period === period);
  const sentence = check && summary ? focusCheckSentence(check, res.invoices, summary.currency, st.overview?.settings.tolerance ?? '0.01', locale) : null;
  st.notify(check?.status === 'match' || !check ? 'ok' : 'info', sentence ?? t('actions.totalRecorded', { what }), 'total');
  return true;
}

/** Names an owner ('' clears the given name: the name from its files is shown again). */
export async function renameOwner(ownerId: string, name: string): Promise<boolean> {
  const res = await useApp.getState().run(t('owner.rename'), () => send('owners.rename', { ownerId, name }));
  if (!res) return false;
  await useApp.getState().refreshOverview();
  const given = res.owner?.source === 'given';
  useApp.getState().notify('ok', given ? t('owner.renamed', { id: ownerId, name: res.owner!.name }) : t('owner.cleared', { id: ownerId }));
  return true;
}

/** Month-end sign-off of an owner's period (every line reviewed); the core refuses it otherwise, saying why. */
export async function closePeriod(ownerId: string, period: string): Promise<boolean> {
  const what = { owner: ownerLabel(ownerId), period: formatPeriod(period, useApp.getState().overview?.settings.locale ?? 'en') };
  const res = await useApp.getState().run(t('close.signingOff', what), () => send('period.close', { period, ownerId }), 'close');
  await useApp.getState().refreshOverview();
  useInvoice.getState().bump();
  if (res) useApp.getState().notify('ok', t('close.signedOff', { ...what, by: res.closedBy, count: res.lines, n: res.lines }), 'close');
  return res !== undefined;
}

/** Reopens a closed period; the reason is required and audited. */
export async function reopenPeriod(ownerId: string, period: string, reason: string): Promise<boolean> {
  if (!reason) return false;
  const what = { owner: ownerLabel(ownerId), period: formatPeriod(period, useApp.getState().overview?.settings.locale ?? 'en') };
  const res = await useApp.getState().run(t('close.reopening', what), () => send('period.reopen', { period, ownerId, reason }), 'close');
  await useApp.getState().refreshOverview();
  useInvoice.getState().bump();
  if (res) useApp.getState().notify('ok', t('close.reopened', { ...what, by: res.reopenedBy }), 'close');
  return res !== undefined;
}
