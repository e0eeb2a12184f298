// The one implementation of the API contract, used by IPC, the HTTP bridge and the CLI.
import fs from 'node:fs';
import path from 'node:path';
import type { Handlers, PeriodSummary } from '../../../shared/contract/api';
import type { PeriodId } from '../../../shared/types';
import { verifyAudit } from '../store/audit';
import type { Db } from '../store/open';
import { ApiError } from './dispatch';
import { focusGroups, importFile, previewFile } from '../import';
import { mappingForFile } from '../import/csv/mapping';
import { exportWorkbook } from '../jobs/export';
import { listOwnerPeriods, loadCredits } from '../store/rating-inputs';
import { getLine, listLines, ratedLine, requireReconciliation } from '../jobs/lines';
import { DetailRater, ratePeriod, storedRun } from '../jobs/rate';
import { batchBySha, inputsVersion, listBatches } from '../store/batches';
import { sha256File } from '../import/hash';
import { isTimeSliced } from '../../../shared/kinds';
import { billedGroups, reconcilePeriod } from '../jobs/reconcile';
import { storedReconciliation } from '../store/reconciliations';
import { addAnnotation, annotationsOf, lineHistory, setReview } from '../store/reviews';
import { getSettings, updateSettings } from '../store/settings';

/** resources/sample, from the sources (tests), the bundles in dist/ or a packaged app. */
export function sampleDir(): string {
  const candidates = [path.join(__dirname, '..', 'resources', 'sample'), path.join(__dirname, '..', '..', 'resources', 'sample')];
  const found = candidates.find((d) => fs.existsSync(path.join(d, 'expected.json')));
  if (!found) throw new ApiError('not_found', 'The sample workspace is not part of this installation');
  return found;
}

export function periodSummaries(db: Db, filter?: { ownerId?: string; period?: PeriodId }): PeriodSummary[] {
  const settings = getSettings(db);
  const version = inputsVersion(db);
  const reviewed = db.prepare("SELECT count(*) AS n FROM reviews WHERE owner_id = ? AND period = ? AND state <> 'unreviewed'");
  return listOwnerPeriods(db, settings.timeZone)
    .filter((p) => (!filter?.ownerId || p.ownerId === filter.ownerId) && (!filter?.period || p.period === filter.period))
    .map((p) => {
      const run = storedRun(db, p.ownerId, p.period);
      const rec = storedReconciliation(db, p.ownerId, p.period);
      const lineCount = rec ? (db.prepare('SELECT count(*) AS n FROM reconciled_lines WHERE reconciliation_id = ?').get(rec.id) as { n: number }).n : 0;
      return {
        ownerId: p.ownerId,
        period: p.period,
        currency: run?.invoice.currency ?? rec?.summary.currency ?? '',
        hasUsage: p.hasUsage,
        hasInvoice: p.hasInvoice,
        ratedAt: run?.ratedAt ?? null,
        reconciledAt: rec?.reconciledAt ?? null,
        subtotalPerSecond: run?.invoice.subtotalPerSecond ?? null,
        subtotalLegacy: run?.invoice.subtotalLegacy ?? null,
        creditsApplied: run?.invoice.creditsApplied ?? null,
        netBeforeTax: run?.invoice.netBeforeTax ?? null,
        total: run?.invoice.total ?? null,
        billedTotal: rec?.summary.billedTotal ?? null,
        variance: rec?.summary.variance ?? null,
        counts: rec?.summary.counts ?? null,
        reviewed: (reviewed.get(p.ownerId, p.period) as { n: number }).n,
        lineCount,
        stale:
          !!run &&
          (run.invoice.inputsVersion < version || run.invoice.timeZone !== settings.timeZone || run.invoice.granularitySeconds !== settings.granularitySeconds),
      };
    });
}

function ownersFor(db: Db, period: PeriodId, ownerId?: string): string[] {
  const settings = getSettings(db);
  const owners = [
    ...new Set(
      listOwnerPeriods(db, settings.timeZone)
        .filter((p) => p.period === period)
        .map((p) => p.ownerId),
    ),
  ];
  if (ownerId) {
    if (!owners.includes(ownerId)) throw new ApiError('not_found', `No usage or invoice for owner ${ownerId} in ${period}`);
    return [ownerId];
  }
  if (owners.length === 0) throw new ApiError('not_found', `Nothing imported for ${period}`);
  return owners;
}

/**
 * Calls that write run one at a time. An import streams for a while inside its transaction;
 * a review or annotation made meanwhile waits for it instead of meeting "database is locked".
 * Reads never wait: WAL shows them the last committed state.
 */
