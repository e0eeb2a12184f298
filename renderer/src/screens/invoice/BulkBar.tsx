// Review of the checked lines, all at once.
import { useTranslation } from 'react-i18next';
import type { ReviewState } from '../../../../shared/types';
import { formatInt } from '../../lib/format';
import { REVIEW_KEYS } from '../../lib/query';
import { setReview } from '../../state/actions';
import { useApp, useLocale, useSelectedSummary } from '../../state/app';
import { useInvoice } from '../../state/invoice';

const ACTIONS: { state: ReviewState; className: string }[] = [
  { state: 'approved', className: 'btn btn-small rv-btn-approved' },
  { state: 'disputed', className: 'btn btn-small rv-btn-disputed' },
  { state: 'resolved', className: 'btn btn-small rv-btn-resolved' },
  { state: 'unreviewed', className: 'btn btn-small' },
];

export function BulkBar() {
  const { t } = useTranslation();
  const locale = useLocale();
  const selected = useInvoice((s) => s.selected);
  const setSelected = useInvoice((s) => s.setSelected);
  const busy = useApp((s) => s.busy);
  const notify = useApp((s) => s.notify);
  const closed = !!useSelectedSummary()?.closed; // signed off: reviews are locked (the core refuses them)
  if (selected.size === 0) return null;
  const apply = async (state: ReviewState) => {
    const n = await setReview([...selected], state);
    if (n !== undefined) notify('ok', t(`reviewDone.${state}`, { count: selected.size, n: formatInt(selected.size, locale) }), 'review');
  };
  return (
    <div className="bulk" data-testid="bulk-bar">
      <strong>{t('bulk.selected', { count: selected.size, n: formatInt(selected.size, locale) })}</strong>
      {ACTIONS.map((a) => (
        <button key={a.state} className={a.className} disabled={!!busy || closed} onClick={() => void apply(a.state)}>
          {t(`bulk.${a.state}`)} ({REVIEW_KEYS[a.state]})
        </button>
      ))}
      <button className="btn btn-small" onClick={() => setSelected(new Set())}>
        {t('bulk.clear')}
      </button>
    </div>
  );
}
