// Month-end close on the invoice screen (docs/ui.md, "Sign-off"): sign off a period whose every
// line is reviewed, or reopen a closed one with a reason. The core holds the lock; this shows it.
import { useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import type { PeriodSummary } from '../../../../shared/contract/api';
import { formatDateTime, formatInt, formatPeriod } from '../../lib/format';
import { ownerName } from '../../lib/periods';
import { closePeriod, reopenPeriod } from '../../state/actions';
import { useApp, useLocale, useSettings } from '../../state/app';

/** The sign-off bar: who closed the period and when, or how many lines still need a review. */
export function SignOff({ summary }: { summary: PeriodSummary }) {
  const { t } = useTranslation();
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
          {t('workspace.closed')}
        </span>
        <span data-testid="closed-by">
          <Trans
            i18nKey="close.signedOffBy"
            values={{ by: summary.closed.by, at: formatDateTime(summary.closed.at, timeZone, locale) }}
            components={{ b: <strong /> }}
          />
        </span>
        {open !== 'reopen' ? (
          <button className="btn btn-small" disabled={!!busy} onClick={() => setOpen('reopen')} data-testid="reopen">
            {t('close.reopenAsk')}
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
              {t('close.why', { name })} <span className="muted">{t('close.whyKept')}</span>
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
              {t('close.reopen')}
            </button>
            <button type="button" className="btn btn-small" onClick={() => setOpen(null)}>
              {t('common.cancel')}
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
          ? t('close.unreviewed', { count: unreviewed, n: formatInt(unreviewed, locale), total: formatInt(summary.lineCount, locale) })
          : t('close.ready')}
      </span>
      {open !== 'close' ? (
        <button
          className="btn btn-small"
          disabled={!!busy || summary.stale}
          onClick={() => setOpen('close')}
          data-testid="sign-off"
          title={summary.stale ? t('close.staleFirst') : undefined}
        >
          {t('close.signOffAsk')}
        </button>
      ) : (
        <span className="signoff-form">
          <span>
            <Trans i18nKey="close.confirm" values={{ name, actor }} components={{ b: <strong /> }} />
          </span>
          <button
            className="btn btn-small btn-primary"
            disabled={!!busy}
            onClick={() => void closePeriod(summary.ownerId, summary.period).then((ok) => ok && setOpen(null))}
            data-testid="sign-off-confirm"
          >
            {t('close.signOff')}
          </button>
          <button className="btn btn-small" onClick={() => setOpen(null)}>
            {t('common.cancel')}
          </button>
        </span>
      )}
    </div>
  );
}
