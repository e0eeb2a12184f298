// Property: a workbook is producible for every legitimate invoice. Random periods (EUR, JPY, KWD)
// whose billed amounts have up to 6 decimals (more than any currency's), some lines billed, some
// not, some billed with no usage, negative amounts included, are reconciled by the real module
// (shared/reconcile) and exported: the export never refuses, the cells hold the stored figures,
// and LibreOffice, recomputing every formula (stored results poisoned first), gets the same
// Summary and line variances as the stored figures. LibreOffice is slow to start, so each of its
// runs converts a batch of invoices at once.
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import JSZip from 'jszip';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import type { WorkbookData } from '../../electron/core/export/workbook/contract';
import { writeWorkbook } from '../../electron/core/export/workbook/index';
import { D, minorUnits } from '../../shared/money';
import { type BilledGroup, reconcile } from '../../shared/reconcile';
import type { RatedLine } from '../../shared/types';
import { tempDir } from './fixtures';
import { convert, IN_CI, SOFFICE } from './soffice';
import { rawCell, rawSheets, readWorkbook, sheet, summaryRows } from './xlsx-helpers';

const CURRENCIES = ['EUR', 'JPY', 'KWD'] as const;
const VAT = ['20', '5.5', '0', '8.1'] as const;

/** An amount of `units` × 10^−places, as fixed text. */
const amount = (units: bigint, places: number) => new D(units.toString()).div(new D(10).pow(places)).toFixed(places);

/** A recomputed amount in whole minor units, below 10^6 in the currency. */
const minorAmount = (currency: string) => {
  const places = minorUnits(currency);
  return fc.bigInt({ min: 0n, max: 10n ** BigInt(6 + places) }).map((u) => amount(u, places));
};

/**
 * A billed amount with 0 to 6 decimals, below 10^6 in size: near the recomputed amount (a few
 * millionths to a few units away) or anything, negative (a credit line) included.
 */
const billedAmount = (near: string | null) =>
  fc.integer({ min: 0, max: 6 }).chain((places) => {
    const scale = 10n ** BigInt(places);
    const anything = fc.bigInt({ min: -(10n ** 6n) * scale, max: 10n ** 6n * scale }).map((u) => amount(u, places));
    if (near === null) return anything;
    const base = BigInt(new D(near).times(scale.toString()).toFixed(0));
    return fc.oneof(
      fc.bigInt({ min: -5n * scale, max: 5n * scale }).map((d) => amount(base + d, places)),
      anything,
    );
  });

interface RandomInvoice {
  currency: string;
  vatPercent: string;
  rated: { perSecond: string; legacyExtra: string; creditShare: number; billed: string | null }[];
  unexplained: string[];
}

const invoice: fc.Arbitrary<RandomInvoice> = fc.constantFrom(...CURRENCIES).chain((currency) =>
  fc.record({
    currency: fc.constant(currency),
    vatPercent: fc.constantFrom(...VAT),
    rated: fc.array(
      minorAmount(currency).chain((perSecond) =>
        fc.record({
          perSecond: fc.constant(perSecond),
          legacyExtra: minorAmount(currency),
          creditShare: fc.integer({ min: 0, max: 4 }),
          billed: fc.option(billedAmount(perSecond), { freq: 4 }),
        }),
      ),
      { minLength: 0, maxLength: 12 },
    ),
    unexplained: fc.array(billedAmount(null), { maxLength: 3 }),
  }),
);

