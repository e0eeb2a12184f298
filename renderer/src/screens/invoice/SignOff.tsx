// Month-end close on the invoice screen (docs/ui.md, "Sign-off"): sign off a period whose every
// line is reviewed, or reopen a closed one with a reason. The core holds the lock; this shows it.
import { useState } from 'react';
import type { PeriodSummary } from '../../../../shared/contract/api';
import { formatDateTime, formatPeriod } from '../../lib/format';
import { ownerName } from '../../lib/periods';
import { closePeriod, reopenPeriod } from '../../state/actions';
import { useApp, useLocale, useSettings } from '../../state/app';

/** The sign-off bar: who closed the period and when, or how many lines still need a review. */
export function SignOff({ summary }: { summary: PeriodSummary }) {
  const busy = useApp((s) => s.busy);
  const { timeZone, actor } = useSettings();
  const locale = useLocale();
  const [open, setOpen] = useState<'close' | 'reopen' | null>(null);
  const [reason, setReason] = useState('');
  const name = `${ownerName(summary)} · ${formatPeriod(summary.period, locale)}`;

  if (summary.closed) {
    const reopen = async () => {
      if (await reopenPeriod(summary.ownerId, summary.period, reason.trim())) {
        setOpen(null);
        setReason('');
      }
    };
    return (
      <div className="signoff signoff-closed" data-testid="signoff">
        <span className="chip chip-ok" data-testid="closed-chip">
          Closed
        </span>
        <span data-testid="closed-by">
          Signed off by <strong>{summary.closed.by}</strong> on {formatDateTime(summary.closed.at, timeZone, locale)}. Rating, reconciliation, reviews,
          annotations and imports into this period are locked.
        </span>
        {open !== 'reopen' ? (
          <button className="btn btn-small" disabled={!!busy} onClick={() => setOpen('reopen')} data-testid="reopen">
            Reopen…
          </button>
        ) : (
          <form
            className="signoff-form"
            onSubmit={(e) => {
              e.preventDefault();
              if (reason.trim()) void reopen();
            }}
          >
            <label>
              Why reopen {name}? <span className="muted">(kept in the audit log)</span>
              <textarea
                className="input"
                rows={2}
                maxLength={2000}
                value={reason}
                onChange={(e) => setReason(e.target.value)}
                autoFocus
                required
                data-testid="reopen-reason"
              />
            </label>
            <button type="submit" className="btn btn-small btn-primary" disabled={!!busy || !reason.trim()} data-testid="reopen-confirm">
              Reopen
            </button>
            <button type="button" className="btn btn-small" onClick={() => setOpen(null)}>
              Cancel
            </button>
          </form>
        )}
      </div>
    );
  }

  const unreviewed = summary.unreviewed;
  return (
    <div className="signoff" data-testid="signoff">
      <span className="muted" data-testid="signoff-status">
        {unreviewed > 0
          ? `${unreviewed} of ${summary.lineCount} lines unreviewed: sign-off needs every line reviewed.`
          : `Every line reviewed: ready for sign-off.`}
      </span>
      {open !== 'close' ? (
        <button
          className="btn btn-small"
          disabled={!!busy || summary.stale}
          onClick={() => setOpen('close')}
          data-testid="sign-off"
          title={summary.stale ? 'Rate it again first: its result is out of date' : undefined}
        >
          Sign off…
        </button>
      ) : (
        <span className="signoff-form">
          <span>
            Sign off {name} as <strong>{actor}</strong>? It is then locked until reopened with a reason.
          </span>
          <button
            className="btn btn-small btn-primary"
            disabled={!!busy}
            onClick={() => void closePeriod(summary.ownerId, summary.period).then((ok) => ok && setOpen(null))}
            data-testid="sign-off-confirm"
          >
            Sign off
          </button>
          <button className="btn btn-small" onClick={() => setOpen(null)}>
            Cancel
          </button>
        </span>
      )}
    </div>
  );
}
