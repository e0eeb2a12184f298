// The whole pipeline on the sample workspace, against figures the sample generator computed
// independently of the rating module (resources/sample/expected.json).
import { beforeAll, describe, expect, it } from 'vitest';
import Decimal from 'decimal.js';
import fs from 'node:fs';
import path from 'node:path';
import { expectedSample, importSample, openTestCore, sampleFiles, tempDir, type TestCore } from './helpers';

const expected = expectedSample();
const PERIODS = Object.keys(expected.periods);

describe('sample workspace, imported, rated and reconciled', () => {
  let core: TestCore;
  beforeAll(async () => {
    core = openTestCore();
    await importSample(core);
    for (const period of [...new Set([...PERIODS, ...Object.keys(expected.focus.periods)])]) await core.call('rate.run', { period });
  });

  it('lists the owner and every period as rated and reconciled', async () => {
    const ov = await core.call('workspace.overview', {});
    const mine = ov.periods.filter((p) => p.ownerId === expected.ownerId);
    expect(mine.map((p) => p.period)).toEqual(PERIODS);
    for (const p of mine) {
      expect(p.hasInvoice).toBe(true);
      expect(p.ratedAt).not.toBeNull();
      expect(p.reconciledAt).not.toBeNull();
      expect(p.stale).toBe(false);
    }
    expect(ov.batches).toHaveLength(sampleFiles().length);
  });

  for (const period of PERIODS) {
    it(`${period}: every line and total equals the generator's independent figures`, async () => {
      const want = expected.periods[period]!;
      const got = await core.call('lines.list', { period, ownerId: expected.ownerId, limit: 5000 });
      expect(got.rows.map((r) => [r.kind, r.itemId, r.priceItem, r.amountPerSecond, r.amountLegacy, r.credit, r.net, r.billed, r.variance, r.status])).toEqual(
        want.lines.map((l) => [l.kind, l.itemId, l.priceItem, l.amountPerSecond, l.amountLegacy, l.credit, l.net, l.billed, l.variance, l.status]),
      );
      const t = want.totals;
      expect(got.invoice).toMatchObject({
        subtotalPerSecond: t.subtotalPerSecond,
        subtotalLegacy: t.subtotalLegacy,
        difference: t.difference,
        creditsApplied: t.creditsApplied,
        netBeforeTax: t.netBeforeTax,
        vat: t.vat,
        total: t.total,
        billedTotal: t.billedTotal,
        variance: t.variance,
      });
      const summary = (await core.call('workspace.overview', {})).periods.find((p) => p.ownerId === expected.ownerId && p.period === period)!;
      expect(summary.counts).toEqual(t.counts);
    });
  }

  it('finds exactly the documented discrepancies and no others', async () => {
    const found = [];
    for (const period of PERIODS) {
      const r = await core.call('lines.list', {
        period,
        ownerId: expected.ownerId,
        statuses: ['over_billed', 'under_billed', 'missing_from_invoice', 'unexplained_charge'],
        limit: 5000,
      });
      found.push(
        ...r.rows.map((x) => ({
          period,
          kind: x.kind,
          itemId: x.itemId,
          priceItem: x.priceItem,
          status: x.status,
          billed: x.billed,
          recomputed: x.amountPerSecond,
          variance: x.variance,
        })),
      );
    }
    expect(found).toEqual(
      expected.discrepancies.map(({ period, kind, itemId, priceItem, status, billed, recomputed, variance }) => ({
        period,
        kind,
        itemId,
        priceItem,
        status,
        billed,
        recomputed,
        variance,
      })),
    );
  });

  it('explains a line step by step and traces it to source rows', async () => {
    const march = await core.call('lines.list', { period: '2021-03', ownerId: expected.ownerId, search: 'marketing-site', kinds: ['build'] });
    const build = march.rows[0]!;
    expect([build.amountPerSecond, build.amountLegacy, build.billableSeconds]).toEqual(['0.08', '0.13', 762]);
    const d = await core.call('lines.detail', { period: '2021-03', ownerId: expected.ownerId, lineKey: build.key });
    expect(d.explanation.length).toBeGreaterThan(2);
    expect(d.explanation.map((s) => s.value)).toContain('0.08');
    expect(d.details).toHaveLength(1);
    expect(d.details[0]!.source.file).toBe('usage-2021-03.csv');
    expect(d.details[0]!.source.row).toMatch(/^\d+$/);
    expect(d.billedSources[0]!.source.file).toBe('invoice-2021-03.json');
  });

  it('keys billed lines by app_id and keeps the invoice item_id as their reference', async () => {
    for (const period of PERIODS) {
      const want = expected.periods[period]!.lines.filter((l) => l.billedRef !== null);
      const rows = (await core.call('lines.list', { period, ownerId: expected.ownerId, limit: 5000 })).rows;
      for (const l of want) {
        const row = rows.find((r) => r.kind === l.kind && r.itemId === l.itemId && r.priceItem === l.priceItem)!;
        const d = await core.call('lines.detail', { period, ownerId: expected.ownerId, lineKey: row.key });
        expect([...new Set(d.billedSources.map((b) => b.itemRef))], `${period} ${l.kind} ${l.itemId} ${l.priceItem}`).toEqual([l.billedRef]);
        expect(l.billedRef).not.toBe(l.itemId);
      }
    }
  });

  it('rates the month only the invoice covers from its own intervals, not the usage row spilling into it', async () => {
    const may = expected.periods['2021-05']!;
    expect(may.ratedFrom).toBe('invoice');
    const under = (await core.call('lines.list', { period: '2021-05', ownerId: expected.ownerId, statuses: ['under_billed'] })).rows[0]!;
    // One of its details ends 125 µs past a whole second: that started second counts.
    expect(under.billableSeconds).toBe(may.lines.find((l) => l.status === 'under_billed')!.billableSeconds);
    const d = await core.call('lines.detail', { period: '2021-05', ownerId: expected.ownerId, lineKey: under.key });
    expect(new Set(d.details.map((x) => x.source.file))).toEqual(new Set(['invoice-2021-05.json']));
    const marketing = may.lines.find((l) => l.kind === 'application' && l.priceItem === 'apps.nano')!;
    const m = (await core.call('lines.list', { period: '2021-05', ownerId: expected.ownerId, limit: 5000 })).rows.find((r) => r.itemId === marketing.itemId)!;
    const md = await core.call('lines.detail', { period: '2021-05', ownerId: expected.ownerId, lineKey: m.key });
    expect(md.details.every((x) => x.source.file === 'invoice-2021-05.json')).toBe(true);
    expect(m.billableSeconds).toBe(marketing.billableSeconds);
  });

  describe('the second cloud account, a FOCUS 1.2 export with its invoice totals', () => {
    const focus = expected.focus;
    const exact = (v: string | null) => (v === null ? null : new Decimal(v).toFixed());
    for (const [period, want] of Object.entries(focus.periods)) {
      it(`${period}: every FOCUS line, total and invoice check equals the generator's figures`, async () => {
        const got = await core.call('lines.list', { period, ownerId: focus.ownerId, limit: 5000 });
        expect(
          got.rows.map((r) => [r.kind, r.itemId, r.itemName, r.priceItem, exact(r.amountPerSecond), exact(r.billed), r.variance, r.status, r.flaggedRows]),
        ).toEqual(want.lines.map((l) => [l.kind, l.itemId, l.itemName, l.priceItem, l.amountPerSecond, l.billed, l.variance, l.status, l.flaggedRows]));
        expect(got.invoice).toMatchObject({
          currency: focus.currency,
          subtotalPerSecond: want.totals.subtotalPerSecond,
          billedTotal: want.totals.billedTotal,
          variance: want.totals.variance,
        });
        const summary = (await core.call('workspace.overview', {})).periods.find((p) => p.ownerId === focus.ownerId && p.period === period)!;
        expect(summary.counts).toEqual(want.totals.counts);
        expect([summary.focus?.accountName, summary.focus?.rows]).toEqual([focus.accountName, want.rows]);
        expect(summary.focus!.invoices.map((c) => [c.invoiceId, c.total, c.source, c.rows, c.rowsTotal, c.difference, c.status])).toEqual(
          focus.invoiceChecks.filter((c) => c.period === period).map((c) => [c.invoiceId, c.total, c.source, c.rows, c.rowsTotal, c.difference, c.status]),
        );
      });
    }

    it('flags exactly the row that breaks ListCost = ListUnitPrice × PricingQuantity, by file and row', async () => {
      const found = [];
      for (const period of Object.keys(focus.periods)) {
        const flagged = await core.call('lines.list', { period, ownerId: focus.ownerId, flagged: true, limit: 5000 });
        for (const l of flagged.rows) {
          const d = await core.call('lines.detail', { period, ownerId: focus.ownerId, lineKey: l.key });
          for (const r of d.focusRows)
            for (const f of r.flags) found.push({ period, lineNo: l.lineNo, itemId: l.itemId, file: r.source.file, row: r.source.row, ...f });
        }
      }
      expect(found).toEqual(focus.flaggedRows);
    });
  });

  it('exports a workbook whose Summary total is the rating figure', async () => {
    const ExcelJS = (await import('exceljs')).default;
    const out = path.join(tempDir(), 'march.xlsx');
    const r = await core.call('export.workbook', { period: '2021-03', ownerId: expected.ownerId, out });
    expect(r.lines).toBe(expected.periods['2021-03']!.lines.length);
    expect(fs.existsSync(out)).toBe(true);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Summary', 'Lines', 'Details', 'Credits', 'Audit']);
    const summary = wb.getWorksheet('Summary')!;
    const values = new Map<string, unknown>();
    summary.eachRow((row) => {
      const v = row.getCell(2).value as { result?: unknown } | unknown;
      values.set(String(row.getCell(1).value), typeof v === 'object' && v !== null && 'result' in v ? v.result : v);
    });
    expect(Number(values.get('Total')).toFixed(2)).toBe(expected.periods['2021-03']!.totals.total);
    expect(Number(values.get('Billed total (provider)')).toFixed(2)).toBe(expected.periods['2021-03']!.totals.billedTotal);
  });

  it('keeps review states and annotations across re-ratings and a later import', async () => {
    const period = '2021-03';
    const over = (await core.call('lines.list', { period, ownerId: expected.ownerId, statuses: ['over_billed'] })).rows[0]!;
    const disputed = () => core.call('lines.list', { period, ownerId: expected.ownerId, reviews: ['disputed'] });
    expect((await disputed()).total).toBe(0);
    await core.call('lines.setReview', { period, ownerId: expected.ownerId, lineKeys: [over.key], state: 'disputed', reason: 'Over-billed by 3.00' });
    const after = await disputed();
    expect([after.total, after.filtered.variance]).toEqual([1, over.variance]);
    await core.call('lines.annotate', { period, ownerId: expected.ownerId, lineKey: over.key, text: 'Provider billed 3 € too much; ticket #4411' });
    await core.call('settings.update', { granularitySeconds: 60 });
    await core.call('rate.run', { period });
    await core.call('settings.update', { granularitySeconds: 600 });
    // A late usage file for another application: new rows, the disputed line unchanged.
    const late = path.join(tempDir(), 'usage-2021-03-late.csv');
    fs.writeFileSync(
      late,
      'owner_id,item_type,item_id,item_name,instance_id,price_id,flavor_name,zone_id,consumption_start,consumption_end,quantity,unit,plan_id,description,unit_price,currency\n' +
        `${expected.ownerId},uptime,app_late,late-app,inst-1,apps.XS,XS,par,2021-03-10T10:00:00+01:00,2021-03-10T11:00:00+01:00,,,,,,EUR\n`,
    );
    expect((await core.call('import.commit', { files: [late] })).results[0]!.ok).toBe(true);
    expect((await core.call('workspace.overview', {})).periods.find((p) => p.ownerId === expected.ownerId && p.period === period)!.stale).toBe(true);
    await core.call('rate.run', { period });
    const lateLine = (await core.call('lines.list', { period, ownerId: expected.ownerId, search: 'late-app' })).rows;
    expect(lateLine.map((l) => [l.amountPerSecond, l.status])).toEqual([['0.03', 'missing_from_invoice']]);
    const again = (await core.call('lines.list', { period, ownerId: expected.ownerId, statuses: ['over_billed'] })).rows[0]!;
    expect(again.key).toBe(over.key);
    expect(again.review).toBe('disputed');
    expect(again.annotationCount).toBe(1);
    const detail = await core.call('lines.detail', { period, ownerId: expected.ownerId, lineKey: over.key });
    expect(detail.annotations.map((a) => a.text)).toEqual(['Provider billed 3 € too much; ticket #4411']);
    expect(detail.history.map((h) => h.action)).toEqual(['review', 'annotate']);
    const verify = await core.call('audit.verify', {});
    expect(verify.ok).toBe(true);
  });

  it('refuses a file already imported, naming it, and changes nothing', async () => {
    const before = (await core.call('workspace.overview', {})).batches.length;
    const r = await core.call('import.commit', { files: [sampleFiles()[0]!] });
    expect(r.results[0]!.ok).toBe(false);
    expect(r.results[0]!.error).toMatch(/already imported/);
    expect((await core.call('workspace.overview', {})).batches.length).toBe(before);
  });
});
