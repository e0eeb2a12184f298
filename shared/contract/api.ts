// The one API contract between the UI (Electron IPC or the HTTP bridge), the CLI and the core.
// Every request and response is described by a zod schema; adapters validate at the boundary.
import { z } from 'zod';
import { DATE_FORMATS, IMPORT_FORMATS, LINE_KINDS, LINE_STATUSES, REVIEW_STATES } from '../types';

const dec = z.string().regex(/^-?\d+(\.\d+)?$/, 'expected an exact decimal string');
const period = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'expected a period YYYY-MM');
const ownerId = z.string().min(1).max(200);
const lineKey = z.string().min(1).max(1000);
const kind = z.enum(LINE_KINDS);
const status = z.enum(LINE_STATUSES);
const review = z.enum(REVIEW_STATES);
const importFormat = z.enum(IMPORT_FORMATS);
/** An opaque reference to a file the user chose (dialog token, upload token or, in the CLI, a path). */
const fileRef = z.string().min(1).max(4096);

export const csvOptionsSchema = z
  .object({
    delimiter: z.string().min(1).max(1).optional(),
    decimalComma: z.boolean().optional(),
    headerRow: z.number().int().min(1).max(1000).optional(),
    mapping: z.record(z.string(), z.string()).optional(),
    dateFormat: z.enum(DATE_FORMATS).optional(),
  })
  .strict();

export const settingsSchema = z
  .object({
    timeZone: z.string().min(1).max(100),
    tolerance: dec,
    /** The tolerance as a percentage of the billed amount, besides the amount (a line matches within both); null: none. */
    tolerancePercent: dec.nullable(),
    locale: z.enum(['en', 'fr']),
    granularitySeconds: z.union([z.literal(1), z.literal(60), z.literal(600), z.literal(3600)]),
    defaultVatPercent: dec,
    /** '' until someone is named (the app asks at first run): never the system's user name. */
    actor: z.string().max(100),
  })
  .strict();
export type Settings = z.infer<typeof settingsSchema>;

const statusCounts = z.record(z.enum(LINE_STATUSES), z.number().int());

/** A FOCUS invoice's total against the sum of its rows (reconciliation "a"). */
export const invoiceCheckSchema = z.object({
  /** '' = the billing account's whole period. */
  invoiceId: z.string(),
  total: dec.nullable(),
  source: z.string().nullable(),
  rows: z.number().int(),
  rowsTotal: dec,
  difference: dec.nullable(),
  status: status.nullable(),
  sentence: z.string(),
});
export type InvoiceCheck = z.infer<typeof invoiceCheckSchema>;
/** `{name, remaining}` of a Clever Cloud coupon: free credit left. */
const couponRemains = z.object({ name: z.string(), remaining: dec });

/**
 * A provider invoice's own keys beyond what is rated and matched, as the invoice gives them: its
 * credit and tax figures beside the recomputed ones, and everything else it holds (never dropped).
 */
export const providerFiguresSchema = z.object({
  creditBalanceAtEmission: dec.nullable(),
  upfrontCreditAmount: dec.nullable(),
  totalPendingUpfrontBeforeEmission: dec.nullable(),
  freeCreditsThisPeriod: z.array(couponRemains),
  freeCreditsNextPeriod: z.array(couponRemains),
  vendorConsumption: z.array(z.object({ itemId: z.string(), appId: z.string(), vendorId: z.string(), ownerId: z.string(), price: dec })),
  /** Instances the provider could not use (not billed): text as written. */
  unusable: z.array(z.record(z.string(), z.string())),
  address: z.record(z.string(), z.string()),
  /** Other keys with a text, number or boolean value, as written (kind, origin, pay_date, price_factor, discount, customer_order_id…). */
  fields: z.record(z.string(), z.string()),
  /** Other keys holding objects or arrays: their exact JSON text. */
  other: z.record(z.string(), z.string()),
});
export type ProviderFigures = z.infer<typeof providerFiguresSchema>;

/** A provider invoice of a period, as it was billed, with its period-alignment warning. */
export const providerInvoiceSchema = z.object({
  invoiceNumber: z.string(),
  file: z.string(),
  status: z.string(),
  emissionDate: z.number().nullable(),
  periodStart: z.number(),
  periodEnd: z.number(),
  currency: z.string(),
  vatPercent: dec,
  totalTaxExcluded: dec,
  totalTax: dec,
  /** Its consumption span is not exactly the workspace month it is compared with. */
  warning: z.string().nullable(),
  /** Null for invoices imported before these keys were kept. */
  provider: providerFiguresSchema.nullable(),
});
export type ProviderInvoice = z.infer<typeof providerInvoiceSchema>;

