// Asks what a review needs before it is recorded: why a line is disputed, or the provider's answer
// to a dispute (credit note number and amount). Escape or Cancel records nothing.
import { useEffect, useRef, useState } from 'react';
import { parseAmountInput } from '../lib/format';
import { useReviewPrompt } from '../state/reviewPrompt';

export function ReviewDialog() {
  const prompt = useReviewPrompt((s) => s.prompt);
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
  const lines = prompt.count === 1 ? 'the line' : `${prompt.count} lines`;
  const parsedAmount = parseAmountInput(amount);
  const errors =
    prompt.state === 'disputed'
      ? { reason: reason.trim() ? null : 'Say what is wrong with the line: the claim sent to the provider quotes it' }
      : {
          creditNote: creditNote.trim() ? null : "The provider's credit note number",
          amount: parsedAmount !== null && !parsedAmount.startsWith('-') ? null : 'The credit note amount, e.g. 12.50 or 12,50',
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
        <h2 id="review-dialog-title">{prompt.state === 'disputed' ? `Dispute ${lines}` : `Resolve the dispute of ${lines}`}</h2>
        {prompt.state === 'disputed' ? (
          <label className="field">
            <span className="field-label">Reason</span>
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
            <span className={shown(errors.reason) ? 'field-error' : 'field-help'}>
              {shown(errors.reason) ?? 'Recorded with the dispute and its figures, in the audit log and the workbook’s Disputes sheet. Ctrl+Enter'}
            </span>
          </label>
        ) : (
          <>
            <label className="field">
              <span className="field-label">Credit note number</span>
              <input ref={first} value={creditNote} maxLength={200} onChange={(e) => setCreditNote(e.target.value)} data-testid="review-credit-note" />
              <span className={shown(errors.creditNote) ? 'field-error' : 'field-help'}>
                {shown(errors.creditNote) ?? 'As the provider’s credit note gives it'}
              </span>
            </label>
            <label className="field">
              <span className="field-label">Amount</span>
              <input
                value={amount}
                inputMode="decimal"
                className="input-narrow"
                onChange={(e) => setAmount(e.target.value)}
                data-testid="review-credit-amount"
              />
              <span className={shown(errors.amount) ? 'field-error' : 'field-help'}>{shown(errors.amount) ?? 'Exact, as credited'}</span>
            </label>
          </>
        )}
        <div className="form-actions">
          <button type="submit" className="btn btn-primary" data-testid="review-dialog-ok">
            {prompt.state === 'disputed' ? 'Dispute' : 'Resolve'}
          </button>
          <button type="button" className="btn" onClick={() => prompt.answer(null)} data-testid="review-dialog-cancel">
            Cancel
          </button>
        </div>
      </form>
    </div>
  );
}