/** The workbook of a random invoice: rated lines as the rating gives them, reconciled by shared/reconcile. */
function workbookOf(inv: RandomInvoice, n: number): WorkbookData {
  const { currency } = inv;
  const digits = minorUnits(currency);
  const fixed = (v: InstanceType<typeof D>) => v.toDecimalPlaces(digits, D.ROUND_HALF_UP).toFixed(digits);
  const rated: RatedLine[] = inv.rated.map((r, i) => {
    const ps = new D(r.perSecond);
    const legacy = ps.plus(r.legacyExtra);
    const credit = fixed(ps.times(r.creditShare).div(4)); // none, a quarter … all of it
    return {
      key: `orga_p|application|app_${String(i).padStart(2, '0')}|apps.XS`,
      lineNo: i + 1,
      ownerId: 'orga_p',
      kind: 'application',
      itemId: `app_${String(i).padStart(2, '0')}`,
      itemName: `app ${i}`,
      priceItem: 'apps.XS',
      instances: 1,
      billableSeconds: 3600,
      unitPrice: '0.40',
      exactPerSecond: r.perSecond,
      exactLegacy: legacy.toFixed(),
      amountPerSecond: r.perSecond,
      amountLegacy: fixed(legacy),
      difference: fixed(legacy.minus(ps)),
      credit,
      net: fixed(ps.minus(credit)),
      explanation: [],
    };
  });
  const billed = new Map<string, BilledGroup>();
  const group = (key: string, itemId: string, amount: string): BilledGroup => ({
    key,
    kind: 'task',
    itemId,
    itemName: itemId,
    priceItem: '',
    amount,
    sources: [],
  });
  inv.rated.forEach((r, i) => {
    const l = rated[i]!;
    if (r.billed !== null) billed.set(l.key, { ...group(l.key, l.itemId, r.billed), kind: 'application', priceItem: 'apps.XS' });
  });
  inv.unexplained.forEach((a, i) => billed.set(`orga_p|task|extra_${i}|`, group(`orga_p|task|extra_${i}|`, `extra_${i}`, a)));

  const sum = (f: (l: RatedLine) => string) => rated.reduce((s, l) => s.plus(f(l)), new D(0));
  const subtotal = sum((l) => l.amountPerSecond);
  const legacy = sum((l) => l.amountLegacy);
  const credits = sum((l) => l.credit);
  const net = subtotal.minus(credits);
  const vat = new D(fixed(net.times(inv.vatPercent).div(100)));
  const rec = reconcile({ rated, billed, currency, subtotalPerSecond: fixed(subtotal), tolerance: '0.01', invoiceNumbers: [`P-${n}`] });
  const start = Date.UTC(2025, 2, 1);
  return {
    ownerId: 'orga_p',
    locale: 'en',
    invoice: {
      ownerId: 'orga_p',
      period: '2025-03',
      periodStart: start,
      periodEnd: Date.UTC(2025, 3, 1),
      timeZone: 'UTC',
      currency,
      granularitySeconds: 600,
      lines: [],
      subtotalPerSecond: fixed(subtotal),
      subtotalLegacy: fixed(legacy),
      difference: fixed(legacy.minus(subtotal)),
      creditsApplied: fixed(credits),
      netBeforeTax: fixed(net),
      vatPercent: inv.vatPercent,
      vat: fixed(vat),
      total: fixed(net.plus(vat)),
      allocations: [],
      balances: [],
    },
    generatedAt: Date.UTC(2025, 3, 2),
    sourceFiles: [],
    lines: rec.lines.map((l) => ({ ...l, review: 'unreviewed', changedSinceReview: false, annotationCount: 0, flaggedRows: 0, annotationsText: '' })),
    billedTotal: rec.summary.billedTotal,
    variance: rec.summary.variance,
    details: () => [],
    credits: { balances: [], allocations: [] },
    audit: () => [],
    auditHead: '0'.repeat(64),
  };
}

/** The Summary totals and the figures stored for them. */
function totals(data: WorkbookData): [string, string][] {
  const i = data.invoice;
  return [
    ['Subtotal (per second)', i.subtotalPerSecond],
    ['Subtotal (10-minute slices)', i.subtotalLegacy],
    ['Difference', i.difference],
    ['Credits applied', i.creditsApplied],
    ['Net before tax', i.netBeforeTax],
    ['VAT', i.vat],
    ['Total', i.total],
    ['Billed total (provider)', data.billedTotal],
    ['Variance', data.variance],
  ];
}

