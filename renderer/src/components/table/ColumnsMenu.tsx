// "Columns": show or hide a table's columns, and put them back as they were.
import { useTranslation } from 'react-i18next';
import type { ColumnPrefsApi, PrefColumn } from './useColumnPrefs';

export function ColumnsMenu<C extends PrefColumn>({ columns, api }: { columns: readonly C[]; api: ColumnPrefsApi<C> }) {
  const { t } = useTranslation();
  const hideable = columns.filter((c) => c.hideable !== false && c.label);
  const hiddenCount = hideable.filter((c) => api.prefs.hidden.includes(c.id)).length;
  return (
    <details className="colmenu" data-testid="columns-menu">
      <summary className="btn btn-small">{hiddenCount > 0 ? t('sheet.columnsHidden', { count: hiddenCount, n: hiddenCount }) : t('sheet.columns')}</summary>
      <div className="colmenu-list" role="group" aria-label={t('sheet.columns')}>
        {hideable.map((c) => (
          <label key={c.id} className="colmenu-item">
            <input
              type="checkbox"
              checked={!api.prefs.hidden.includes(c.id)}
              data-testid={`column-toggle-${c.id}`}
              onChange={(e) => api.setHidden(c.id, !e.target.checked)}
            />
            {c.label}
          </label>
        ))}
        <button className="btn btn-small" data-testid="columns-reset" onClick={api.reset}>
          {t('sheet.columnsReset')}
        </button>
      </div>
    </details>
  );
}
