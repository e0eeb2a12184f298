// How the line was computed, step by step (label, formula, value).
import { useTranslation } from 'react-i18next';
import type { Detail } from './types';

export function Calculation({ steps }: { steps: Detail['explanation'] }) {
  const { t } = useTranslation();
  return (
    <section>
      <h3>{t('calc.title')}</h3>
      <ol className="steps" data-testid="explanation">
        {steps.map((s, n) => (
          <li key={n} className="step">
            <div className="step-label">{s.label}</div>
            <div className="step-formula mono">{s.formula}</div>
            <div className="step-value mono">= {s.value}</div>
          </li>
        ))}
      </ol>
    </section>
  );
}