/** Where an owner's name comes from: given in the app, a Clever Cloud invoice's address.company, a FOCUS BillingAccountName. */
export const ownerNameSchema = z.object({
  name: z.string(),
  source: z.enum(['given', 'invoice', 'focus']),
  /** Who gave the name, and when (source 'given'). */
  renamedBy: z.string().nullable(),
  renamedAt: z.number().nullable(),
  /** The name the owner's files give, shown when the given one is cleared. */
  fromData: z.string().nullable(),
});
export type OwnerName = z.infer<typeof ownerNameSchema>;

export const periodSummarySchema = z.object({
  ownerId: z.string(),
  /** The owner's name (docs/decisions.md, "Owner names"); null when none is known: the id is shown. */
  owner: ownerNameSchema.nullable(),
  period: z.string(),
  currency: z.string(),
  hasUsage: z.boolean(),
  hasInvoice: z.boolean(),
  ratedAt: z.number().nullable(),
  reconciledAt: z.number().nullable(),
  subtotalPerSecond: dec.nullable(),
  subtotalLegacy: dec.nullable(),
  creditsApplied: dec.nullable(),
  netBeforeTax: dec.nullable(),
  total: dec.nullable(),
  billedTotal: dec.nullable(),
  variance: dec.nullable(),
  counts: statusCounts.nullable(),
  /** Lines reviewed on figures that have not changed since. */
  reviewed: z.number().int(),
  /** Reviewed lines whose figures a later rating changed: they need review again. */
  changedSinceReview: z.number().int(),
  lineCount: z.number().int(),
  /** Lines of the stored reconciliation still unreviewed (sign-off needs 0). */
  unreviewed: z.number().int(),
  /** Rating inputs changed (new import) since the last rating run. */
  stale: z.boolean(),
  /** Signed off (month-end close): who and when; null while open. */
  closed: z.object({ by: z.string(), at: z.number() }).nullable(),
  /** What the figures depend on that a reader must know: an invoice not aligned with the month… */
  warnings: z.array(z.string()),
  /** A FOCUS billing account's period (docs/focus.md); null for Clever Cloud owners. */
  focus: z
    .object({
      accountName: z.string().nullable(),
      provider: z.string().nullable(),
      /** Rows and failed row checks of the last reconciliation (null before one). */
      rows: z.number().int().nullable(),
      flaggedRows: z.number().int().nullable(),
      invoices: z.array(invoiceCheckSchema),
    })
    .nullable(),
});
export type PeriodSummary = z.infer<typeof periodSummarySchema>;

export const batchSchema = z.object({
  id: z.number().int(),
  fileName: z.string(),
  sha256: z.string(),
  format: importFormat,
  rowCount: z.number().int(),
  sizeBytes: z.number().int(),
  importedAt: z.number(),
});
export type Batch = z.infer<typeof batchSchema>;

export const lineRowSchema = z.object({
  key: z.string(),
  lineNo: z.number().int(),
  kind,
  itemId: z.string(),
  itemName: z.string(),
  priceItem: z.string(),
  instances: z.number().int(),
  billableSeconds: z.number().int(),
  unitPrice: dec.nullable(),
  amountPerSecond: dec,
  amountLegacy: dec,
  difference: dec,
  credit: dec,
  net: dec,
  billed: dec.nullable(),
  variance: dec,
  status,
  review,
  /** Its figures (recomputed, billed, variance, status) changed since it was reviewed: it needs review again. */
  changedSinceReview: z.boolean(),
  annotationCount: z.number().int(),
  /** FOCUS: how many of the line's row checks fail (ListCost, ContractedCost from unit prices). */
  flaggedRows: z.number().int(),
});
export type LineRow = z.infer<typeof lineRowSchema>;

