// `slicewise` command line: the same core and contract as the desktop app.
import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import { REVIEW_STATES } from '../../shared/types';
import { toleranceText } from '../../shared/reconcile';
import type { LineRow, Method, ProgressEvent, Res, ReviewFigures } from '../../shared/contract/api';
import { openCore, defaultWorkspacePath } from '../core';
import { cliContext } from '../core/api/context';
import { dispatch } from '../core/api/dispatch';
import { ownerLabel } from '../../shared/owner-label';
import { formatChangedTable, formatFlaggedRows, formatFocusChecks, formatLinesTable, formatProviderInvoice, formatSummaries } from './format';
import { throttleProgress } from '../../shared/progress';
import { formatAuditHead } from '../../shared/audit-head';
import { lockTime } from '../../shared/close';

const HELP: Record<string, string> = {
  main: `Usage: slicewise <command> [options]

Commands:
  import FILE...            Import usage CSVs, invoices (v4 JSON), catalogs, credits, FOCUS CSVs, invoice totals
  rate --period YYYY-MM     Recompute every line per second and per 10-minute slice
  reconcile --period YYYY-MM  Match recomputed lines against the provider's invoice
  export --period YYYY-MM --out FILE.xlsx [--evidence FILE.zip]  Write the itemized workbook (and the evidence pack)
  close --period YYYY-MM    Sign off a period whose every line is reviewed: it is then locked
  reopen --period YYYY-MM --reason TEXT  Lift a sign-off (the reason is audited)
  review --period YYYY-MM --line N... --state S  Approve, dispute (with a reason) or resolve lines
  settings [--actor NAME] [--tolerance X] [--tolerance-percent P|none]  Show or change the workspace's settings
  audit verify              Check the audit log's hash chain

Every command takes --db PATH (default: the desktop app's workspace, ${defaultWorkspacePath()})
and --actor NAME: who the changes are by (default: SLICEWISE_ACTOR, else the workspace's actor;
a command that writes with nobody named is refused — never the system's user name)
Run "slicewise <command> --help" for a command's options.`,
  import: `Usage: slicewise import FILE... [--format F] [--delimiter C] [--decimal-comma] [--header-row N] [--date-format F] [--db PATH]

Imports each file in one transaction; a file already imported (same SHA-256) is refused.
  --format F        cc-invoice | usage-csv | catalog | credits | focus | invoice-totals (default: detected from content)
  --delimiter C     CSV delimiter (default: detected)
  --decimal-comma   CSV numbers use a decimal comma
  --header-row N    CSV header row (default 1)
  --date-format F   a FOCUS or invoice-totals file saved by a spreadsheet: how its dates are written,
                    M/D/YYYY or D/M/YYYY (5/1/25 is then 1 May or 5 January 2025); its amounts may
                    then carry a currency sign and thousands separators`,
  rate: `Usage: slicewise rate --period YYYY-MM [--owner ID] [--db PATH]

Rates the period for every owner (or one), then reconciles it with the default tolerance.`,
  reconcile: `Usage: slicewise reconcile --period YYYY-MM [--owner ID] [--tolerance X] [--tolerance-percent P|none] [--json] [--db PATH]

Matches recomputed lines with billed ones; prints the invoice-level result and every line that is not a match.
  --tolerance X          this time, an absolute tolerance of X (default: the workspace's, 0.01 unless set)
  --tolerance-percent P  this time, also at most P % of the billed amount (a line matches within both);
                         none: the amount alone (default: the workspace's)
  --json            the same as one JSON object, for scripts: {period, owners: [summary, discrepancies,
                    flaggedRows (FOCUS rows breaking their unit prices)]}`,
  export: `Usage: slicewise export --period YYYY-MM [--owner ID] (--out FILE.xlsx | --evidence FILE.zip | both) [--db PATH]

Writes the workbook atomically (temporary file, then rename). --owner is needed when the period has several owners.
  --evidence FILE.zip  also write the evidence pack: the same workbook, a manifest (source files with
                       SHA-256, format and rows; parameters; software version; audit head), the period's
                       audit entries and a README saying how to check them without Slicewise. Without
                       --out, the workbook is written only inside the pack.`,
  close: `Usage: slicewise close --period YYYY-MM [--owner ID] [--db PATH]

Signs off the owner's period (month-end close) once every line is reviewed (approved, disputed or
resolved); refused, saying how many lines are unreviewed, otherwise. A closed period is locked: its
rating, reconciliation, review states and annotations, and any import with rows in it, are refused
until it is reopened; its export is its closed result, with the sign-off in the Summary.
--owner is needed when the period has several owners.`,
  reopen: `Usage: slicewise reopen --period YYYY-MM [--owner ID] --reason TEXT [--db PATH]

Lifts the sign-off of a closed period; the reason is required and recorded in the audit log.`,
  review: `Usage: slicewise review --period YYYY-MM [--owner ID] --line N [--line N...] --state STATE [options] [--db PATH]

Records the review of lines (by line number, as reconcile prints them, or by line key) with the
figures they show now; a line whose figures change later is marked "changed since review".
  --state STATE       approved | disputed | resolved | unreviewed
  --reason TEXT       why the line is disputed (required with --state disputed; asked for on a terminal)
  --credit-note N     resolved: the provider's credit note number (required; asked for on a terminal)
  --amount X          resolved: the credit note's amount, exact (required; asked for on a terminal)`,
  settings: `Usage: slicewise settings [--actor NAME] [--tolerance X] [--tolerance-percent P|none] [--db PATH]

Prints the workspace's settings, after changing those given (each change audited).
  --actor NAME           who the workspace's changes are by (the desktop app asks at first run)
  --tolerance X          the reconciliation tolerance, an amount in the invoice currency
  --tolerance-percent P  also at most P % of the billed amount (a line matches within both); none: the amount alone`,
  audit: `Usage: slicewise audit verify [--head N:HASH | --against FILE.xlsx|PACK.zip] [--db PATH]

Walks the audit log's SHA-256 chain; exits 1 and names the first edited, removed or reordered entry.
  --head N:HASH       a head printed earlier (every command that writes prints one): also finds the
                      log cut short, emptied or rewritten up to that head since
  --against FILE.xlsx the same with the head an exported workbook states in its Summary; also checks
                      that the log records that workbook's export (its SHA-256)
  --against PACK.zip  the same with an evidence pack's workbook; also checks that the log records the
                      pack itself (its SHA-256)`,
};

