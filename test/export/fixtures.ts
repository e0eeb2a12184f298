// WorkbookData fixtures built directly (no database): a few lines of every kind, details with a
// cut interval, credits, annotations, a null billed amount, an unexplained charge, hostile texts,
// and an audit log chained by SHA-256. Totals are derived here with exact decimals, the way the
// rating and reconciliation modules derive them.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AuditEntry } from '../../electron/core/store/audit';
import type { WorkbookData, WorkbookLine } from '../../electron/core/export/workbook/contract';
import type { Locale } from '../../shared/i18n/labels';
import { D, minorUnits } from '../../shared/money';
import type { LineKind, LineStatus, RatedDetail, ReviewState } from '../../shared/types';

export const HOSTILE = {
  hyperlink: '=HYPERLINK("http://x","click")',
  plus: '+1+2',
  minus: '-3',
  at: '@SUM(A1)',
  tab: '\t=1+1',
  cr: '\r=2+2',
} as const;

export interface LineSpec {
  kind: LineKind;
  itemId: string;
  itemName: string;
  priceItem: string;
  instances: number;
  seconds: number;
  unitPrice: string | null;
  perSecond: string;
  legacy: string;
  credit: string;
  billed: string | null;
  status: LineStatus;
  review?: ReviewState;
  changedSinceReview?: boolean;
  annotations?: string;
}

export interface DetailSpec {
  lineNo: number;
  instanceId: string;
  start: number;
  end: number;
  cut?: boolean;
  row?: string;
}

export interface FixtureOptions {
  currency: string;
  vatPercent: string;
  timeZone: string;
  period: string;
  periodStart: number;
  periodEnd: number;
  lines: LineSpec[];
  details: DetailSpec[] | (() => Iterable<{ lineNo: number; itemId: string; detail: RatedDetail }>);
  audit?: () => Iterable<AuditEntry>;
  locale?: Locale;
}

function money(v: InstanceType<typeof D>, currency: string): string {
  return v.toDecimalPlaces(minorUnits(currency), D.ROUND_HALF_UP).toFixed(minorUnits(currency));
}

/** A figure from billed amounts: exact, with at least the currency's digits (billed amounts keep the invoice's). */
function exact(v: InstanceType<typeof D>, currency: string): string {
  return v.toFixed(Math.max(v.decimalPlaces(), minorUnits(currency)));
}

export function auditChain(n: number, at0: number): AuditEntry[] {
  const out: AuditEntry[] = [];
  let prev = '0'.repeat(64);
  const actions = ['import', 'rate', 'review', 'annotate', 'export'];
  for (let seq = 1; seq <= n; seq++) {
    const e = {
      seq,
      at: at0 + seq * 61_000,
      actor: seq === 2 ? HOSTILE.at : 'alice',
      action: actions[(seq - 1) % actions.length]!,
      subject: seq === 3 ? HOSTILE.hyperlink : `orga_1 2025-10 line${seq}`,
      detail: JSON.stringify({ n: seq, text: seq === 4 ? HOSTILE.minus : 'ok' }),
    };
    const hash = createHash('sha256')
      .update(prev + JSON.stringify([e.seq, e.at, e.actor, e.action, e.subject, e.detail]))
      .digest('hex');
    out.push({ ...e, prevHash: prev, hash });
    prev = hash;
  }
  return out;
}

