// The IPC handlers' logic with fake dialogs and a fake core: senders, payloads, grants.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { grantedContext, type FileGrants } from '../../electron/core/api/context';
import { dispatch } from '../../electron/core/api/dispatch';
import { openCore, type Core } from '../../electron/core/index';
import { createIpcHandlers, DroppedFilesError, UntrustedSenderError } from '../../electron/host/ipc';
import { MAX_DROPPED_FILES } from '../../electron/security';

const app = { senderFrame: { url: 'app://slicewise/' } };

// Real files for the drop tests: a usage CSV of the sample workspace, a JSON file, a folder.
let dropDir: string;
beforeAll(() => {
  dropDir = fs.mkdtempSync(path.join(os.tmpdir(), 'slicewise-drop-'));
  fs.copyFileSync(path.join(__dirname, '..', '..', 'resources', 'sample', 'usage-2021-03.csv'), path.join(dropDir, 'usage 2021-03.csv'));
  fs.writeFileSync(path.join(dropDir, 'notes.json'), '{}');
  fs.mkdirSync(path.join(dropDir, 'a folder.csv'));
});
afterAll(() => {
  fs.rmSync(dropDir, { recursive: true, force: true });
});
const foreign = [{ senderFrame: { url: 'https://evil.example/' } }, { senderFrame: { url: 'file:///tmp/x.html' } }, { senderFrame: null }, {}];

function setup(opts: { open?: string[]; save?: string | null } = {}) {
  const grants: FileGrants = { inputs: {}, outputs: {} };
  let n = 0;
  const call = vi.fn(async () => ({ ok: true as const, value: 'done' }));
  const showOpenDialog = vi.fn(async () => opts.open ?? []);
  const showSaveDialog = vi.fn(async () => (opts.save === undefined ? null : opts.save));
  const handlers = createIpcHandlers({ grants, call, showOpenDialog, showSaveDialog, newRef: (k) => `${k}_${++n}` });
  return { grants, call, showOpenDialog, showSaveDialog, handlers };
}

describe('IPC handlers', () => {
  it('forward a valid call with the session grants', async () => {
    const s = setup();
    expect(await s.handlers.call(app, 'workspace.overview', {})).toEqual({ ok: true, value: 'done' });
    expect(s.call).toHaveBeenCalledWith('workspace.overview', {}, s.grants);
  });

  it('refuse wrong senders on every channel, before doing anything', async () => {
    const s = setup({ open: ['/home/u/usage.csv'], save: '/home/u/out.xlsx' });
    const real = path.join(dropDir, 'usage 2021-03.csv');
    for (const ev of foreign) {
      await expect(s.handlers.call(ev, 'workspace.overview', {})).rejects.toBeInstanceOf(UntrustedSenderError);
      await expect(s.handlers.openFiles(ev)).rejects.toBeInstanceOf(UntrustedSenderError);
      await expect(s.handlers.saveFile(ev, 'x.xlsx')).rejects.toBeInstanceOf(UntrustedSenderError);
      await expect(s.handlers.dropFiles(ev, [real])).rejects.toBeInstanceOf(UntrustedSenderError);
    }
    expect(s.call).not.toHaveBeenCalled();
    expect(s.showOpenDialog).not.toHaveBeenCalled();
    expect(s.showSaveDialog).not.toHaveBeenCalled();
    expect(s.grants).toEqual({ inputs: {}, outputs: {} });
  });

  it('refuse bad payload shapes without reaching the core', async () => {
    const s = setup();
    expect(await s.handlers.call(app, 42, {})).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    expect(await s.handlers.call(app, 'workspace.overview', 'x')).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    expect(await s.handlers.call(app, 'workspace.overview', [1])).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    expect(s.call).not.toHaveBeenCalled();
    await expect(s.handlers.saveFile(app, { name: 'x' })).rejects.toThrow(/defaultName/);
  });

  it('turn chosen files into input grants with opaque refs', async () => {
    const s = setup({ open: ['/home/u/March usage.csv', 'relative/ignored.csv', '/home/u/invoice.json'] });
    const picked = await s.handlers.openFiles(app);
    expect(picked).toEqual([
      { ref: 'in_1', name: 'March usage.csv' },
      { ref: 'in_2', name: 'invoice.json' },
    ]);
    expect(s.grants.inputs).toEqual({
      in_1: { path: '/home/u/March usage.csv', name: 'March usage.csv' },
      in_2: { path: '/home/u/invoice.json', name: 'invoice.json' },
    });
    expect(s.grants.outputs).toEqual({});
  });

  it('turn a chosen save path into an output grant, null when cancelled', async () => {
    const s = setup({ save: '/home/u/Documents/invoice.xlsx' });
    expect(await s.handlers.saveFile(app, '../invoice.xlsx')).toBe('out_1');
    expect(s.showSaveDialog).toHaveBeenCalledWith('invoice.xlsx');
    expect(s.grants.outputs).toEqual({ out_1: { path: '/home/u/Documents/invoice.xlsx', name: 'invoice.xlsx' } });
    const c = setup({ save: null });
    expect(await c.handlers.saveFile(app, 'x.xlsx')).toBeNull();
    expect(c.grants.outputs).toEqual({});
  });

  it('makes unguessable refs by default', async () => {
    const grants: FileGrants = { inputs: {}, outputs: {} };
    const h = createIpcHandlers({ grants, call: vi.fn(), showOpenDialog: async () => ['/a/b.csv', '/a/c.csv'], showSaveDialog: async () => null });
    const [a, b] = await h.openFiles(app);
    expect(a?.ref).toMatch(/^in_[A-Za-z0-9_-]{24}$/);
    expect(a?.ref).not.toBe(b?.ref);
  });
});