export const invoiceTotalsSchema = z.object({
  currency: z.string(),
  subtotalPerSecond: dec,
  subtotalLegacy: dec,
  difference: dec,
  creditsApplied: dec,
  netBeforeTax: dec,
  vatPercent: dec,
  vat: dec,
  total: dec,
  billedTotal: dec,
  variance: dec,
  /** The provider invoices compared, with the provider's own tax and credit figures. */
  invoices: z.array(providerInvoiceSchema),
});
export type InvoiceTotals = z.infer<typeof invoiceTotalsSchema>;

export const LINE_SORT_KEYS = [
  'lineNo',
  'kind',
  'itemName',
  'priceItem',
  'billableSeconds',
  'amountPerSecond',
  'amountLegacy',
  'difference',
  'credit',
  'net',
  'billed',
  'variance',
  'status',
  'review',
] as const;
const sortable = z.enum(LINE_SORT_KEYS);

const explainParam = z.union([z.string(), z.number(), z.array(z.record(z.string(), z.union([z.string(), z.number()])))]);
const explainStep = z.object({
  label: z.string(),
  formula: z.string(),
  value: z.string(),
  code: z.string().optional(),
  params: z.record(z.string(), explainParam).optional(),
});
const sourceRef = z.object({ batchId: z.number().int(), file: z.string(), row: z.string() });

export const auditEntrySchema = z.object({
  seq: z.number().int(),
  at: z.number(),
  actor: z.string(),
  action: z.string(),
  subject: z.string(),
  detail: z.string(),
  prevHash: z.string(),
  hash: z.string(),
});

/** A FOCUS row as a line's detail shows it. */
export const focusRowSchema = z.object({
  source: sourceRef,
  invoiceId: z.string().nullable(),
  chargeClass: z.string().nullable(),
  chargeDescription: z.string().nullable(),
  sku: z.string().nullable(),
  chargePeriodStart: z.number().nullable(),
  chargePeriodEnd: z.number().nullable(),
  /** Digits of the charge period's instants below the millisecond (shared/instant.ts). */
  chargePeriodStartSub: z.string().optional(),
  chargePeriodEndSub: z.string().optional(),
  pricingQuantity: dec.nullable(),
  pricingUnit: z.string().nullable(),
  listUnitPrice: dec.nullable(),
  listCost: dec.nullable(),
  contractedUnitPrice: dec.nullable(),
  contractedCost: dec.nullable(),
  billedCost: dec,
  /** The checks the row breaks, with what its unit price × PricingQuantity gives. */
  flags: z.array(z.object({ check: z.enum(['ListCost', 'ContractedCost']), cost: dec, expected: dec })),
});
export type FocusRowView = z.infer<typeof focusRowSchema>;

const annotation = z.object({ id: z.number().int(), author: z.string(), createdAt: z.number(), text: z.string() });

/** The figures a review was given on (SPEC 5). */
export const reviewFiguresSchema = z.object({
  recomputed: dec,
  net: dec,
  billed: dec.nullable(),
  variance: dec,
  status,
  runId: z.number().int().nullable(),
  reconciliationId: z.number().int().nullable(),
});
export type ReviewFigures = z.infer<typeof reviewFiguresSchema>;

/** A line's review: who, when, on which figures, why (a dispute), the provider's answer (a resolution), and whether the figures changed since. */
export const lineReviewSchema = z.object({
  state: review,
  actor: z.string(),
  at: z.number(),
  reason: z.string().nullable(),
  creditNote: z.string().nullable(),
  creditAmount: dec.nullable(),
  figures: reviewFiguresSchema.nullable(),
  changed: z.object({ at: z.number(), from: reviewFiguresSchema.nullable(), to: reviewFiguresSchema.nullable() }).nullable(),
});
export type LineReview = z.infer<typeof lineReviewSchema>;

const lineRef = z.object({ period, ownerId, lineKey }).strict();

/** Contract: method name → request and response schemas. */
/** An evidence pack written (docs/audit.md, "Evidence pack"). */
const evidencePackSchema = z.object({
  file: z.string(),
  bytes: z.number().int(),
  /** The workbook's name inside the pack. */
  workbook: z.string(),
  sourceFiles: z.number().int(),
  auditEntries: z.number().int(),
});

