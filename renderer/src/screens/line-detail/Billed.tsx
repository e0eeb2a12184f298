// What the rating is checked against and what it drew on: the provider's billed sources, and the
// credits applied to the line.
import { useTranslation } from 'react-i18next';
import { Money } from '../../components/Money';
import { describeSource } from '../../lib/source';
import type { Detail } from './types';

export function BilledSources({ sources, currency }: { sources: Detail['billedSources']; currency: string }) {
  const { t } = useTranslation();
  return (
    <section>
      <h3>{t('billed.title')}</h3>
      {sources.length === 0 ? (
        <p className="muted">{t('billed.none')}</p>
      ) : (
        <table className="table table-tight" data-testid="billed-sources">
          <thead>
            <tr>
              <th>{t('billed.col.source')}</th>
              <th title={t('billed.col.itemHelp')}>{t('billed.col.item')}</th>
              <th className="r">{t('billed.col.amount')}</th>
            </tr>
          </thead>
          <tbody>
            {sources.map((b, n) => (
              <tr key={n}>
                <td className="small" translate="no" title={`${b.source.file} · ${b.source.row}`} data-path={b.source.row}>
                  {describeSource(b.source.file, b.source.row)}
                </td>
                <td className="mono small">{b.itemRef || <span className="muted">—</span>}</td>
                <td className="r">
                  <Money value={b.amount} currency={currency} exact />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

export function CreditsApplied({ allocations, currency }: { allocations: Detail['allocations']; currency: string }) {
  const { t } = useTranslation();
  if (allocations.length === 0) return null;
  return (
    <section>
      <h3>{t('billed.credits')}</h3>
      <table className="table table-tight" data-testid="allocations">
        <thead>
          <tr>
            <th>{t('credits.col.credit')}</th>
            <th className="r">{t('credits.col.amount')}</th>
          </tr>
        </thead>
        <tbody>
          {allocations.map((a, n) => (
            <tr key={n}>
              <td className="mono">{a.creditId}</td>
              <td className="r">
                <Money value={a.amount} currency={currency} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