describe('IPC: files dropped on the window', () => {
  it('turn dropped regular files into input grants with opaque refs', async () => {
    const s = setup();
    const usage = path.join(dropDir, 'usage 2021-03.csv');
    const notes = path.join(dropDir, 'notes.json');
    expect(await s.handlers.dropFiles(app, [usage, notes])).toEqual([
      { ref: 'in_1', name: 'usage 2021-03.csv' },
      { ref: 'in_2', name: 'notes.json' },
    ]);
    expect(s.grants).toEqual({
      inputs: { in_1: { path: usage, name: 'usage 2021-03.csv' }, in_2: { path: notes, name: 'notes.json' } },
      outputs: {},
    });
    expect(await s.handlers.dropFiles(app, [])).toEqual([]);
    expect(s.call).not.toHaveBeenCalled();
  });

  it('refuse a payload that is not a list of absolute paths, granting nothing', async () => {
    const s = setup();
    const usage = path.join(dropDir, 'usage 2021-03.csv');
    const bad: unknown[] = [
      undefined,
      null,
      usage, // a string, not a list
      { 0: usage, length: 1 },
      [42],
      [usage, null],
      [''],
      [`${usage}\0.txt`],
      ['usage 2021-03.csv'],
      ['./usage 2021-03.csv'],
      [path.relative(process.cwd(), usage)],
      [usage, 'relative.csv'],
    ];
    for (const payload of bad) {
      await expect(s.handlers.dropFiles(app, payload), JSON.stringify(payload)).rejects.toBeInstanceOf(DroppedFilesError);
    }
    expect(s.grants).toEqual({ inputs: {}, outputs: {} });
  });

  it('refuse folders, missing files and anything but a regular file — the whole drop', async () => {
    const s = setup();
    const usage = path.join(dropDir, 'usage 2021-03.csv');
    await expect(s.handlers.dropFiles(app, [path.join(dropDir, 'a folder.csv')])).rejects.toThrow(/“a folder\.csv” is a folder/);
    await expect(s.handlers.dropFiles(app, [dropDir])).rejects.toBeInstanceOf(DroppedFilesError);
    await expect(s.handlers.dropFiles(app, [path.join(dropDir, 'missing.csv')])).rejects.toThrow(/“missing\.csv” cannot be read/);
    // One bad entry refuses the drop: the good file next to it is not granted either.
    await expect(s.handlers.dropFiles(app, [usage, path.join(dropDir, 'a folder.csv')])).rejects.toBeInstanceOf(DroppedFilesError);
    await expect(s.handlers.dropFiles(app, [usage, path.join(dropDir, 'missing.csv')])).rejects.toBeInstanceOf(DroppedFilesError);
    if (process.platform !== 'win32') {
      await expect(s.handlers.dropFiles(app, ['/dev/null'])).rejects.toThrow(/not a regular file/); // a device
    }
    expect(s.grants).toEqual({ inputs: {}, outputs: {} });
  });

  it(`refuse more than ${MAX_DROPPED_FILES} files at once`, async () => {
    const s = setup();
    const usage = path.join(dropDir, 'usage 2021-03.csv');
    await expect(s.handlers.dropFiles(app, Array(MAX_DROPPED_FILES + 1).fill(usage))).rejects.toThrow(/Too many files/);
    expect(s.grants).toEqual({ inputs: {}, outputs: {} });
    expect(await s.handlers.dropFiles(app, Array(MAX_DROPPED_FILES).fill(usage))).toHaveLength(MAX_DROPPED_FILES);
  });
});

describe('IPC: a dropped file reaches the real core', () => {
  let wsDir: string;
  let core: Core;
  beforeAll(() => {
    wsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'slicewise-drop-ws-'));
    core = openCore(path.join(wsDir, 'ws.sqlite'));
  });
  afterAll(() => {
    core.close();
    fs.rmSync(wsDir, { recursive: true, force: true });
  });

  it('previews a dropped file by its ref; the raw path is still refused', async () => {
    const grants: FileGrants = { inputs: {}, outputs: {} };
    const handlers = createIpcHandlers({
      grants,
      call: (method, payload, g) =>
        dispatch(
          core.handlers,
          method,
          payload,
          grantedContext(g, () => undefined),
        ),
      showOpenDialog: async () => [],
      showSaveDialog: async () => null,
    });
    const usage = path.join(dropDir, 'usage 2021-03.csv');
    const [dropped] = await handlers.dropFiles(app, [usage]);
    expect(dropped?.ref).toMatch(/^in_[A-Za-z0-9_-]{24}$/);
    const preview = await handlers.call(app, 'import.preview', { file: dropped!.ref });
    expect(preview).toMatchObject({ ok: true, value: { fileName: 'usage 2021-03.csv', format: 'usage-csv', alreadyImported: false } });
    expect(await handlers.call(app, 'import.preview', { file: usage })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });
});
