// The IPC handlers' logic with fake dialogs and a fake core: senders, payloads, grants.
import { describe, expect, it, vi } from 'vitest';
import type { FileGrants } from '../../electron/core/context';
import { createIpcHandlers, UntrustedSenderError } from '../../electron/host/ipc';

const app = { senderFrame: { url: 'app://slicewise/' } };
const foreign = [
  { senderFrame: { url: 'https://evil.example/' } },
  { senderFrame: { url: 'file:///tmp/x.html' } },
  { senderFrame: null },
  {},
];

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
    for (const ev of foreign) {
      await expect(s.handlers.call(ev, 'workspace.overview', {})).rejects.toBeInstanceOf(UntrustedSenderError);
      await expect(s.handlers.openFiles(ev)).rejects.toBeInstanceOf(UntrustedSenderError);
      await expect(s.handlers.saveFile(ev, 'x.xlsx')).rejects.toBeInstanceOf(UntrustedSenderError);
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
