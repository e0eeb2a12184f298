// One file to import: its detected format (with an override), upload and preview state, and
// the result of its import.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { IMPORT_FORMATS, type ImportFormat } from '../../../../shared/types';
import { ProgressBar } from '../../components/Progress';
import { formatBytes, formatInt } from '../../lib/format';
import { formatLabel, formatName } from '../../lib/labels';
import { useLocale } from '../../state/app';
import { loadPreview } from '../../state/importActions';
import { useImports, type ImportItem } from '../../state/imports';
import { PreviewTable } from './PreviewTable';

export function FileCard({ item }: { item: ImportItem }) {
  const { t } = useTranslation();
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
        <label className="file-include" title={t('import.include')}>
          <input
            type="checkbox"
            checked={item.include && !(r && r.ok)}
            disabled={!item.ref || !!(r && r.ok) || committing}
            onChange={(e) => update(item.id, { include: e.target.checked })}
          />
        </label>
        <button className="linkish file-name" onClick={() => setOpen(!open)} aria-expanded={open} translate="no">
          {open ? '▾' : '▸'} {item.name}
        </button>
        {item.size !== null && <span className="muted small">{formatBytes(item.size, locale)}</span>}
        <span className="grow" />
        {p && (
          <span className="muted small" data-testid="detected-format">
            {t('import.detected', { format: formatLabel(p.format) })}
          </span>
        )}
        <label className="small">
          {t('import.format')}{' '}
          <select
            value={item.override}
            disabled={!item.ref || committing || !!(r && r.ok)}
            onChange={(e) => {
              update(item.id, { override: e.target.value as ImportFormat | '' });
              void loadPreview(item.id);
            }}
          >
            <option value="">{t('import.detectFormat')}</option>
            {IMPORT_FORMATS.map((f) => (
              <option key={f} value={f}>
                {formatName(f)}
              </option>
            ))}
          </select>
        </label>
        <button className="btn btn-small" disabled={committing} onClick={() => remove(item.id)} aria-label={t('import.removeNamed', { name: item.name })}>
          {t('import.remove')}
        </button>
      </div>
      {uploading && (
        <div className="file-status">
          {t('import.uploading')} <ProgressBar done={item.uploaded ?? 0} total={item.size ?? 0} />
        </div>
      )}
      {item.loading && !uploading && <div className="file-status muted">{t('import.reading')}</div>}
      {item.previewError && <div className="banner banner-error inline">{item.previewError}</div>}
      {p?.alreadyImported && !(r && r.ok) && (
        <div className="banner banner-warn inline" data-testid="already-imported">
          {t('import.already')}
        </div>
      )}
      {r && (
        <div className={`banner inline ${r.ok ? 'banner-ok' : 'banner-error'}`} data-testid="import-result">
          {r.ok ? (
            <>{t('import.imported', { count: r.rowCount ?? 0, n: formatInt(r.rowCount ?? 0, locale), format: formatLabel(r.format ?? '') })}</>
          ) : (
            <>{t('import.notImported', { error: r.error })}</>
          )}
          {r.warnings.length > 0 && (
            <ul className="warnings">
              {r.warnings.slice(0, 20).map((w, n) => (
                <li key={n}>{w}</li>
              ))}
              {r.warnings.length > 20 && <li>{t('import.moreWarnings', { count: r.warnings.length - 20, n: formatInt(r.warnings.length - 20, locale) })}</li>}
            </ul>
          )}
        </div>
      )}
      {open && !r && <PreviewTable item={item} />}
    </div>
  );
}
