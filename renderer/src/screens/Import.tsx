import { useRef, useState, type DragEvent } from 'react';
import { send, transport, type PickedFile } from '../api/transport';
import { ProgressBar, TaskProgress } from '../components/Progress';
import { formatBytes, formatInt } from '../lib/format';
import { FORMAT_LABEL, IMPORT_FORMATS, type ImportFormat } from '../lib/labels';
import { errorText, useApp, useLocale } from '../state/app';
import { commitGroups, csvOptions, DEFAULT_CSV, isCsvFile, useImports, type ImportItem } from '../state/imports';

const CSV_FORMATS = new Set(['usage-csv', 'focus', 'credits']);
const MAX_PREVIEW_ROWS = 8;
const MAX_ERRORS = 50;

async function loadPreview(id: number): Promise<void> {
  const st = useImports.getState();
  const item = st.items.find((i) => i.id === id);
  if (!item || !item.ref) return;
  st.update(id, { loading: true, previewError: null });
  try {
    const csv = csvOptions(st.csv);
    const withCsv = csv && (item.preview ? isCsvFile({ ...item, name: item.name }) : !/\.json$/i.test(item.name));
    const preview = await send('import.preview', {
      file: item.ref,
      ...(item.override ? { format: item.override } : {}),
      ...(withCsv ? { csv } : {}),
    });
    useImports.getState().update(id, {
      preview,
      loading: false,
      // An already-imported file is left out unless the user asks for it (it would be refused anyway).
      include: item.preview ? item.include : !preview.alreadyImported,
    });
  } catch (err) {
    useImports.getState().update(id, { loading: false, previewError: errorText(err), preview: null });
  }
}

async function addBrowserFiles(files: File[]): Promise<void> {
  if (!transport.uploadFile) return;
  const ids = useImports.getState().add(
    files.map((f) => ({
      name: f.name,
      size: f.size,
      file: f,
      ref: null,
      uploaded: 0,
      override: '',
      preview: null,
      previewError: null,
      loading: true,
      include: true,
      result: null,
    })),
  );
  await Promise.all(
    files.map(async (f, n) => {
      const id = ids[n] as number;
      try {
        const picked = await transport.uploadFile!(f, (sent) => useImports.getState().update(id, { uploaded: sent }));
        useImports.getState().update(id, { ref: picked.ref, uploaded: f.size, file: undefined });
        await loadPreview(id);
      } catch (err) {
        useImports.getState().update(id, { loading: false, previewError: errorText(err), include: false });
      }
    }),
  );
}

/** Electron: files granted by the main process (picked in the dialog or dropped). */
async function addGrantedFiles(picked: PickedFile[]): Promise<void> {
  if (picked.length === 0) return;
  const ids = useImports.getState().add(
    picked.map((p) => ({
      name: p.name,
      size: null,
      ref: p.ref,
      uploaded: null,
      override: '',
      preview: null,
      previewError: null,
      loading: true,
      include: true,
      result: null,
    })),
  );
  await Promise.all(ids.map((id) => loadPreview(id)));
}

async function pickElectronFiles(): Promise<void> {
  if (!transport.pickFiles) return;
  await addGrantedFiles(await transport.pickFiles());
}

async function dropElectronFiles(files: File[]): Promise<void> {
  if (!transport.grantDroppedFiles) return;
  const granted = await transport.grantDroppedFiles(files);
  const skipped = files.length - granted.length;
  if (skipped > 0) {
    useApp
      .getState()
      .notify(
        'info',
        `${skipped} dropped item${skipped === 1 ? ' is' : 's are'} not a file on disk and ${skipped === 1 ? 'was' : 'were'} left out; use “Choose files…” instead.`,
      );
  }
  await addGrantedFiles(granted);
}

async function commit(): Promise<void> {
  const st = useImports.getState();
  const groups = commitGroups(st.items);
  if (groups.length === 0) return;
  st.setCommitting(true);
  const csv = csvOptions(st.csv);
  const app = useApp.getState();
  let ok = 0;
  let failed = 0;
  await app.run('Importing…', async () => {
    for (const g of groups) {
      const res = await send('import.commit', { files: g.refs, ...(g.override ? { format: g.override } : {}), ...(csv && g.csv ? { csv } : {}) });
      res.results.forEach((r, n) => {
        const id = g.ids[n];
        if (id !== undefined) useImports.getState().update(id, { result: r });
        if (r.ok) ok++;
        else failed++;
      });
    }
  });
  useImports.getState().setCommitting(false);
  await useApp.getState().refreshOverview();
  if (ok > 0 || failed > 0) {
    useApp
      .getState()
      .notify(failed > 0 ? 'error' : 'ok', `${ok} file${ok === 1 ? '' : 's'} imported${failed > 0 ? `, ${failed} refused (see the results below)` : ''}.`);
  }
}

