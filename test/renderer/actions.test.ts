// The renderer's rate-and-reconcile action against a real core (a real workspace file, the real
// handlers): only the transport is replaced, by direct calls through the contract.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Method, Req } from '../../shared/contract/api';
import { expectedSample, importSample, openTestCore, type TestCore } from '../api/helpers';

const wire = vi.hoisted(() => ({ core: null as TestCore | null, calls: [] as { method: string; req: unknown }[] }));

vi.mock('../../renderer/src/api/transport', () => ({
  send: (method: Method, req: Req<Method>) => {
    wire.calls.push({ method, req });
    return wire.core!.call(method, req);
  },
  transport: { kind: 'browser', onProgress: () => () => undefined, onMenu: () => () => undefined },
}));

const { importedPeriods, rateAndReconcile, ratedMessage } = await import('../../renderer/src/state/actions');
const { useApp } = await import('../../renderer/src/state/app');

const expected = expectedSample();
const OWNER = expected.ownerId;

async function auditCounts(period: string): Promise<{ rate: number; reconcile: number }> {
  const { entries } = await wire.core!.call('audit.list', { offset: 0, limit: 1000 });
  const of = (action: string) => entries.filter((e) => e.action === action && e.subject === `${OWNER} ${period}`).length;
  return { rate: of('rate'), reconcile: of('reconcile') };
}

describe('rateAndReconcile', () => {
  beforeAll(async () => {
    wire.core = openTestCore();
    await importSample(wire.core);
    await useApp.getState().refreshOverview();
  });
  afterAll(() => wire.core?.close());

  it('one click: one rate.run, one rate and one reconcile audit entry', async () => {
    wire.calls = [];
    expect(await rateAndReconcile(['2021-03'], OWNER)).toBe(true);
    expect(wire.calls.filter((c) => c.method !== 'workspace.overview')).toEqual([{ method: 'rate.run', req: { period: '2021-03', ownerId: OWNER } }]);
    expect(await auditCounts('2021-03')).toEqual({ rate: 1, reconcile: 1 });
    expect(useApp.getState().banners.at(-1)).toMatchObject({ kind: 'ok', text: 'Atelier Lumen SAS · March 2021: rated and reconciled.' });
    const march = useApp.getState().overview?.periods.find((p) => p.period === '2021-03');
    expect(march?.reconciledAt).not.toBeNull();
    expect(march?.total).toBe(expected.periods['2021-03']!.totals.total);
  });

  it('rates the periods in the order asked, each once; the core carries the credits over', async () => {
    expect(importedPeriods().sort()).toEqual(['2021-03', '2021-04', '2021-05']);
    wire.calls = [];
    // April first: its credits depend on what March used, which the core works out itself.
    expect(await rateAndReconcile(['2021-04', '2021-05', '2021-03', '2021-04'])).toBe(true);
    expect(wire.calls.filter((c) => c.method === 'rate.run').map((c) => c.req)).toEqual([{ period: '2021-04' }, { period: '2021-05' }, { period: '2021-03' }]);
    // The banner counts what the workspace lists: the organisation's 3 months and the FOCUS account's April and May.
    expect(useApp.getState().banners.at(-1)).toMatchObject({ kind: 'ok', text: 'Rated and reconciled 5 periods (2 owners, 3 months).' });
    expect(wire.calls.some((c) => c.method === 'reconcile.run')).toBe(false);
    expect(await auditCounts('2021-04')).toEqual({ rate: 1, reconcile: 1 });
    expect(await auditCounts('2021-05')).toEqual({ rate: 1, reconcile: 1 });
    expect(await auditCounts('2021-03')).toEqual({ rate: 2, reconcile: 2 });
    for (const period of ['2021-03', '2021-04', '2021-05']) {
      const summary = useApp.getState().overview?.periods.find((p) => p.ownerId === expected.ownerId && p.period === period);
      const want = expected.periods[period]!.totals;
      expect([summary?.creditsApplied, summary?.total, summary?.variance], period).toEqual([want.creditsApplied, want.total, want.variance]);
    }
  });

  it('counts (owner, period) pairs, each once, in the banner', () => {
    const a = { ownerId: 'orga_a', period: '2021-04' };
    const b = { ownerId: 'acct:USD', period: '2021-04' };
    expect(ratedMessage([a, b], 'en')).toBe('Rated and reconciled 2 periods (2 owners, 1 month).');
    expect(ratedMessage([a, a], 'en')).toBe('orga_a · April 2021: rated and reconciled.');
    expect(ratedMessage([], 'en')).toBe('Nothing to rate: no usage or invoice for these periods.');
  });
});
