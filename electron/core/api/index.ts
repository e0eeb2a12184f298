// The one implementation of the API contract, used by IPC, the HTTP bridge and the CLI: a table
// of handlers, one module per namespace, assembled here. Handlers route to jobs/ and store/.
import type { Handlers } from '../../../shared/contract/api';
import type { Db } from '../store/open';
import { queueWrite } from '../store/write-queue';
import { auditHandlers } from './audit';
import { creditsHandlers } from './credits';
import { exportHandlers } from './export';
import { focusHandlers } from './focus';
import { importHandlers } from './import';
import { linesHandlers } from './lines';
import { ownersHandlers } from './owners';
import { periodHandlers } from './period';
import { rateHandlers } from './rate';
import { sampleHandlers } from './sample';
import { settingsHandlers } from './settings';
import { workspaceHandlers } from './workspace';

/** Calls that write take their turn in the workspace's write queue (imports take it file by file, in importFile). */
const WRITERS = [
  'settings.update',
  'rate.run',
  'reconcile.run',
  'lines.setReview',
  'lines.annotate',
  'export.workbook',
  'export.evidence',
  'focus.setInvoiceTotal',
  'owners.rename',
  'period.close',
  'period.reopen',
] as const;

export function createHandlers(db: Db, dbPath: string): Handlers {
  const ws = { db, dbPath };
  const handlers: Handlers = {
    ...workspaceHandlers(ws),
    ...settingsHandlers(ws),
    ...importHandlers(ws),
    ...sampleHandlers(ws),
    ...rateHandlers(ws),
    ...linesHandlers(ws),
    ...creditsHandlers(ws),
    ...auditHandlers(ws),
    ...exportHandlers(ws),
    ...focusHandlers(ws),
    ...periodHandlers(ws),
    ...ownersHandlers(ws),
  };
  const table = handlers as Record<string, (req: never, ctx: never) => Promise<unknown>>;
  for (const name of WRITERS) {
    const inner = table[name]!;
    table[name] = (req, ctx) => queueWrite(db, () => inner(req, ctx));
  }
  return handlers;
}