export function buildData(o: FixtureOptions): WorkbookData {
  const cur = o.currency;
  const lines: WorkbookLine[] = o.lines.map((s, i) => {
    const ps = new D(s.perSecond);
    return {
      key: `orga_1|${s.kind}|${s.itemId}|${s.priceItem}`,
      lineNo: i + 1,
      kind: s.kind,
      itemId: s.itemId,
      itemName: s.itemName,
      priceItem: s.priceItem,
      instances: s.instances,
      billableSeconds: s.seconds,
      unitPrice: s.unitPrice,
      amountPerSecond: s.perSecond,
      amountLegacy: s.legacy,
      difference: money(new D(s.legacy).minus(ps), cur),
      credit: s.credit,
      net: money(ps.minus(s.credit), cur),
      billed: s.billed,
      variance: exact(new D(s.billed ?? 0).minus(ps), cur),
      status: s.status,
      review: s.review ?? 'unreviewed',
      changedSinceReview: s.changedSinceReview ?? false,
      annotationCount: s.annotations ? s.annotations.split('\n').length : 0,
      flaggedRows: 0,
      annotationsText: s.annotations ?? '',
    };
  });
  const sum = (f: (l: WorkbookLine) => string | null) => lines.reduce((a, l) => a.plus(f(l) ?? 0), new D(0));
  const subtotalPerSecond = sum((l) => l.amountPerSecond);
  const subtotalLegacy = sum((l) => l.amountLegacy);
  const creditsApplied = sum((l) => l.credit);
  const net = subtotalPerSecond.minus(creditsApplied);
  const vat = new D(money(net.times(o.vatPercent).div(100), cur));
  const billedTotal = sum((l) => l.billed);
  const byLine = new Map(lines.map((l) => [l.lineNo, l]));
  const creditLines = lines.filter((l) => new D(l.credit).gt(0));
  const details =
    typeof o.details === 'function'
      ? o.details
      : () =>
          (o.details as DetailSpec[]).map((d, i) => {
            const line = byLine.get(d.lineNo)!;
            const seconds = Math.ceil((d.end - d.start) / 1000);
            const price = line.unitPrice ?? '0';
            return {
              lineNo: d.lineNo,
              itemId: line.itemId,
              detail: {
                intervalId: i + 1,
                instanceId: d.instanceId,
                priceItem: line.priceItem,
                start: d.start,
                end: d.end,
                cut: d.cut ?? false,
                billableSeconds: seconds,
                pricePerHour: price,
                exactAmount: new D(seconds).times(price).div(3600).toDecimalPlaces(20).toFixed(),
                legacySlices: Math.ceil(seconds / 600),
                exactLegacyAmount: new D(Math.ceil(seconds / 600)).times(price).div(6).toDecimalPlaces(20).toFixed(),
                source: { batchId: 1, file: 'usage-2025-10.csv', row: d.row ?? String(i + 2) },
              },
            };
          });
  const audit = o.audit ?? (() => auditChain(6, o.periodEnd + 3_600_000));
  return {
    ownerId: 'orga_1',
    locale: o.locale ?? 'en',
    auditHead: `7:${'c'.repeat(64)}`,
    invoice: {
      ownerId: 'orga_1',
      period: o.period,
      periodStart: o.periodStart,
      periodEnd: o.periodEnd,
      timeZone: o.timeZone,
      currency: cur,
      granularitySeconds: 600,
      lines: [],
      subtotalPerSecond: money(subtotalPerSecond, cur),
      subtotalLegacy: money(subtotalLegacy, cur),
      difference: money(subtotalLegacy.minus(subtotalPerSecond), cur),
      creditsApplied: money(creditsApplied, cur),
      netBeforeTax: money(net, cur),
      vatPercent: o.vatPercent,
      vat: money(vat, cur),
      total: money(net.plus(vat), cur),
      allocations: creditLines.map((l) => ({ creditId: 'free-2025', lineKey: l.key, lineNo: l.lineNo, amount: l.credit })),
      balances: [],
    },
    generatedAt: o.periodEnd + 5 * 86_400_000 + 3_723_000,
    sourceFiles: [
      { name: 'usage-2025-10.csv', sha256: 'a'.repeat(64) },
      { name: HOSTILE.hyperlink, sha256: 'b'.repeat(64) },
    ],
    lines,
    billedTotal: exact(billedTotal, cur),
    variance: exact(billedTotal.minus(subtotalPerSecond), cur),
    details,
    credits: {
      balances: [
        {
          creditId: 'free-2025',
          kind: 'free',
          scope: 'all',
          expiresAt: Date.UTC(2025, 11, 31, 23),
          description: 'Welcome',
          opening: '0',
          granted: money(creditsApplied.plus(5), cur),
          used: money(creditsApplied, cur),
          expired: '0',
          closing: money(new D(5), cur),
        },
        {
          creditId: HOSTILE.plus,
          kind: 'prepaid',
          scope: ['application', 'build'],
          expiresAt: null,
          description: '',
          opening: money(new D(100), cur),
          granted: '0',
          used: '0',
          expired: '0',
          closing: money(new D(100), cur),
        },
      ],
      allocations: creditLines.map((l) => ({ creditId: 'free-2025', lineKey: l.key, lineNo: l.lineNo, amount: l.credit, itemName: l.itemName })),
    },
    audit,
  };
}

