// One file to import: its detected format (with an override), upload and preview state, and
// the result of its import.
import { useState } from 'react';
import { IMPORT_FORMATS, type ImportFormat } from '../../../../shared/types';
import { ProgressBar } from '../../components/Progress';
import { formatBytes, formatInt } from '../../lib/format';
import { FORMAT_LABEL, formatLabel } from '../../lib/labels';
import { useLocale } from '../../state/app';
import { loadPreview } from '../../state/importActions';
import { useImports, type ImportItem } from '../../state/imports';
import { PreviewTable } from './PreviewTable';

export function FileCard({ item }: { item: ImportItem }) {
  const update = useImports((s) => s.update);
  const remove = useImports((s) => s.remove);
  const committing = useImports((s) => s.committing);
  const locale = useLocale();
  const [open, setOpen] = useState(true);
  const p = item.preview;
  const r = item.result;
  const uploading = item.ref === null && item.file !== undefined && !item.previewError;
  return (
    <div className={`file-card${r ? (r.ok ? ' done' : ' failed') : ''}`} data-testid="import-file" data-name={item.name}>
      <div className="file-head">
        <label className="file-include" title="Import this file">
          <input
            type="checkbox"
            checked={item.include && !(r && r.ok)}
            disabled={!item.ref || !!(r && r.ok) || committing}
            onChange={(e) => update(item.id, { include: e.target.checked })}
          />
        </label>
        <button className="linkish file-name" onClick={() => setOpen(!open)} aria-expanded={open}>
          {open ? '▾' : '▸'} {item.name}
        </button>
        {item.size !== null && <span className="muted small">{formatBytes(item.size, locale)}</span>}
        <span className="grow" />
        {p && (
          <span className="muted small" data-testid="detected-format">
            Detected: {formatLabel(p.format)}
          </span>
        )}
        <label className="small">
          Format{' '}
          <select
            value={item.override}
            disabled={!item.ref || committing || !!(r && r.ok)}
            onChange={(e) => {
              update(item.id, { override: e.target.value as ImportFormat | '' });
              void loadPreview(item.id);
            }}
          >
            <option value="">Detect from content</option>
            {IMPORT_FORMATS.map((f) => (
              <option key={f} value={f}>
                {FORMAT_LABEL[f]}
              </option>
            ))}
          </select>
        </label>
        <button className="btn btn-small" disabled={committing} onClick={() => remove(item.id)} aria-label={`Remove ${item.name}`}>
          Remove
        </button>
      </div>
      {uploading && (
        <div className="file-status">
          Uploading… <ProgressBar done={item.uploaded ?? 0} total={item.size ?? 0} />
        </div>
      )}
      {item.loading && !uploading && <div className="file-status muted">Reading the file…</div>}
      {item.previewError && <div className="banner banner-error inline">{item.previewError}</div>}
      {p?.alreadyImported && !(r && r.ok) && (
        <div className="banner banner-warn inline" data-testid="already-imported">
          This file was already imported (same SHA-256): importing it again would be refused.
        </div>
      )}
      {r && (
        <div className={`banner inline ${r.ok ? 'banner-ok' : 'banner-error'}`} data-testid="import-result">
          {r.ok ? (
            <>
              Imported {formatInt(r.rowCount ?? 0, locale)} rows as {formatLabel(r.format ?? '')} (batch #{r.batchId}).
            </>
          ) : (
            <>Not imported: {r.error}</>
          )}
          {r.warnings.length > 0 && (
            <ul className="warnings">
              {r.warnings.slice(0, 20).map((w, n) => (
                <li key={n}>{w}</li>
              ))}
              {r.warnings.length > 20 && <li>…and {r.warnings.length - 20} more warnings.</li>}
            </ul>
          )}
        </div>
      )}
      {open && !r && <PreviewTable item={item} />}
    </div>
  );
}
