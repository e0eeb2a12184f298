// Asks what a review needs before it is recorded: why a line is disputed, or the provider's answer
// to a dispute (credit note number and amount). Escape or Cancel records nothing.
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { parseDecimalInput } from '../../../shared/i18n/decimal-input';
import { useLocale } from '../state/app';
import { useReviewPrompt } from '../state/reviewPrompt';

export function ReviewDialog() {
  const { t } = useTranslation();
  const prompt = useReviewPrompt((s) => s.prompt);
  const locale = useLocale();
  const [reason, setReason] = useState('');
  const [creditNote, setCreditNote] = useState('');
  const [amount, setAmount] = useState('');
  const [tried, setTried] = useState(false);
  const first = useRef<HTMLTextAreaElement & HTMLInputElement>(null);

  useEffect(() => {
    setReason('');
    setCreditNote('');
    setAmount('');
    setTried(false);
    if (prompt) setTimeout(() => first.current?.focus(), 0);
  }, [prompt]);

  useEffect(() => {
    if (!prompt) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        e.stopPropagation();
        prompt.answer(null);
      }
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [prompt]);

  if (!prompt) return null;
  const read = parseDecimalInput(amount, locale);
  const parsedAmount = read.ok ? read.value : null;
  const errors =
    prompt.state === 'disputed'
      ? { reason: reason.trim() ? null : t('review.dialog.reasonMissing') }
      : {
          creditNote: creditNote.trim() ? null : t('review.dialog.creditNoteMissing'),
          amount: parsedAmount !== null ? null : t('review.dialog.amountBad'),
        };
  const valid = Object.values(errors).every((e) => e === null);
  const submit = () => {
    setTried(true);
    if (!valid) return;
    if (prompt.state === 'disputed') prompt.answer({ reason: reason.trim() });
    else prompt.answer({ creditNote: creditNote.trim(), creditAmount: parsedAmount! });
  };
  const shown = (e: string | null | undefined) => (tried ? e : null);

  return (
    <div className="modal-backdrop" data-testid="review-dialog-backdrop">
      <form
        className="modal card form"
        role="dialog"
        aria-modal="true"
        aria-labelledby="review-dialog-title"
        data-testid="review-dialog"
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <h2 id="review-dialog-title">
          {t(prompt.state === 'disputed' ? 'review.dialog.disputeTitle' : 'review.dialog.resolveTitle', { count: prompt.count, n: prompt.count })}
        </h2>
        {prompt.state === 'disputed' ? (
          <label className="field">
            <span className="field-label">{t('review.dialog.reason')}</span>
            <textarea
              ref={first}
              rows={4}
              maxLength={10000}
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) submit();
              }}
              data-testid="review-reason"
            />
            <span className={shown(errors.reason) ? 'field-error' : 'field-help'}>{shown(errors.reason) ?? t('review.dialog.reasonHelp')}</span>
          </label>
        ) : (
          <>
            <label className="field">
              <span className="field-label">{t('review.dialog.creditNote')}</span>
              <input ref={first} value={creditNote} maxLength={200} onChange={(e) => setCreditNote(e.target.value)} data-testid="review-credit-note" />
              <span className={shown(errors.creditNote) ? 'field-error' : 'field-help'}>{shown(errors.creditNote) ?? t('review.dialog.creditNoteHelp')}</span>
            </label>
            <label className="field">
              <span className="field-label">{t('review.dialog.amount')}</span>
              <input
                value={amount}
                inputMode="decimal"
                className="input-narrow"
                onChange={(e) => setAmount(e.target.value)}
                data-testid="review-credit-amount"
              />
              <span className={shown(errors.amount) ? 'field-error' : 'field-help'}>{shown(errors.amount) ?? t('review.dialog.amountHelp')}</span>
            </label>
          </>
        )}
        <div className="form-actions">
          <button type="submit" className="btn btn-primary" data-testid="review-dialog-ok">
            {t(prompt.state === 'disputed' ? 'review.dialog.dispute' : 'review.dialog.resolve')}
          </button>
          <button type="button" className="btn" onClick={() => prompt.answer(null)} data-testid="review-dialog-cancel">
            {t('common.cancel')}
          </button>
        </div>
      </form>
    </div>
  );
}
