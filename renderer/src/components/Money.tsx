import { decSign, formatMoney } from '../lib/format';
import { useLocale } from '../state/app';

/** An amount from a decimal string; the raw string is kept in data-value (tests, copy). */
export function Money({
  value,
  currency,
  exact,
  signed,
  tone,
  testId,
}: {
  value: string | null | undefined;
  currency: string;
  exact?: boolean;
  signed?: boolean;
  /** Colour the sign: variances (red when over-billed). */
  tone?: boolean;
  testId?: string;
}) {
  const locale = useLocale();
  if (value === null || value === undefined)
    return (
      <span className="num muted" data-testid={testId}>
        —
      </span>
    );
  const sign = tone ? decSign(value) : 0;
  const cls = `num${sign > 0 ? ' pos' : sign < 0 ? ' neg' : ''}`;
  return (
    <span className={cls} data-value={value} data-testid={testId}>
      {formatMoney(value, currency, locale, { ...(exact ? { exact } : {}), ...(signed ? { signed } : {}) })}
    </span>
  );
}
