// The audit log in words: each action's name and its detail as a sentence, in the locale. The
// stored detail (JSON, hashed into the chain) is never changed: it stays in the tooltip and in
// the workbook's Audit sheet; this is only how the screen reads it.
import { LINE_STATUSES, REVIEW_STATES, type LineStatus, type ReviewState } from '../../../shared/types';
import { CATALOGUES, currentLocale, t } from '../i18n';
import { formatBytes, formatDecimal, formatInt, formatMoney, type Locale } from './format';
import { formatLabel, labels } from './labels';

type ActionKey = keyof (typeof CATALOGUES)['en']['audit']['action'];

function isAction(a: string): a is ActionKey {
  return Object.prototype.hasOwnProperty.call(CATALOGUES.en.audit.action, a);
}

/** The action's name ("Review", "Révision"); an action this build does not know shows its code. */
export function auditActionLabel(action: string): string {
  return isAction(action) ? t(`audit.action.${action}`) : action;
}

const isReview = (v: unknown): v is ReviewState => typeof v === 'string' && (REVIEW_STATES as readonly string[]).includes(v);

/** A review state's word, or the value itself. */
function reviewWord(v: unknown): string {
  return isReview(v) ? labels().review[v] : String(v);
}

/** The detail of an entry as a reader would write it; plain text is kept as it is. */
export function describeAudit(action: string, detail: string, locale: Locale = currentLocale()): string {
  let d: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(detail);
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return detail;
    d = parsed as Record<string, unknown>;
  } catch {
    return detail;
  }
  const str = (v: unknown) => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');
  const dec = (v: unknown) => (str(v) === '' ? '' : formatDecimal(str(v), locale));
  const money = (v: unknown, currency: unknown) => (str(v) === '' ? '' : formatMoney(str(v), str(currency), locale, { exact: true }));
  const count = (v: unknown) => (typeof v === 'number' ? v : Number(str(v)) || 0);
  switch (action) {
    case 'review':
      if ('from' in d && 'to' in d) {
        const change = `${reviewWord(d.from)} → ${reviewWord(d.to)}`;
        if (typeof d.reason === 'string') return t('audit.describe.reason', { change, reason: d.reason });
        if (typeof d.creditNote === 'string') return t('audit.describe.credit', { change, note: d.creditNote, amount: String(d.creditAmount) });
        return d.changedSinceReview ? t('audit.describe.again', { change }) : change;
      }
      break;
    case 'review-changed': {
      type F = { recomputed?: string; billed?: string | null; status?: string } | null;
      const from = (d.from ?? null) as F;
      const to = (d.to ?? null) as F;
      if (!to) return t('audit.describe.gone');
      const status = (v: string | undefined) => (v && (LINE_STATUSES as readonly string[]).includes(v) ? labels().status[v as LineStatus] : (v ?? '?'));
      return t('audit.describe.changed', {
        fromRecomputed: from?.recomputed ? dec(from.recomputed) : '?',
        toRecomputed: to.recomputed ? dec(to.recomputed) : '?',
        fromBilled: from?.billed ? dec(from.billed) : '–',
        toBilled: to.billed ? dec(to.billed) : '–',
        fromStatus: status(from?.status),
        toStatus: status(to.status),
      });
    }
    case 'annotate':
      if (typeof d.text === 'string') return `“${d.text}”`;
      break;
    case 'import':
      return t('auditText.import', {
        count: count(d.rows),
        n: formatInt(count(d.rows), locale),
        format: formatLabel(str(d.format)),
        sha: str(d.sha256).slice(0, 12),
      });
    case 'rate':
      return t('auditText.rate', {
        count: count(d.lines),
        n: formatInt(count(d.lines), locale),
        total: dec(d.total),
        perSecond: dec(d.subtotalPerSecond),
        zone: str(d.timeZone),
      });
    case 'reconcile': {
      const counts = (d.counts ?? {}) as Record<string, unknown>;
      const statuses = LINE_STATUSES.filter((st) => count(counts[st]) > 0)
        .map((st) => `${labels().status[st]} ${formatInt(count(counts[st]), locale)}`)
        .join(', ');
      return t('auditText.reconcile', {
        billed: money(d.billedTotal, d.currency),
        recomputed: money(d.recomputedTotal, d.currency),
        variance: money(d.variance, d.currency),
        tolerance: money(d.tolerance, d.currency),
        statuses,
      });
    }
    case 'export':
      return t('auditText.export', { file: basename(str(d.file)), size: formatBytes(count(d.bytes), locale), total: dec(d.total) });
    case 'settings':
      return Object.entries(d)
        .map(([k, v]) => {
          const c = (v ?? {}) as { from?: unknown; to?: unknown };
          return `${settingName(k)}${locale === 'fr' ? ' : ' : ': '}${str(c.from) || '—'} → ${str(c.to) || '—'}`;
        })
        .join(' · ');
    case 'invoice-total':
      return t('auditText.invoiceTotal', { invoice: str(d.invoiceId) || t('focusInvoices.wholeAccount'), amount: dec(d.amount) });
    case 'close':
      return t('auditText.close', { count: count(d.lines), n: formatInt(count(d.lines), locale), total: dec(d.total), variance: dec(d.variance) });
    case 'reopen':
      return t('auditText.reopen', { reason: str(d.reason) });
    case 'owner-rename':
      return t('audit.describe.ownerRename', { from: str(d.from) || '–', to: str(d.to) || '–' });
  }
  return Object.entries(d)
    .map(([k, v]) => `${k}: ${typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v)}`)
    .join(' · ');
}

function basename(file: string): string {
  return file.split(/[\\/]/).pop() ?? file;
}

const SETTING_NAMES: Record<
  string,
  'settings.timeZone' | 'settings.tolerance' | 'settings.locale' | 'settings.granularity' | 'settings.vat' | 'settings.actor'
> = {
  timeZone: 'settings.timeZone',
  tolerance: 'settings.tolerance',
  locale: 'settings.locale',
  granularitySeconds: 'settings.granularity',
  defaultVatPercent: 'settings.vat',
  actor: 'settings.actor',
};

function settingName(k: string): string {
  const key = SETTING_NAMES[k];
  return key ? t(key) : k;
}
