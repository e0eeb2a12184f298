// A file's first rows, and the problems the preview found (row, field, message).
import { formatInt } from '../../lib/format';
import type { ImportItem } from '../../state/imports';

const MAX_PREVIEW_ROWS = 8;
const MAX_ERRORS = 50;

export function PreviewTable({ item }: { item: ImportItem }) {
  const p = item.preview;
  if (!p) return null;
  const rows = p.rows.slice(0, MAX_PREVIEW_ROWS);
  const cols = p.columns.length > 0 ? p.columns : Object.keys(rows[0] ?? {});
  return (
    <div className="preview">
      {cols.length > 0 && (
        <div className="table-wrap preview-table">
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
          <h4>
            {formatInt(p.errors.length, 'en')} problem{p.errors.length > 1 ? 's' : ''} found
          </h4>
          <table className="table table-tight">
            <thead>
              <tr>
                <th>Row</th>
                <th>Field</th>
                <th>Problem</th>
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
          {p.errors.length > MAX_ERRORS && <p className="muted">…and {p.errors.length - MAX_ERRORS} more.</p>}
        </div>
      )}
    </div>
  );
}
