// The audit log in words: each action's name and its detail as a sentence, in the locale. The
// stored detail (JSON, hashed into the chain) is never changed: it stays in the tooltip and in
// the workbook's Audit sheet; this is only how the screen reads it.
import { LINE_STATUSES, REVIEW_STATES, type LineStatus, type ReviewState } from '../../../shared/types';
import { CATALOGUES, t } from '../i18n';
import { labels } from './labels';

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
export function describeAudit(action: string, detail: string): string {
  let d: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(detail);
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return detail;
    d = parsed as Record<string, unknown>;
  } catch {
    return detail;
  }
  if (action === 'review' && 'from' in d && 'to' in d) {
    const change = `${reviewWord(d.from)} → ${reviewWord(d.to)}`;
    if (typeof d.reason === 'string') return t('audit.describe.reason', { change, reason: d.reason });
    if (typeof d.creditNote === 'string') return t('audit.describe.credit', { change, note: d.creditNote, amount: String(d.creditAmount) });
    return d.changedSinceReview ? t('audit.describe.again', { change }) : change;
  }
  if (action === 'review-changed') {
    type F = { recomputed?: string; billed?: string | null; status?: string } | null;
    const from = (d.from ?? null) as F;
    const to = (d.to ?? null) as F;
    if (!to) return t('audit.describe.gone');
    const status = (v: string | undefined) => (v && (LINE_STATUSES as readonly string[]).includes(v) ? labels().status[v as LineStatus] : (v ?? '?'));
    return t('audit.describe.changed', {
      fromRecomputed: from?.recomputed ?? '?',
      toRecomputed: to.recomputed ?? '?',
      fromBilled: from?.billed ?? '–',
      toBilled: to.billed ?? '–',
      fromStatus: status(from?.status),
      toStatus: status(to.status),
    });
  }
  if (action === 'annotate' && typeof d.text === 'string') return `“${d.text}”`;
  if (action === 'owner-rename') return t('audit.describe.ownerRename', { from: String(d.from ?? '–'), to: String(d.to ?? '–') });
  return Object.entries(d)
    .map(([k, v]) => `${k}: ${typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v)}`)
    .join(' · ');
}
