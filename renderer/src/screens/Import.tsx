// The Import screen: files in (./import/DropZone), their previews (./import/FileCard), the CSV
// options, and the import itself (state/importActions).
import { useTranslation } from 'react-i18next';
import { TaskProgress } from '../components/Progress';
import { useApp } from '../state/app';
import { commitImports } from '../state/importActions';
import { anyCsv, commitGroups, useImports } from '../state/imports';
import { CsvOptions } from './import/CsvOptions';
import { DropZone } from './import/DropZone';
import { FileCard } from './import/FileCard';

export function ImportScreen() {
  const { t } = useTranslation();
  const items = useImports((s) => s.items);
  const clear = useImports((s) => s.clear);
  const committing = useImports((s) => s.committing);
  const busy = useApp((s) => s.busy);
  const go = useApp((s) => s.go);

  const toImport = commitGroups(items).reduce((n, g) => n + g.refs.length, 0);
  const pending = items.some((i) => i.loading);
  const anyDone = items.some((i) => i.result?.ok);

  return (
    <div className="screen" data-testid="screen-import">
      <div className="screen-head">
        <h1>{t('import.title')}</h1>
        <div className="actions">
          {anyDone && (
            <button className="btn" onClick={() => go('workspace')}>
              {t('import.goWorkspace')}
            </button>
          )}
          {items.length > 0 && (
            <button className="btn" disabled={committing} onClick={clear} data-testid="import-clear">
              {t('import.clear')}
            </button>
          )}
          <button
            className="btn btn-primary"
            disabled={toImport === 0 || pending || committing || !!busy}
            onClick={() => void commitImports()}
            data-testid="import-commit"
          >
            {toImport > 0 ? t('import.commitN', { count: toImport, n: toImport }) : t('import.commit')}
          </button>
        </div>
      </div>

      <DropZone />

      {anyCsv(items) && <CsvOptions />}

      <TaskProgress phases={['import']} />

      <div className="file-list">
        {items.map((i) => (
          <FileCard key={i.id} item={i} />
        ))}
      </div>
    </div>
  );
}