export const contract = {
  'workspace.overview': {
    req: z.object({}).strict(),
    res: z.object({
      dbPath: z.string(),
      settings: settingsSchema,
      periods: z.array(periodSummarySchema),
      batches: z.array(batchSchema),
    }),
  },
  'settings.update': {
    req: settingsSchema.partial().strict(),
    res: settingsSchema,
  },
  'import.preview': {
    req: z.object({ file: fileRef, format: importFormat.optional(), csv: csvOptionsSchema.optional() }).strict(),
    res: z.object({
      fileName: z.string(),
      format: importFormat,
      columns: z.array(z.string()),
      rows: z.array(z.record(z.string(), z.string())),
      errors: z.array(z.object({ row: z.string(), field: z.string().optional(), message: z.string() })),
      alreadyImported: z.boolean(),
    }),
  },
  'import.commit': {
    req: z.object({ files: z.array(fileRef).min(1).max(200), format: importFormat.optional(), csv: csvOptionsSchema.optional() }).strict(),
    res: z.object({
      results: z.array(
        z.object({
          fileName: z.string(),
          ok: z.boolean(),
          batchId: z.number().int().optional(),
          format: importFormat.optional(),
          rowCount: z.number().int().optional(),
          warnings: z.array(z.string()),
          error: z.string().optional(),
        }),
      ),
    }),
  },
  /** Imports the bundled sample workspace (resources/sample), which the core locates itself. */
  'sample.load': {
    req: z.object({}).strict(),
    res: z.object({ imported: z.number().int(), skipped: z.number().int(), periods: z.array(z.string()) }),
  },
  'rate.run': {
    req: z.object({ period, ownerId: ownerId.optional() }).strict(),
    res: z.object({
      rated: z.array(z.object({ ownerId: z.string(), period: z.string(), lines: z.number().int(), total: dec, warnings: z.array(z.string()) })),
      /** Owners of the period left as they are because it is closed for them (only when no ownerId was given: a named closed owner is refused). */
      closed: z.array(z.object({ ownerId: z.string(), message: z.string() })),
    }),
  },
  'reconcile.run': {
    /** A one-off tolerance (amount, percentage of the billed amount; null: none) instead of the workspace's. */
    req: z.object({ period, ownerId: ownerId.optional(), tolerance: dec.optional(), tolerancePercent: dec.nullable().optional() }).strict(),
    res: z.object({ summaries: z.array(periodSummarySchema) }),
  },
  'lines.list': {
    req: z
      .object({
        period,
        ownerId,
        offset: z.number().int().min(0).default(0),
        limit: z.number().int().min(1).max(5000).default(200),
        sort: sortable.default('lineNo'),
        dir: z.enum(['asc', 'desc']).default('asc'),
        kinds: z.array(kind).optional(),
        statuses: z.array(status).optional(),
        reviews: z.array(review).optional(),
        search: z.string().max(200).optional(),
        /** Only lines with a FOCUS row that breaks its unit prices. */
        flagged: z.boolean().optional(),
        /** Only lines whose figures changed since their review. */
        changed: z.boolean().optional(),
      })
      .strict(),
    res: z.object({
      total: z.number().int(),
      rows: z.array(lineRowSchema),
      invoice: invoiceTotalsSchema,
      /** Sums over the filtered rows (all of them, not just this page). */
      filtered: z.object({ amountPerSecond: dec, amountLegacy: dec, credit: dec, net: dec, billed: dec, variance: dec }),
    }),
  },
  'lines.detail': {
    req: lineRef,
    res: z.object({
      row: lineRowSchema,
      explanation: z.array(explainStep),
      /** The tolerance the line was reconciled with (its status sentence names it). */
      tolerance: dec,
      /** Its percentage of the billed amount (a line matches within both); null: none. */
      tolerancePercent: dec.nullable(),
      details: z.array(
        z.object({
          intervalId: z.number().int(),
          instanceId: z.string(),
          priceItem: z.string(),
          start: z.number(),
          end: z.number(),
          /** Digits of start and end below the millisecond (shared/instant.ts). */
          startSub: z.string().optional(),
          endSub: z.string().optional(),
          cut: z.boolean(),
          billableSeconds: z.number().int(),
          pricePerHour: dec,
          exactAmount: dec,
          legacySlices: z.number().int(),
          exactLegacyAmount: dec,
          source: sourceRef,
        }),
      ),
      detailsTotal: z.number().int(),
      /**
       * When the invoice lists the line's intervals: each recomputed interval beside the detail
       * that billed it (same instance and start), the billed details with no usage and the
       * intervals nothing billed, each with its difference and status (docs/rating.md,
       * "Per interval"). At most 5000 rows, the differing ones first; the counts are of all.
       */
      intervalComparison: z
        .object({
          rows: z.array(
            z.object({
              instanceId: z.string(),
              recomputed: z
                .object({
                  intervalId: z.number().int(),
                  instanceId: z.string(),
                  start: z.number(),
                  end: z.number(),
                  startSub: z.string().optional(),
                  endSub: z.string().optional(),
                  cut: z.boolean(),
                  billableSeconds: z.number().int(),
                  exactAmount: dec,
                  source: sourceRef,
                })
                .nullable(),
              billed: z
                .object({
                  intervalId: z.number().int(),
                  instanceId: z.string(),
                  start: z.number(),
                  end: z.number(),
                  startSub: z.string(),
                  endSub: z.string(),
                  amount: dec,
                  source: sourceRef,
                })
                .nullable(),
              difference: dec,
              status,
              differs: z.boolean(),
            }),
          ),
          paired: z.number().int(),
          billedOnly: z.number().int(),
          usageOnly: z.number().int(),
          differing: z.number().int(),
        })
        .nullable(),
      /** Countable and task lines: the usage rows they were rated from (the first 5000), with file and row. */
      sourceRows: z.array(
        z.object({
          source: sourceRef,
          start: z.number(),
          quantity: dec,
          unit: z.string(),
          planId: z.string(),
          description: z.string(),
          unitPrice: dec.nullable(),
        }),
      ),
      sourceRowsTotal: z.number().int(),
      billedSources: z.array(z.object({ amount: dec, source: sourceRef, itemRef: z.string() })),
      /** FOCUS: the line's rows (the first 5000), each with the unit-price checks it breaks. */
      focusRows: z.array(focusRowSchema),
      focusRowsTotal: z.number().int(),
      allocations: z.array(z.object({ creditId: z.string(), amount: dec })),
      annotations: z.array(annotation),
      /** Null: never reviewed. */
      review: lineReviewSchema.nullable(),
      history: z.array(auditEntrySchema),
    }),
  },
  'lines.setReview': {
    /** A dispute needs `reason`; resolving one (`resolved`) the provider's `creditNote` number and `creditAmount`. */
    req: z
      .object({
        period,
        ownerId,
        lineKeys: z.array(lineKey).min(1).max(100000),
        state: review,
        reason: z.string().max(10000).optional(),
        creditNote: z.string().max(200).optional(),
        creditAmount: z.string().max(100).optional(),
      })
      .strict(),
    res: z.object({ changed: z.number().int() }),
  },
  'lines.annotate': {
    req: z.object({ period, ownerId, lineKey, text: z.string().trim().min(1).max(10000) }).strict(),
    res: annotation,
  },
  /** Month-end close: signs off an (owner, period) whose every line is reviewed; it is then locked (docs/audit.md). */
  'period.close': {
    req: z.object({ period, ownerId }).strict(),
    res: z.object({ ownerId: z.string(), period: z.string(), closedBy: z.string(), closedAt: z.number(), lines: z.number().int(), auditSeq: z.number().int() }),
  },
  /** Lifts a sign-off; the reason is kept in the audit log. */
  'period.reopen': {
    req: z.object({ period, ownerId, reason: z.string().trim().min(1, 'a reason is required').max(2000) }).strict(),
    res: z.object({ reopenedBy: z.string(), reopenedAt: z.number(), auditSeq: z.number().int() }),
  },
  'credits.list': {
    req: z.object({ period, ownerId }).strict(),
    res: z.object({
      currency: z.string(),
      balances: z.array(
        z.object({
          creditId: z.string(),
          kind: z.enum(['prepaid', 'free']),
          scope: z.string(),
          description: z.string(),
          expiresAt: z.number().nullable(),
          opening: dec,
          granted: dec,
          used: dec,
          expired: dec,
          closing: dec,
        }),
      ),
      allocations: z.array(z.object({ creditId: z.string(), lineKey: z.string(), lineNo: z.number().int(), itemName: z.string(), amount: dec })),
    }),
  },
  'audit.list': {
    req: z.object({ offset: z.number().int().min(0).default(0), limit: z.number().int().min(1).max(1000).default(200) }).strict(),
    res: z.object({ total: z.number().int(), entries: z.array(auditEntrySchema) }),
  },
  'audit.verify': {
    /** `head` ("N:HASH") or `against` (a workbook, whose Summary states the head it was exported at, or an evidence pack holding one): also finds a log cut short or rewritten since. */
    req: z
      .object({ head: z.string().max(200).optional(), against: fileRef.optional() })
      .strict()
      .refine((r) => !(r.head && r.against), 'give a head or a workbook, not both'),
    res: z.object({
      ok: z.boolean(),
      entries: z.number().int(),
      problem: z.string().optional(),
      lastHash: z.string(),
      /** The head checked ("N:HASH"), given or read from the workbook. */
      head: z.string().optional(),
      /** The entry that records the workbook's export (with `against`). */
      exportEntry: z.number().int().optional(),
    }),
  },
  'audit.head': {
    req: z.object({}).strict(),
    res: z.object({ entries: z.number().int(), hash: z.string() }),
  },
  'export.workbook': {
    /** `evidence`: also write the evidence pack (a zip holding this same workbook) there. */
    req: z.object({ period, ownerId, out: fileRef, evidence: fileRef.optional() }).strict(),
    res: z.object({
      file: z.string(),
      bytes: z.number().int(),
      lines: z.number().int(),
      /** Why the period was rated and reconciled first (its stored result was missing or stale), or null. */
      refreshed: z.string().nullable(),
      evidence: evidencePackSchema.optional(),
    }),
  },
  /** Writes only the evidence pack: a zip with the workbook, its manifest, the period's audit entries and a README. */
  'export.evidence': {
    req: z.object({ period, ownerId, out: fileRef }).strict(),
    res: evidencePackSchema.extend({ lines: z.number().int(), refreshed: z.string().nullable() }),
  },
  /** Types in what a FOCUS owner's invoice totals (invoiceId omitted: the whole account and period); reconciles the period again when it was. */
  /** Names an owner (audited); an empty name clears it, and the name from its files is shown again. */
  'owners.rename': {
    req: z
      .object({
        ownerId,
        name: z
          .string()
          .trim()
          .max(200)
          .refine((v) => ![...v].some((c) => c.charCodeAt(0) < 32 || c.charCodeAt(0) === 127), 'a name has no control characters'),
      })
      .strict(),
    res: z.object({ ownerId: z.string(), owner: ownerNameSchema.nullable() }),
  },
  'focus.setInvoiceTotal': {
    req: z.object({ period, ownerId, invoiceId: z.string().trim().max(200).optional(), amount: dec }).strict(),
    res: z.object({ invoices: z.array(invoiceCheckSchema), reconciled: z.boolean() }),
  },
} as const;