function PreviewTable({ item }: { item: ImportItem }) {
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

function FileCard({ item }: { item: ImportItem }) {
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
            Detected: {FORMAT_LABEL[p.format] ?? p.format}
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
              Imported {formatInt(r.rowCount ?? 0, locale)} rows as {FORMAT_LABEL[r.format ?? ''] ?? r.format} (batch #{r.batchId}).
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

export function ImportScreen() {
  const items = useImports((s) => s.items);
  const csv = useImports((s) => s.csv);
  const setCsv = useImports((s) => s.setCsv);
  const clear = useImports((s) => s.clear);
  const committing = useImports((s) => s.committing);
  const busy = useApp((s) => s.busy);
  const go = useApp((s) => s.go);
  const notify = useApp((s) => s.notify);
  const input = useRef<HTMLInputElement>(null);
  const [over, setOver] = useState(false);

  const hasCsv = items.some((i) => CSV_FORMATS.has(i.override || i.preview?.format || '') || /\.(csv|tsv|txt)$/i.test(i.name));
  const toImport = commitGroups(items).reduce((n, g) => n + g.refs.length, 0);
  const pending = items.some((i) => i.loading);
  const anyDone = items.some((i) => i.result?.ok);

  const choose = () => {
    if (transport.kind === 'electron') void pickElectronFiles().catch((e) => notify('error', errorText(e)));
    else input.current?.click();
  };

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    const files = Array.from(e.dataTransfer.files);
    if (files.length === 0) return;
    if (transport.kind === 'electron') {
      // The preload turns the dropped files into paths; the main process grants them.
      void dropElectronFiles(files).catch((err) => notify('error', errorText(err)));
      return;
    }
    void addBrowserFiles(files);
  };

  const refreshCsvPreviews = () => {
    for (const i of useImports.getState().items) {
      if (!i.result && i.ref && (isCsvFile(i) || !i.preview)) void loadPreview(i.id);
    }
  };

  return (
    <div className="screen" data-testid="screen-import">
      <div className="screen-head">
        <h1>Import</h1>
        <div className="actions">
          {anyDone && (
            <button className="btn" onClick={() => go('workspace')}>
              Go to workspace
            </button>
          )}
          {items.length > 0 && (
            <button className="btn" disabled={committing} onClick={clear}>
              Clear list
            </button>
          )}
          <button
            className="btn btn-primary"
            disabled={toImport === 0 || pending || committing || !!busy}
            onClick={() => void commit()}
            data-testid="import-commit"
          >
            Import {toImport > 0 ? `${toImport} file${toImport > 1 ? 's' : ''}` : ''}
          </button>
        </div>
      </div>

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
          <strong>Drop files here</strong> or{' '}
          <button className="btn" onClick={choose} data-testid="choose-files">
            Choose files…
          </button>
        </p>
        <p className="muted small">
          Usage CSV · Clever Cloud invoices (v4 JSON) · price catalogs (JSON) · credits (CSV/JSON) · FOCUS CSV. The format is detected from the content; you can
          override it per file. Each file is imported in one transaction: all of its rows, or none.
        </p>
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

      {hasCsv && (
        <fieldset className="card csv-options">
          <legend>CSV options</legend>
          <label>
            Delimiter{' '}
            <select
              value={csv.delimiter}
              onChange={(e) => {
                setCsv({ delimiter: e.target.value });
                refreshCsvPreviews();
              }}
            >
              <option value="">Detect</option>
              <option value=",">Comma ,</option>
              <option value=";">Semicolon ;</option>
              <option value={'\t'}>Tab</option>
              <option value="|">Pipe |</option>
            </select>
          </label>
          <label>
            <input
              type="checkbox"
              checked={csv.decimalComma}
              onChange={(e) => {
                setCsv({ decimalComma: e.target.checked });
                refreshCsvPreviews();
              }}
            />{' '}
            Decimal comma (1234,56)
          </label>
          <label>
            Header row{' '}
            <input
              type="number"
              min={1}
              max={1000}
              value={csv.headerRow}
              className="input-narrow"
              onChange={(e) => {
                const n = Math.max(1, Math.min(1000, Math.trunc(Number(e.target.value) || 1)));
                setCsv({ headerRow: n });
                refreshCsvPreviews();
              }}
            />
          </label>
          {(csv.delimiter !== DEFAULT_CSV.delimiter || csv.decimalComma !== DEFAULT_CSV.decimalComma || csv.headerRow !== DEFAULT_CSV.headerRow) && (
            <button
              className="btn btn-small"
              onClick={() => {
                setCsv(DEFAULT_CSV);
                refreshCsvPreviews();
              }}
            >
              Reset
            </button>
          )}
          <span className="muted small">Applied to the CSV files of this import.</span>
        </fieldset>
      )}

      <TaskProgress phases={['import']} />

      <div className="file-list">
        {items.map((i) => (
          <FileCard key={i.id} item={i} />
        ))}
      </div>
    </div>
  );
}