function serialized(handlers: Handlers, writers: readonly (keyof Handlers)[]): Handlers {
  let tail: Promise<unknown> = Promise.resolve();
  const out = { ...handlers } as Record<string, (req: never, ctx: never) => Promise<unknown>>;
  for (const name of writers) {
    const inner = handlers[name] as (req: never, ctx: never) => Promise<unknown>;
    out[name] = (req, ctx) => {
      const run = tail.then(() => inner(req, ctx));
      tail = run.catch(() => undefined);
      return run;
    };
  }
  return out as unknown as Handlers;
}

const WRITERS = [
  'settings.update',
  'import.commit',
  'sample.load',
  'rate.run',
  'reconcile.run',
  'lines.setReview',
  'lines.annotate',
  'export.workbook',
] as const;

export function createHandlers(db: Db, dbPath: string): Handlers {
  return serialized(rawHandlers(db, dbPath), WRITERS);
}

function rawHandlers(db: Db, dbPath: string): Handlers {
  return {
    async 'workspace.overview'() {
      const batches = listBatches(db);
      return { dbPath, settings: getSettings(db), periods: periodSummaries(db), batches };
    },

    async 'settings.update'(req) {
      return updateSettings(db, req);
    },

    async 'import.preview'(req, ctx) {
      const file = ctx.resolveInput(req.file);
      const fileName = ctx.displayName(req.file);
      const csv = req.csv ?? mappingForFile(db, fileName);
      // Preview first: it refuses what is not a regular file (a FIFO would never finish hashing).
      const p = await previewFile(file, { ...(req.format ? { format: req.format } : {}), ...(csv ? { csv } : {}), displayName: fileName });
      const sha = await sha256File(file);
      const already = batchBySha(db, sha) !== undefined;
      return { fileName, format: p.format, columns: p.columns, rows: p.rows, errors: p.errors, alreadyImported: already };
    },

    async 'import.commit'(req, ctx) {
      const settings = getSettings(db);
      const results = [];
      for (const ref of req.files) {
        const fileName = ctx.displayName(ref);
        try {
          const r = await importFile(db, ctx.resolveInput(ref), {
            ...(req.format ? { format: req.format } : {}),
            ...(req.csv ? { csv: req.csv } : {}),
            actor: settings.actor,
            displayName: fileName,
            onProgress: (p) => ctx.progress({ task: `import:${fileName}`, phase: 'import', label: fileName, done: p.bytesRead, total: p.totalBytes }),
          });
          results.push({ fileName, ok: true, batchId: r.batchId, format: r.format, rowCount: r.rowCount, warnings: r.warnings });
        } catch (err) {
          if (err instanceof ApiError && err.code === 'forbidden') throw err;
          results.push({ fileName, ok: false, warnings: [], error: (err as Error).message });
        }
      }
      return { results };
    },

    async 'sample.load'(_req, ctx) {
      const dir = sampleDir();
      const files = fs
        .readdirSync(dir)
        .filter((f) => /\.(csv|json)$/.test(f) && f !== 'expected.json')
        .sort();
      const settings = getSettings(db);
      let imported = 0;
      let skipped = 0;
      for (const f of files) {
        const full = path.join(dir, f);
        if (batchBySha(db, await sha256File(full))) {
          skipped++;
          continue;
        }
        await importFile(db, full, {
          actor: settings.actor,
          displayName: f,
          onProgress: (p) => ctx.progress({ task: `import:${f}`, phase: 'import', label: f, done: p.bytesRead, total: p.totalBytes }),
        });
        imported++;
      }
      const periods = [...new Set(listOwnerPeriods(db, settings.timeZone).map((p) => p.period))];
      return { imported, skipped, periods };
    },

    async 'rate.run'(req, ctx) {
      const settings = getSettings(db);
      const owners = ownersFor(db, req.period, req.ownerId);
      const rated = [];
      for (const [i, ownerId] of owners.entries()) {
        ctx.progress({ task: `rate:${req.period}`, phase: 'rate', label: `${ownerId} ${req.period}`, done: i, total: owners.length });
        const r = ratePeriod(db, ownerId, req.period, settings);
        reconcilePeriod(db, ownerId, req.period, settings);
        rated.push({ ownerId, period: req.period, lines: r.invoice.lines.length, total: r.invoice.total });
      }
      ctx.progress({ task: `rate:${req.period}`, phase: 'rate', label: req.period, done: owners.length, total: owners.length });
      return { rated };
    },

    async 'reconcile.run'(req, ctx) {
      const settings = getSettings(db);
      const owners = ownersFor(db, req.period, req.ownerId);
      for (const [i, ownerId] of owners.entries()) {
        ctx.progress({ task: `reconcile:${req.period}`, phase: 'reconcile', label: `${ownerId} ${req.period}`, done: i, total: owners.length });
        if (!storedRun(db, ownerId, req.period)) ratePeriod(db, ownerId, req.period, settings);
        reconcilePeriod(db, ownerId, req.period, settings, req.tolerance ?? settings.tolerance);
      }
      return { summaries: periodSummaries(db, { period: req.period, ...(req.ownerId ? { ownerId: req.ownerId } : {}) }) };
    },

    async 'lines.list'(req) {
      return listLines(db, req);
    },

    async 'lines.detail'(req) {
      const settings = getSettings(db);
      const { run } = requireReconciliation(db, req.ownerId, req.period);
      const row = getLine(db, req.ownerId, req.period, req.lineKey);
      const rated = ratedLine(db, run.runId, req.lineKey);
      let details: NonNullable<typeof rated>['details'] = [];
      if (rated && isTimeSliced(rated.kind)) {
        details = new DetailRater(db, req.ownerId, req.period, settings).detailsOf(rated.itemId).get(req.lineKey) ?? [];
      }
      const billed = billedGroups(db, req.ownerId, req.period, settings.timeZone).get(req.lineKey);
      return {
        row,
        explanation: rated?.explanation ?? [
          { label: 'Billed by the provider', formula: 'no usage found for this item and price item', value: row.billed ?? '0' },
        ],
        details: (details ?? []).slice(0, 5000),
        detailsTotal: details?.length ?? 0,
        billedSources: billed?.sources ?? [],
        allocations: run.invoice.allocations.filter((a) => a.lineKey === req.lineKey).map((a) => ({ creditId: a.creditId, amount: a.amount })),
        annotations: annotationsOf(db, req.ownerId, req.period, req.lineKey),
        history: lineHistory(db, req.ownerId, req.period, req.lineKey),
      };
    },

    async 'lines.setReview'(req) {
      const { rec } = requireReconciliation(db, req.ownerId, req.period);
      const known = db.prepare('SELECT 1 FROM reconciled_lines WHERE reconciliation_id = ? AND line_key = ?');
      for (const key of req.lineKeys) if (!known.get(rec.id, key)) throw new ApiError('not_found', `No line "${key}" in ${req.ownerId} ${req.period}`);
      return { changed: setReview(db, req.ownerId, req.period, req.lineKeys, req.state, getSettings(db).actor) };
    },

    async 'lines.annotate'(req) {
      getLine(db, req.ownerId, req.period, req.lineKey);
      return addAnnotation(db, req.ownerId, req.period, req.lineKey, req.text, getSettings(db).actor);
    },

    async 'credits.list'(req) {
      const { run } = requireReconciliation(db, req.ownerId, req.period);
      const grants = new Map(loadCredits(db, req.ownerId).map((c) => [c.creditId, c]));
      const names = new Map(
        (db.prepare('SELECT line_key, item_name FROM rated_lines WHERE run_id = ?').all(run.runId) as { line_key: string; item_name: string }[]).map((r) => [
          r.line_key,
          r.item_name,
        ]),
      );
      return {
        currency: run.invoice.currency,
        balances: run.invoice.balances.map((b) => ({
          creditId: b.creditId,
          kind: b.kind,
          scope: b.scope === 'all' ? 'all' : b.scope.join('|'),
          description: grants.get(b.creditId)?.description ?? '',
          expiresAt: b.expiresAt,
          opening: b.opening,
          granted: b.granted,
          used: b.used,
          expired: b.expired,
          closing: b.closing,
        })),
        allocations: run.invoice.allocations.map((a) => ({
          creditId: a.creditId,
          lineKey: a.lineKey,
          lineNo: a.lineNo,
          itemName: names.get(a.lineKey) ?? '',
          amount: a.amount,
        })),
      };
    },

    async 'audit.list'(req) {
      const total = (db.prepare('SELECT count(*) AS n FROM audit_log').get() as { n: number }).n;
      const entries = db
        .prepare('SELECT seq, at, actor, action, subject, detail, prev_hash AS prevHash, hash FROM audit_log ORDER BY seq DESC LIMIT ? OFFSET ?')
        .all(req.limit, req.offset) as never;
      return { total, entries };
    },

    async 'audit.verify'() {
      return verifyAudit(db);
    },

    async 'export.workbook'(req, ctx) {
      const settings = getSettings(db);
      const out = ctx.resolveOutput(req.out);
      const r = await exportWorkbook(db, req.ownerId, req.period, settings, out, (p) =>
        ctx.progress({ task: `export:${req.ownerId}:${req.period}`, phase: 'export', label: p.sheet, done: p.rows, total: p.totalRows ?? 0 }),
      );
      return { file: ctx.displayName(req.out), bytes: r.bytes, lines: r.lines };
    },

    async 'focus.groups'(req) {
      const all = focusGroups(db, req.billingAccountId ? { billingAccountId: req.billingAccountId } : undefined);
      return { total: all.length, groups: all.slice(req.offset, req.offset + req.limit) };
    },
  };
}