export type Contract = typeof contract;
export type Method = keyof Contract;
export type Req<M extends Method> = z.input<Contract[M]['req']>;
export type ParsedReq<M extends Method> = z.output<Contract[M]['req']>;
export type Res<M extends Method> = z.output<Contract[M]['res']>;

/** Server side: one handler per method. */
export type Handlers = { [M in Method]: (req: ParsedReq<M>, ctx: CallContext) => Promise<Res<M>> };

/** Client side: the same calls, whatever the transport. */
export type Send = <M extends Method>(method: M, req: Req<M>) => Promise<Res<M>>;

export interface ProgressEvent {
  task: string;
  /** 'wait': the call waits for another process's write to the workspace (label: what for). */
  phase: 'import' | 'rate' | 'reconcile' | 'export' | 'wait';
  label: string;
  done: number;
  total: number;
}

export interface CallContext {
  progress: (e: ProgressEvent) => void;
  /** Turns a fileRef into a real path the user chose; throws when it is not one. */
  resolveInput: (ref: string) => string;
  resolveOutput: (ref: string) => string;
  /** The file name the user sees for a ref (upload name in browser mode). */
  displayName: (ref: string) => string;
  /** Who this call's writes are by, when the adapter names them (CLI --actor); else the workspace's actor. */
  actor?: string | undefined;
}

/** A structured error that crosses every boundary as { code, message }. */
export interface ApiErrorShape {
  /** period_closed: the (owner, period) is signed off; the message names the lock and how to reopen it. */
  code: 'invalid_request' | 'not_found' | 'import_error' | 'rating_error' | 'forbidden' | 'period_closed' | 'internal';
  message: string;
}

export function isMethod(name: string): name is Method {
  return Object.prototype.hasOwnProperty.call(contract, name);
}