// Europe/Paris, October 2025 (DST ends on the 26th): [2025-09-30T22:00Z, 2025-10-31T23:00Z).
export const OCT_START = Date.UTC(2025, 8, 30, 22);
export const OCT_END = Date.UTC(2025, 9, 31, 23);

export function eurData(overrides: Partial<FixtureOptions> = {}): WorkbookData {
  return buildData({
    currency: 'EUR',
    vatPercent: '20',
    timeZone: 'Europe/Paris',
    period: '2025-10',
    periodStart: OCT_START,
    periodEnd: OCT_END,
    lines: [
      {
        kind: 'application',
        itemId: 'app_1',
        itemName: HOSTILE.hyperlink,
        priceItem: 'apps.XS',
        instances: 2,
        seconds: 266_706,
        unitPrice: '0.0335',
        perSecond: '2.48',
        legacy: '2.51',
        credit: '2.48',
        billed: '2.51',
        status: 'over_billed',
        review: 'disputed',
        annotations: 'alice (2025-11-03 10:00): billed per slice\nbob (2025-11-04 09:30): =1+1 is not a formula',
      },
      {
        kind: 'application',
        itemId: 'app_1',
        itemName: HOSTILE.hyperlink,
        priceItem: 'apps.M',
        instances: 1,
        seconds: 7_322,
        unitPrice: '0.2',
        perSecond: '0.41',
        legacy: '0.43',
        credit: '0.41',
        billed: '0.41',
        status: 'match',
        review: 'approved',
      },
      {
        kind: 'build',
        itemId: 'app_1',
        itemName: HOSTILE.plus,
        priceItem: 'build.M',
        instances: 1,
        seconds: 762,
        unitPrice: '0.4',
        perSecond: '0.08',
        legacy: '0.13',
        credit: '0.08',
        billed: '0.13',
        status: 'over_billed',
      },
      {
        kind: 'addon',
        itemId: 'addon_pg',
        itemName: HOSTILE.minus,
        priceItem: 'postgresql.S',
        instances: 1,
        seconds: 2_682_000,
        unitPrice: '0.0279',
        perSecond: '20.79',
        legacy: '20.79',
        credit: '0',
        billed: '20.79',
        status: 'match',
      },
      {
        kind: 'countable',
        itemId: 'cellar',
        itemName: HOSTILE.at,
        priceItem: 'cellar.storage',
        instances: 0,
        seconds: 0,
        unitPrice: '0.0093',
        perSecond: '1.37',
        legacy: '1.37',
        credit: '0',
        billed: null,
        status: 'missing_from_invoice',
      },
      {
        kind: 'task',
        itemId: 'task_7',
        itemName: HOSTILE.tab,
        priceItem: 'support',
        instances: 0,
        seconds: 0,
        unitPrice: '150',
        perSecond: '150.00',
        legacy: '150.00',
        credit: '0',
        billed: '150.00',
        status: 'match',
        annotations: HOSTILE.cr,
      },
      {
        kind: 'application',
        itemId: 'ghost',
        itemName: 'Unknown app',
        priceItem: 'apps.L',
        instances: 0,
        seconds: 0,
        unitPrice: null,
        perSecond: '0.00',
        legacy: '0.00',
        credit: '0.00',
        billed: '4.20',
        status: 'unexplained_charge',
      },
    ],
    details: [
      // Cut at the period start: the part inside October (from 00:00 Paris time).
      { lineNo: 1, instanceId: 'inst-a', start: OCT_START, end: OCT_START + 133_353_000, cut: true },
      {
        lineNo: 1,
        instanceId: HOSTILE.minus,
        start: Date.UTC(2025, 9, 26, 0, 30),
        end: Date.UTC(2025, 9, 26, 0, 30) + 133_353_000,
        row: 'uptimes[3].details[7]',
      },
      { lineNo: 2, instanceId: 'inst-c', start: Date.UTC(2025, 9, 10, 8), end: Date.UTC(2025, 9, 10, 8) + 7_321_500 },
      { lineNo: 3, instanceId: 'build-1', start: Date.UTC(2025, 9, 12, 9), end: Date.UTC(2025, 9, 12, 9, 12, 42) },
      { lineNo: 4, instanceId: 'pg-1', start: OCT_START, end: OCT_END - 3_600_000 * 2 },
    ],
    ...overrides,
  });
}

