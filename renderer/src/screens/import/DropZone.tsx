// Where files come in: dropped on the zone, or chosen (native dialog in Electron, a file input
// in the browser).
import { useRef, useState, type DragEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { transport } from '../../api/transport';
import { errorText, useApp } from '../../state/app';
import { addBrowserFiles, dropElectronFiles, pickElectronFiles } from '../../state/importActions';

export function DropZone() {
  const { t } = useTranslation();
  const notify = useApp((s) => s.notify);
  const input = useRef<HTMLInputElement>(null);
  const [over, setOver] = useState(false);

  const choose = () => {
    if (transport.kind === 'electron') void pickElectronFiles().catch((e) => notify('error', errorText(e), 'import-pick'));
    else input.current?.click();
  };

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    const files = Array.from(e.dataTransfer.files);
    if (files.length === 0) return;
    if (transport.kind === 'electron') {
      // The preload turns the dropped files into paths; the main process grants them.
      void dropElectronFiles(files).catch((err) => notify('error', errorText(err), 'import-pick'));
      return;
    }
    void addBrowserFiles(files);
  };

  return (
    <div
      className={`dropzone${over ? ' over' : ''}`}
      onDragOver={(e) => {
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={onDrop}
      data-testid="dropzone"
    >
      <p>
        <strong>{t('import.drop')}</strong> {t('import.or')}{' '}
        <button className="btn" onClick={choose} data-testid="choose-files">
          {t('import.choose')}
        </button>
      </p>
      <p className="muted small">{t('import.dropHelp')}</p>
      <input
        ref={input}
        type="file"
        multiple
        hidden
        data-testid="file-input"
        accept=".csv,.tsv,.txt,.json,text/csv,application/json"
        onChange={(e) => {
          const files = [...(e.target.files ?? [])];
          e.target.value = '';
          if (files.length > 0) void addBrowserFiles(files);
        }}
      />
    </div>
  );
}
