// Shared test plumbing: a real workspace file and the real handlers, called through the contract.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Method, Req, Res } from '../../shared/contract/api';
import { openCore, type Core } from '../../electron/core';
import { cliContext } from '../../electron/core/api/context';
import { dispatch } from '../../electron/core/api/dispatch';

export const SAMPLE_DIR = path.resolve(__dirname, '../../resources/sample');

export function tempDir(prefix = 'slicewise-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export interface TestCore extends Core {
  call<M extends Method>(method: M, req: Req<M>): Promise<Res<M>>;
}

export function openTestCore(dbPath = path.join(tempDir(), 'workspace.sqlite')): TestCore {
  const core = openCore(dbPath);
  return {
    ...core,
    async call(method, req) {
      const r = await dispatch(
        core.handlers,
        method,
        req,
        cliContext(() => {}),
      );
      if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
      return r.value as never;
    },
  };
}

export function sampleFiles(): string[] {
  const files = fs.readdirSync(SAMPLE_DIR).filter((f) => /\.(csv|json)$/.test(f) && f !== 'expected.json');
  // Catalog first is not required (prices resolve at rating), but it is what a user would do.
  return files.sort((a, b) => (a.startsWith('catalog') ? -1 : b.startsWith('catalog') ? 1 : a.localeCompare(b))).map((f) => path.join(SAMPLE_DIR, f));
}

export async function importSample(core: TestCore): Promise<void> {
  const r = await core.call('import.commit', { files: sampleFiles() });
  const failed = r.results.filter((x) => !x.ok);
  if (failed.length) throw new Error(failed.map((f) => `${f.fileName}: ${f.error}`).join('\n'));
}

export interface ExpectedSample {
  ownerId: string;
  periods: Record<
    string,
    {
      ratedFrom: 'usage' | 'invoice';
      lines: {
        lineNo: number;
        kind: string;
        itemId: string;
        priceItem: string;
        amountPerSecond: string;
        amountLegacy: string;
        credit: string;
        net: string;
        billableSeconds: number;
        billedRef: string | null;
        billed: string | null;
        variance: string;
        status: string;
      }[];
      totals: {
        subtotalPerSecond: string;
        subtotalLegacy: string;
        difference: string;
        creditsApplied: string;
        netBeforeTax: string;
        vat: string;
        total: string;
        billedTotal: string;
        variance: string;
        counts: Record<string, number>;
      };
    }
  >;
  focus: {
    ownerId: string;
    accountName: string;
    currency: string;
    periods: Record<
      string,
      {
        rows: number;
        lines: {
          lineNo: number;
          kind: string;
          itemId: string;
          itemName: string;
          priceItem: string;
          rows: number;
          amountPerSecond: string;
          billed: string;
          variance: string;
          status: string;
          flaggedRows: number;
        }[];
        totals: { subtotalPerSecond: string; billedTotal: string; variance: string; counts: Record<string, number> };
      }
    >;
    invoiceChecks: { period: string; invoiceId: string; total: string; source: string; rows: number; rowsTotal: string; difference: string; status: string }[];
    flaggedRows: { period: string; lineNo: number; itemId: string; file: string; row: string; check: string; cost: string; expected: string }[];
  };
  discrepancies: {
    period: string;
    kind: string;
    itemId: string;
    priceItem: string;
    status: string;
    billed: string | null;
    recomputed: string;
    variance: string;
  }[];
}

export function expectedSample(): ExpectedSample {
  return JSON.parse(fs.readFileSync(path.join(SAMPLE_DIR, 'expected.json'), 'utf8')) as ExpectedSample;
}
