// A file's first rows, and the problems the preview found (row, field, message).
import { useTranslation } from 'react-i18next';
import { formatInt } from '../../lib/format';
import { useLocale } from '../../state/app';
import type { ImportItem } from '../../state/imports';

const MAX_PREVIEW_ROWS = 8;
const MAX_ERRORS = 50;

export function PreviewTable({ item }: { item: ImportItem }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const p = item.preview;
  if (!p) return null;
  const rows = p.rows.slice(0, MAX_PREVIEW_ROWS);
  const cols = p.columns.length > 0 ? p.columns : Object.keys(rows[0] ?? {});
  return (
    <div className="preview">
      {cols.length > 0 && (
        <div className="table-wrap preview-table" translate="no">
          <table className="table table-tight">
            <thead>
              <tr>
                {cols.map((c) => (
                  <th key={c}>{c}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((r, n) => (
                <tr key={n}>
                  {cols.map((c) => (
                    <td key={c} className="mono" title={r[c]}>
                      {r[c]}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {p.errors.length > 0 && (
        <div className="errors" data-testid="preview-errors">
          <h4>{t('import.problems', { count: p.errors.length, n: formatInt(p.errors.length, locale) })}</h4>
          <table className="table table-tight">
            <thead>
              <tr>
                <th>{t('import.col.row')}</th>
                <th>{t('import.col.field')}</th>
                <th>{t('import.col.problem')}</th>
              </tr>
            </thead>
            <tbody>
              {p.errors.slice(0, MAX_ERRORS).map((e, n) => (
                <tr key={n}>
                  <td className="mono">{e.row}</td>
                  <td className="mono">{e.field ?? ''}</td>
                  <td>{e.message}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {p.errors.length > MAX_ERRORS && <p className="muted">{t('import.more', { n: formatInt(p.errors.length - MAX_ERRORS, locale) })}</p>}
        </div>
      )}
    </div>
  );
}
