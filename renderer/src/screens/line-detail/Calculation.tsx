// How the line was computed, step by step, in words (lib/steps): what was done and its result,
// rounded for reading; the exact formula and every digit on hover (and in data-exact, for copying).
import { useTranslation } from 'react-i18next';
import { stepText } from '../../lib/steps';
import { useLocale } from '../../state/app';
import type { Detail } from './types';

export function Calculation({ steps, currency }: { steps: Detail['explanation']; currency: string }) {
  const { t } = useTranslation();
  const locale = useLocale();
  return (
    <section>
      <h3>{t('calc.title')}</h3>
      <ol className="steps" data-testid="explanation">
        {steps.map((s, n) => {
          const w = stepText(s, currency, locale);
          return (
            <li key={n} className="step" title={w.exactText} data-exact={w.exact} data-code={s.code}>
              <div className="step-label">{w.label}</div>
              <div className="step-formula">{w.text}</div>
              {w.value !== '' && (
                <div className="step-value num" data-exact={s.value}>
                  = {w.value}
                </div>
              )}
            </li>
          );
        })}
      </ol>
    </section>
  );
}