/** USD at 5.5 %: the net before tax is 23.00, so VAT = 1.265 → 1.27 (a tie, half away from zero). */
export function usdData(): WorkbookData {
  return buildData({
    currency: 'USD',
    vatPercent: '5.5',
    timeZone: 'America/New_York',
    period: '2025-03',
    periodStart: Date.UTC(2025, 2, 1, 5),
    periodEnd: Date.UTC(2025, 3, 1, 4),
    lines: [
      {
        kind: 'application',
        itemId: 'app_us',
        itemName: 'api',
        priceItem: 'apps.S',
        instances: 1,
        seconds: 1_000_000,
        unitPrice: '0.07',
        perSecond: '19.44',
        legacy: '19.45',
        credit: '1.00',
        billed: '19.45',
        status: 'match',
      },
      {
        kind: 'task',
        itemId: 'task_us',
        itemName: 'Setup',
        priceItem: 'support',
        instances: 0,
        seconds: 0,
        unitPrice: '4.56',
        perSecond: '4.56',
        legacy: '4.56',
        credit: '0',
        billed: '4.56',
        status: 'match',
      },
    ],
    details: [{ lineNo: 1, instanceId: 'i-1', start: Date.UTC(2025, 2, 9, 6, 30), end: Date.UTC(2025, 2, 9, 6, 30) + 1_000_000_000 }],
  });
}

/** JPY (no minor unit) at 10 %: net 1,235 → VAT 123.5 → 124. */
export function jpyData(): WorkbookData {
  return buildData({
    currency: 'JPY',
    vatPercent: '10',
    timeZone: 'Asia/Tokyo',
    period: '2025-10',
    periodStart: Date.UTC(2025, 8, 30, 15),
    periodEnd: Date.UTC(2025, 9, 31, 15),
    lines: [
      {
        kind: 'application',
        itemId: 'app_jp',
        itemName: 'web',
        priceItem: 'apps.S',
        instances: 1,
        seconds: 360_000,
        unitPrice: '12.345',
        perSecond: '1235',
        legacy: '1235',
        credit: '0',
        billed: '1300',
        status: 'over_billed',
      },
      {
        kind: 'countable',
        itemId: 'cellar_jp',
        itemName: 'cellar',
        priceItem: 'cellar.storage',
        instances: 0,
        seconds: 0,
        unitPrice: '1.5',
        perSecond: '0',
        legacy: '0',
        credit: '0',
        billed: null,
        status: 'match',
      },
    ],
    details: [{ lineNo: 1, instanceId: 'i-jp', start: Date.UTC(2025, 9, 1), end: Date.UTC(2025, 9, 5, 4) }],
  });
}

export function tempDir(prefix = 'slicewise-wb-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}