class UsageError extends Error {}

/** A value a command needs and was not given: asked for on a terminal, a usage error otherwise (scripts). */
async function ask(question: string, option: string): Promise<string> {
  if (!process.stdin.isTTY) throw new UsageError(`review: give ${option}`);
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = (await rl.question(question)).trim();
    if (!answer) throw new UsageError(`review: ${option} cannot be empty`);
    return answer;
  } finally {
    rl.close();
  }
}

/** FOCUS lines whose broken rows `reconcile` lists one by one (the rest are counted). */
const MAX_FLAGGED_LINES = 50;

function progressPrinter(): { onProgress: (e: ProgressEvent) => void; done: () => void } {
  const tty = process.stderr.isTTY;
  let shown = false;
  const print = throttleProgress((e: ProgressEvent) => {
    const pct = e.total > 0 ? Math.floor((e.done / e.total) * 100) : 0;
    const width = 30;
    const filled = Math.round((pct / 100) * width);
    process.stderr.write(`\r${e.phase} ${e.label.slice(0, 40).padEnd(40)} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${String(pct).padStart(3)}%`);
    shown = true;
  });
  return {
    onProgress(e) {
      // Waiting for another process is said on stderr, terminal or not: a script's log shows why it paused.
      if (e.phase === 'wait') {
        if (e.done >= e.total) return;
        if (shown) process.stderr.write('\r\x1b[K');
        shown = false;
        process.stderr.write(`slicewise: waiting ${e.label}\n`);
      } else if (tty) print(e);
    },
    done() {
      if (shown) process.stderr.write('\r\x1b[K');
      shown = false;
    },
  };
}