/** A copy of the workbook where every formula's stored result is a wrong number. */
async function poisoned(file: string, to: string): Promise<void> {
  const zip = await JSZip.loadAsync(fs.readFileSync(file));
  for (const name of Object.keys(zip.files).filter((n) => /^xl\/worksheets\/sheet\d+\.xml$/.test(n))) {
    const xml = await zip.file(name)!.async('string');
    zip.file(
      name,
      xml.replace(/(<f>[^<]*<\/f>)<v>[^<]*<\/v>/g, (_m, f: string) => `${f}<v>987654.321</v>`),
    );
  }
  fs.writeFileSync(to, await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));
}

/** CSV export: comma, double quotes, UTF-8, raw values (not as shown), every sheet to its own file (-1). */
const CSV_FILTER = 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1';

function csvOf(outDir: string, base: string, sheetName: string): string[][] {
  const file = path.join(outDir, `${base}-${sheetName}.csv`);
  if (!fs.existsSync(file)) throw new Error(`LibreOffice wrote no CSV for ${base} ${sheetName}: ${fs.readdirSync(outDir).join(', ')}`);
  return Papa.parse<string[]>(fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, ''), { skipEmptyLines: true }).data;
}

describe('billed amounts with more decimals than the currency', () => {
  it('always export, and the cells hold the stored figures', { timeout: 120_000 }, async () => {
    const dir = tempDir('slicewise-billed-');
    let n = 0;
    await fc.assert(
      fc.asyncProperty(invoice, async (inv) => {
        const data = workbookOf(inv, ++n);
        const file = path.join(dir, `p${n}.xlsx`);
        await writeWorkbook(data, file); // never refused
        const summary = summaryRows(sheet(await readWorkbook(file), 'Summary'));
        const xml = (await rawSheets(file)).get('Summary')!;
        for (const [label, figure] of totals(data)) {
          // The stored result as written (exceljs reads a stored 0 as none).
          const stored = /<v>([^<]*)<\/v>/.exec(rawCell(xml, summary.get(label)!.cell.address))?.[1];
          expect(Number(stored), label).toBe(Number(figure));
        }
        fs.rmSync(file);
      }),
      { numRuns: 40 },
    );
  });

  describe.skipIf(!SOFFICE && !IN_CI)('recomputed by LibreOffice', () => {
    it('give the stored Summary and line variances', { timeout: 400_000 }, async () => {
      let batch = 0;
      await fc.assert(
        fc.asyncProperty(fc.array(invoice, { minLength: 6, maxLength: 6 }), async (invoices) => {
          const dir = tempDir('slicewise-billed-lo-');
          const outDir = path.join(dir, 'csv');
          fs.mkdirSync(outDir);
          const cases = invoices.map((inv, i) => ({ base: `b${++batch}-${i}`, data: workbookOf(inv, i) }));
          const inputs: string[] = [];
          for (const { base, data } of cases) {
            const file = path.join(dir, `${base}-ok.xlsx`);
            await writeWorkbook(data, file);
            const bad = path.join(dir, `${base}.xlsx`);
            await poisoned(file, bad);
            inputs.push(bad);
          }
          await convert(inputs, outDir, CSV_FILTER);
          for (const { base, data } of cases) {
            const summary = new Map(csvOf(outDir, base, 'Summary').map((r) => [r[0], r[1]]));
            for (const [label, figure] of totals(data)) {
              const value = summary.get(label);
              expect(value, `${base} ${label}`).toBeDefined();
              expect(new D(value!).eq(figure), `${base} ${label}: LibreOffice ${value}, stored ${figure}`).toBe(true);
            }
            const lines = csvOf(outDir, base, 'Lines');
            const at = lines[0]!.indexOf('Variance');
            data.lines.forEach((l, i) => {
              const value = lines[i + 1]![at]!;
              expect(new D(value).eq(l.variance), `${base} line ${l.lineNo} variance: LibreOffice ${value}, stored ${l.variance}`).toBe(true);
            });
          }
          fs.rmSync(dir, { recursive: true, force: true });
        }),
        // Each run starts LibreOffice once (seconds); a failure is reported as found, not shrunk
        // through dozens more runs of it.
        { numRuns: 2, endOnFailure: true },
      );
    });
  });
});
