// What the Import screen does: previews files (uploaded or granted), imports them, refreshes
// the previews when the CSV options change. The list itself is state/imports.
import { send, transport, type PickedFile } from '../api/transport';
import { t } from '../i18n';
import { errorText, useApp } from './app';
import { commitGroups, csvOptions, isCsvFile, useImports, type ImportItem } from './imports';

/** A file just added: included, its preview loading, its format detected from content. */
function newItem(file: Pick<ImportItem, 'name' | 'size' | 'file' | 'ref' | 'uploaded'>): Omit<ImportItem, 'id'> {
  return { ...file, override: '', preview: null, previewError: null, loading: true, include: true, result: null };
}

export async function loadPreview(id: number): Promise<void> {
  const st = useImports.getState();
  const item = st.items.find((i) => i.id === id);
  if (!item || !item.ref) return;
  st.update(id, { loading: true, previewError: null });
  try {
    const csv = csvOptions(st.csv);
    const withCsv = csv && (item.preview ? isCsvFile(item) : !/\.json$/i.test(item.name));
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

/** Browser: files picked or dropped, uploaded to the bridge, then previewed. */
export async function addBrowserFiles(files: File[]): Promise<void> {
  if (!transport.uploadFile) return;
  const ids = useImports.getState().add(files.map((f) => newItem({ name: f.name, size: f.size, file: f, ref: null, uploaded: 0 })));
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
  const ids = useImports.getState().add(picked.map((p) => newItem({ name: p.name, size: null, ref: p.ref, uploaded: null })));
  await Promise.all(ids.map((id) => loadPreview(id)));
}

export async function pickElectronFiles(): Promise<void> {
  if (!transport.pickFiles) return;
  await addGrantedFiles(await transport.pickFiles());
}

export async function dropElectronFiles(files: File[]): Promise<void> {
  if (!transport.grantDroppedFiles) return;
  const granted = await transport.grantDroppedFiles(files);
  const skipped = files.length - granted.length;
  if (skipped > 0) {
    useApp.getState().notify('info', t('import.droppedSkipped', { count: skipped, n: skipped, choose: t('import.choose') }), 'import-drop');
  }
  await addGrantedFiles(granted);
}

/** Imports the checked files: one `import.commit` per group (state/imports' commitGroups). */
export async function commitImports(): Promise<void> {
  const st = useImports.getState();
  const groups = commitGroups(st.items);
  if (groups.length === 0) return;
  st.setCommitting(true);
  const csv = csvOptions(st.csv);
  const app = useApp.getState();
  let ok = 0;
  let failed = 0;
  await app.run(
    t('import.importing'),
    async () => {
      for (const g of groups) {
        const res = await send('import.commit', { files: g.refs, ...(g.override ? { format: g.override } : {}), ...(csv && g.csv ? { csv } : {}) });
        res.results.forEach((r, n) => {
          const id = g.ids[n];
          if (id !== undefined) useImports.getState().update(id, { result: r });
          if (r.ok) ok++;
          else failed++;
        });
      }
    },
    'import',
  );
  useImports.getState().setCommitting(false);
  await useApp.getState().refreshOverview();
  if (ok > 0 || failed > 0) {
    useApp
      .getState()
      .notify(
        failed > 0 ? 'error' : 'ok',
        failed > 0
          ? t('import.doneRefused', { count: ok, n: ok, refused: t('import.refused', { count: failed, n: failed }) })
          : t('import.done', { count: ok, n: ok }),
        'import',
      );
  }
}

/** The CSV options changed: preview again the files they concern. */
export function refreshCsvPreviews(): void {
  for (const i of useImports.getState().items) {
    if (!i.result && i.ref && (isCsvFile(i) || !i.preview)) void loadPreview(i.id);
  }
}