export async function run(argv: string[], out: (s: string) => void = (s) => process.stdout.write(s + '\n')): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    out(HELP.main!);
    return command ? 0 : 2;
  }
  if (!(command in HELP) || command === 'main') throw new UsageError(`unknown command "${command}" (try slicewise --help)`);
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      db: { type: 'string' },
      period: { type: 'string' },
      owner: { type: 'string' },
      tolerance: { type: 'string' },
      actor: { type: 'string' },
      'tolerance-percent': { type: 'string' },
      out: { type: 'string' },
      format: { type: 'string' },
      delimiter: { type: 'string' },
      'decimal-comma': { type: 'boolean' },
      'header-row': { type: 'string' },
      head: { type: 'string' },
      against: { type: 'string' },
      evidence: { type: 'string' },
      'date-format': { type: 'string' },
      json: { type: 'boolean' },
      line: { type: 'string', multiple: true },
      state: { type: 'string' },
      reason: { type: 'string' },
      'credit-note': { type: 'string' },
      amount: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    out(HELP[command]!);
    return 0;
  }
  const need = (name: 'period' | 'out' | 'reason'): string => {
    const v = values[name];
    if (!v) throw new UsageError(`${command}: --${name} is required (see slicewise ${command} --help)`);
    return v;
  };
  const core = openCore(values.db ?? defaultWorkspacePath());
  const progress = progressPrinter();
  const call = async <M extends Method>(method: M, req: unknown): Promise<Res<M>> => {
    const r = await dispatch(core.handlers, method, req, cliContext(progress.onProgress, values.actor ?? process.env.SLICEWISE_ACTOR));
    progress.done();
    if (!r.ok) throw new Error(r.error.message);
    return r.value as Res<M>;
  };
  /** The lines of an owner's period whose figures changed since their review, said after a rating or reconciliation. */
  const printChanged = async (ownerId: string, period: string, owner = ownerId) => {
    const changed = await call('lines.list', { period, ownerId, changed: true, limit: 5000 });
    if (changed.total === 0) return;
    const rows: { row: LineRow; was: ReviewFigures | null }[] = [];
    for (const row of changed.rows) {
      // What the review was given on: said for the first lines (each is one more read).
      const was = rows.length < 200 ? ((await call('lines.detail', { period, ownerId, lineKey: row.key })).review?.changed?.from ?? null) : null;
      rows.push({ row, was });
    }
    out(formatChangedTable(owner, period, rows, changed.total));
  };
  /** After a command that wrote: the head to keep, for a later `audit verify --head`. */
  const printHead = async () => {
    const h = await call('audit.head', {});
    out(`audit head ${formatAuditHead(h)}`);
  };
  /** The owner named, or the period's only one. */
  const ownerOf = async (period: string): Promise<string> => {
    if (values.owner) return values.owner;
    const ov = await call('workspace.overview', {});
    const owners = ov.periods.filter((p) => p.period === period).map((p) => p.ownerId);
    if (owners.length !== 1)
      throw new UsageError(
        owners.length ? `${command}: ${period} has ${owners.length} owners; pass --owner (${owners.join(', ')})` : `${command}: nothing imported for ${period}`,
      );
    return owners[0]!;
  };
  /** An export of a closed period is its signed-off result: said before the file is named. */
  const sayClosed = async (ownerId: string, period: string) => {
    const closed = (await call('workspace.overview', {})).periods.find((p) => p.ownerId === ownerId && p.period === period)?.closed;
    if (closed) out(`${ownerId} ${period} is closed: exported as signed off by ${closed.by} on ${lockTime(closed.at)}`);
  };
  try {
    switch (command) {
      case 'import': {
        if (positionals.length === 0) throw new UsageError('import: give at least one FILE');
        const csv = {
          ...(values.delimiter ? { delimiter: values.delimiter } : {}),
          ...(values['decimal-comma'] ? { decimalComma: true } : {}),
          ...(values['header-row'] ? { headerRow: Number(values['header-row']) } : {}),
          ...(values['date-format'] ? { dateFormat: values['date-format'] } : {}),
        };
        let failed = 0;
        for (const file of positionals) {
          const r = await call('import.commit', {
            files: [file],
            ...(values.format ? { format: values.format } : {}),
            ...(Object.keys(csv).length ? { csv } : {}),
          });
          for (const f of r.results) {
            if (f.ok) {
              out(`imported ${f.fileName}: ${f.format}, ${f.rowCount} rows (batch ${f.batchId})`);
              for (const w of f.warnings) out(`  warning: ${w}`);
            } else {
              failed++;
              process.stderr.write(`slicewise: ${f.error}\n`);
            }
          }
        }
        await printHead();
        return failed ? 1 : 0;
      }
      case 'rate': {
        const r = await call('rate.run', { period: need('period'), ...(values.owner ? { ownerId: values.owner } : {}) });
        for (const x of r.rated) {
          out(`rated ${x.ownerId} ${x.period}: ${x.lines} lines, total ${x.total}`);
          for (const w of x.warnings) out(`  warning: ${w}`);
          await printChanged(x.ownerId, x.period);
        }
        for (const c of r.closed) out(`not rated: ${c.message}`);
        await printHead();
        return 0;
      }
      case 'reconcile': {
        const period = need('period');
        const r = await call('reconcile.run', {
          period,
          ...(values.owner ? { ownerId: values.owner } : {}),
          ...(values.tolerance ? { tolerance: values.tolerance } : {}),
          ...(values['tolerance-percent'] ? { tolerancePercent: values['tolerance-percent'] === 'none' ? null : values['tolerance-percent'] } : {}),
        });
        const discrepancies = (ownerId: string) =>
          call('lines.list', { period, ownerId, statuses: ['over_billed', 'under_billed', 'missing_from_invoice', 'unexplained_charge'], limit: 5000 });
        // A FOCUS period's lines with rows that break their unit prices, each with its rows.
        const flaggedOf = async (ownerId: string) => {
          const flagged = await call('lines.list', { period, ownerId, flagged: true, limit: MAX_FLAGGED_LINES });
          const lines = [];
          for (const l of flagged.rows) lines.push({ line: l, rows: (await call('lines.detail', { period, ownerId, lineKey: l.key })).focusRows });
          return { lines, total: flagged.total };
        };
        if (values.json) {
          const owners = [];
          for (const s of r.summaries) {
            const flagged = s.focus?.flaggedRows ? await flaggedOf(s.ownerId) : null;
            const flaggedRows = (flagged?.lines ?? []).flatMap(({ line, rows }) =>
              rows.flatMap((row) => row.flags.map((f) => ({ lineNo: line.lineNo, itemId: line.itemId, file: row.source.file, row: row.source.row, ...f }))),
            );
            const changedSinceReview = s.changedSinceReview ? (await call('lines.list', { period, ownerId: s.ownerId, changed: true, limit: 5000 })).rows : [];
            owners.push({ ...s, discrepancies: (await discrepancies(s.ownerId)).rows, flaggedRows, changedLines: changedSinceReview });
          }
          out(JSON.stringify({ period, owners }, null, 2));
          return 0;
        }
        out(formatSummaries(r.summaries));
        const settings = (await call('workspace.overview', {})).settings;
        const percent =
          values['tolerance-percent'] !== undefined ? (values['tolerance-percent'] === 'none' ? null : values['tolerance-percent']) : settings.tolerancePercent;
        out(
          `tolerance: ${toleranceText({ amount: values.tolerance ?? settings.tolerance, percent })} (a line matches within ${percent === null ? 'it' : 'both'})`,
        );
        // A closed period is shown as it was signed off: not reconciled again (month-end close).
        for (const s of r.summaries)
          if (s.closed)
            out(`${s.ownerId} ${period} is closed (signed off by ${s.closed.by} on ${lockTime(s.closed.at)}): shown as signed off, not reconciled again`);
        const checks = formatFocusChecks(r.summaries);
        if (checks) out(checks);
        for (const s of r.summaries) {
          const owner = ownerLabel(s.ownerId, s.owner?.name);
          const lines = await discrepancies(s.ownerId);
          if (lines.invoice.invoices.length || s.warnings.length) out(`\n${owner} ${period}:`);
          for (const inv of lines.invoice.invoices) out(`  ${formatProviderInvoice(inv)}`);
          for (const w of s.warnings) out(`  warning: ${w}`);
          if (lines.rows.length) out(formatLinesTable(owner, period, lines.rows));
          if (s.focus?.flaggedRows) {
            const flagged = await flaggedOf(s.ownerId);
            out(formatFlaggedRows(owner, period, flagged.lines, flagged.total));
          }
          if (s.changedSinceReview > 0) await printChanged(s.ownerId, period, owner);
        }
        await printHead();
        return 0;
      }
      case 'export': {
        const period = need('period');
        const outFile = values.evidence === undefined ? need('out') : values.out;
        const ownerId = await ownerOf(period);
        const evidenceFile = values.evidence;
        if (outFile === undefined) {
          const r = await call('export.evidence', { period, ownerId, out: evidenceFile });
          if (r.refreshed) out(`rated and reconciled ${ownerId} ${period} first: ${r.refreshed}`);
          await sayClosed(ownerId, period);
          out(
            `wrote ${evidenceFile} (evidence pack: ${r.workbook} with ${r.lines} lines, ${r.sourceFiles} source files, ${r.auditEntries} audit entries, ${r.bytes} bytes)`,
          );
        } else {
          const r = await call('export.workbook', { period, ownerId, out: outFile, ...(evidenceFile !== undefined ? { evidence: evidenceFile } : {}) });
          if (r.refreshed) out(`rated and reconciled ${ownerId} ${period} first: ${r.refreshed}`);
          await sayClosed(ownerId, period);
          out(`wrote ${outFile} (${r.lines} lines, ${r.bytes} bytes)`);
          if (r.evidence)
            out(
              `wrote ${evidenceFile} (evidence pack: ${r.evidence.workbook}, ${r.evidence.sourceFiles} source files, ${r.evidence.auditEntries} audit entries, ${r.evidence.bytes} bytes)`,
            );
        }
        await printHead();
        return 0;
      }
      case 'close': {
        const period = need('period');
        const ownerId = await ownerOf(period);
        const r = await call('period.close', { period, ownerId });
        out(`closed ${ownerId} ${period}: ${r.lines} lines signed off by ${r.closedBy} on ${lockTime(r.closedAt)} (audit entry ${r.auditSeq})`);
        await printHead();
        return 0;
      }
      case 'reopen': {
        const period = need('period');
        const reason = values.reason?.trim();
        if (!reason) throw new UsageError('reopen: --reason is required (why the sign-off is lifted; it is audited)');
        const ownerId = await ownerOf(period);
        const r = await call('period.reopen', { period, ownerId, reason });
        out(`reopened ${ownerId} ${period} (by ${r.reopenedBy}, audit entry ${r.auditSeq}): ${reason}`);
        await printHead();
        return 0;
      }
      case 'review': {
        const period = need('period');
        const state = values.state;
        if (!state || !(REVIEW_STATES as readonly string[]).includes(state))
          throw new UsageError(`review: --state is required: ${REVIEW_STATES.join(' | ')} (see slicewise review --help)`);
        const asked = values.line ?? [];
        if (asked.length === 0) throw new UsageError('review: give at least one --line N (a line number as reconcile prints it, or a line key)');
        const ownerId = await ownerOf(period);
        const review: { reason?: string; creditNote?: string; creditAmount?: string } = {};
        if (state === 'disputed') review.reason = values.reason ?? (await ask('Reason for the dispute (what is wrong with the line): ', '--reason TEXT'));
        if (state === 'resolved') {
          review.creditNote = values['credit-note'] ?? (await ask("The provider's credit note number: ", '--credit-note N'));
          review.creditAmount = values.amount ?? (await ask('Its amount: ', '--amount X'));
        }
        if (state !== 'disputed' && values.reason) throw new UsageError('review: --reason goes with --state disputed (add an annotation in the app otherwise)');
        if (state !== 'resolved' && (values['credit-note'] || values.amount))
          throw new UsageError('review: --credit-note and --amount go with --state resolved');
        const all = await call('lines.list', { period, ownerId, limit: 5000 });
        const rows = [...all.rows];
        for (let offset = rows.length; offset < all.total; offset = rows.length)
          rows.push(...(await call('lines.list', { period, ownerId, limit: 5000, offset })).rows);
        const lines = asked.map((a) => {
          const row = /^\d+$/.test(a) ? rows.find((r) => r.lineNo === Number(a)) : rows.find((r) => r.key === a);
          if (!row) throw new Error(`review: ${ownerId} ${period} has no line ${a}`);
          return row;
        });
        const r = await call('lines.setReview', { period, ownerId, lineKeys: lines.map((l) => l.key), state, ...review });
        for (const l of lines)
          out(`line ${l.lineNo} ${l.itemName || l.itemId} ${l.priceItem}: ${state} (recomputed ${l.amountPerSecond}, billed ${l.billed ?? '-'}, ${l.status})`);
        out(`${r.changed} line${r.changed === 1 ? '' : 's'} changed`);
        await printHead();
        return 0;
      }
      case 'settings': {
        const patch = {
          ...(values.tolerance !== undefined ? { tolerance: values.tolerance } : {}),
          ...(values['tolerance-percent'] !== undefined
            ? { tolerancePercent: values['tolerance-percent'] === 'none' ? null : values['tolerance-percent'] }
            : {}),
          ...(values.actor !== undefined ? { actor: values.actor } : {}),
        };
        const s = Object.keys(patch).length ? await call('settings.update', patch) : (await call('workspace.overview', {})).settings;
        out(`actor: ${s.actor || '(nobody named: pass --actor NAME)'}`);
        out(`tolerance: ${toleranceText({ amount: s.tolerance, percent: s.tolerancePercent })}`);
        out(`time zone: ${s.timeZone}`);
        out(`locale: ${s.locale}`);
        out(`slice length: ${s.granularitySeconds} s`);
        out(`default VAT: ${s.defaultVatPercent} %`);
        if (Object.keys(patch).length) await printHead();
        return 0;
      }
      case 'audit': {
        if (positionals[0] !== 'verify') throw new UsageError('audit: the only subcommand is "verify"');
        if (values.head && values.against) throw new UsageError('audit verify: give --head or --against, not both');
        const r = await call('audit.verify', { ...(values.head ? { head: values.head } : {}), ...(values.against ? { against: values.against } : {}) });
        if (!r.ok) throw new Error(`audit log is NOT intact: ${r.problem}`);
        out(`audit log intact: ${r.entries} entries, head ${formatAuditHead({ entries: r.entries, hash: r.lastHash })}`);
        if (r.head) out(`it still holds the head ${r.head}${values.against ? ` stated by ${values.against}` : ''}`);
        if (r.exportEntry !== undefined) out(`entry ${r.exportEntry} records the export of ${values.against}`);
        return 0;
      }
    }
    return 2;
  } finally {
    core.close();
  }
}

export async function main(): Promise<void> {
  try {
    process.exitCode = await run(process.argv.slice(2));
  } catch (err) {
    const e = err as Error & { code?: string };
    const usage = err instanceof UsageError || e.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' || e.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE';
    process.stderr.write(`slicewise: ${e.message.split('\n')[0]}\n`);
    process.exitCode = usage ? 2 : 1;
  }
}

if (require.main === module) void main();
