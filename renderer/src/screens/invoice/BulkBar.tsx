// Review of the checked lines, all at once.
import type { ReviewState } from '../../../../shared/types';
import { REVIEW_LABEL } from '../../lib/labels';
import { REVIEW_KEYS } from '../../lib/query';
import { setReview } from '../../state/actions';
import { useApp, useSelectedSummary } from '../../state/app';
import { useInvoice } from '../../state/invoice';

const ACTIONS: { state: ReviewState; label: string; className: string }[] = [
  { state: 'approved', label: 'Approve', className: 'btn btn-small rv-btn-approved' },
  { state: 'disputed', label: 'Dispute', className: 'btn btn-small rv-btn-disputed' },
  { state: 'resolved', label: 'Resolve', className: 'btn btn-small rv-btn-resolved' },
  { state: 'unreviewed', label: 'Unreviewed', className: 'btn btn-small' },
];

export function BulkBar() {
  const selected = useInvoice((s) => s.selected);
  const setSelected = useInvoice((s) => s.setSelected);
  const busy = useApp((s) => s.busy);
  const notify = useApp((s) => s.notify);
  const closed = !!useSelectedSummary()?.closed; // signed off: reviews are locked (the core refuses them)
  if (selected.size === 0) return null;
  const apply = async (state: ReviewState) => {
    const n = await setReview([...selected], state);
    if (n !== undefined) notify('ok', `${selected.size} line${selected.size > 1 ? 's' : ''} marked ${REVIEW_LABEL[state].toLowerCase()}.`);
  };
  return (
    <div className="bulk" data-testid="bulk-bar">
      <strong>{selected.size} selected</strong>
      {ACTIONS.map((a) => (
        <button key={a.state} className={a.className} disabled={!!busy || closed} onClick={() => void apply(a.state)}>
          {a.label} ({REVIEW_KEYS[a.state]})
        </button>
      ))}
      <button className="btn btn-small" onClick={() => setSelected(new Set())}>
        Clear selection
      </button>
    </div>
  );
}
