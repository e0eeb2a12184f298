// The line's history, from the audit log: review changes and annotations, with their hashes.
import { useTranslation } from 'react-i18next';
import { auditActionLabel, describeAudit } from '../../lib/audit';
import { formatDateTime, shortHash } from '../../lib/format';
import { useLocale, useSettings } from '../../state/app';
import type { Detail } from './types';

export function History({ entries }: { entries: Detail['history'] }) {
  const { t } = useTranslation();
  const { timeZone } = useSettings();
  const locale = useLocale();
  return (
    <section>
      <h3>{t('history.title')}</h3>
      {entries.length === 0 ? (
        <p className="muted">{t('history.none')}</p>
      ) : (
        <table className="table table-tight" data-testid="history">
          <thead>
            <tr>
              <th>{t('audit.col.time')}</th>
              <th>{t('audit.col.actor')}</th>
              <th>{t('audit.col.action')}</th>
              <th>{t('audit.col.detail')}</th>
              <th>{t('audit.col.hash')}</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((h) => (
              <tr key={h.seq}>
                <td className="nowrap">{formatDateTime(h.at, timeZone, locale)}</td>
                <td translate="no">{h.actor}</td>
                <td data-action={h.action}>{auditActionLabel(h.action)}</td>
                <td className="ellip" title={describeAudit(h.action, h.detail, locale)} data-detail={h.detail}>
                  {describeAudit(h.action, h.detail, locale)}
                </td>
                <td className="mono small" title={h.hash}>
                  {shortHash(h.hash, 10)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
