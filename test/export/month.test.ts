// The workbook of a realistic month in a real workspace (the sample organisation's March 2021,
// reviewed and annotated, beside April and another customer): the Audit sheet holds only this
// owner's March (and the settings changes), the Credits rows add up on the sheet, words follow the workspace locale, and
// every text fits its column or wraps.
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { LABELS } from '../../shared/i18n/labels';
import { LINE_KINDS, LINE_STATUSES, REVIEW_STATES } from '../../shared/types';
import { D } from '../../shared/money';
import { OTHER_OWNER, OTHER_SECRET, PERIOD, realisticWorkspace, type Realistic } from './realistic';
import { rawSheets, readWorkbook, sheet, summaryRows } from './xlsx-helpers';

let month: Realistic;
let file: string;
let wb: ExcelJS.Workbook;
let headBefore: string;

beforeAll(async () => {
  month = await realisticWorkspace();
  await month.core.call('settings.update', { locale: 'en' });
  const head = await month.core.call('audit.head', {});
  headBefore = `${head.entries}:${head.hash}`;
  file = await month.exportMarch('en');
  wb = await readWorkbook(file);
});

/** Data rows of a sheet as arrays of cell values (column A first), up to the first blank row. */
function table(ws: ExcelJS.Worksheet): unknown[][] {
  const out: unknown[][] = [];
  for (let r = 2; r <= ws.rowCount && ws.getRow(r).hasValues; r++) out.push((ws.getRow(r).values as unknown[]).slice(1));
  return out;
}

describe('the Audit sheet of a month', () => {
  it("holds this owner's entries of this period, the imports of its source files and the settings changes, nothing else", async () => {
    const owner = month.ownerId;
    const rows = table(sheet(wb, 'Audit'));
    const files: string[] = [];
    sheet(wb, 'Summary').eachRow((row) => {
      if (row.getCell(1).value === 'Source file') files.push(String(row.getCell(2).value).split(' — ')[0]!);
    });
    expect(files).toContain('usage-2021-03.csv');
    for (const [, , action, subject] of rows) {
      const s = String(subject);
      const mine = s === `${owner} ${PERIOD}` || s.startsWith(`${owner} ${PERIOD} `);
      expect(mine || (action === 'import' && files.includes(s)) || action === 'settings', `${action} ${s}`).toBe(true);
    }
    const actions = rows.map((r) => r[2]);
    const march = (await month.core.call('lines.list', { period: PERIOD, ownerId: owner, limit: 5000 })).rows;
    expect(actions.filter((a) => a === 'review')).toHaveLength(march.length); // every line reviewed once
    expect(actions.filter((a) => a === 'annotate')).toHaveLength(march.filter((l) => l.status !== 'match').length);
    expect(actions).toEqual(expect.arrayContaining(['import', 'rate', 'reconcile']));
    expect(actions.filter((a) => a === 'import')).toHaveLength(files.length);
    // The other customer's file, entries and annotation text, and April's note, are nowhere.
    const everything = [...(await rawSheets(file)).values()].join('\n');
    expect(everything).not.toContain(OTHER_SECRET);
    expect(everything).not.toContain(OTHER_OWNER);
    expect(everything).not.toContain('usage-other-2021-03.csv');
    expect(everything).not.toContain('April note');
  });

  it('gives the head of the whole chain at export time in the Summary; each entry keeps its own hash', async () => {
    expect(summaryRows(sheet(wb, 'Summary')).get('Audit head')!.cell.value).toBe(headBefore);
    const all = await month.core.call('audit.list', { limit: 1000 });
    const byHash = new Map(all.entries.map((e) => [e.hash, e]));
    for (const [, actor, action, subject, detail, hash] of table(sheet(wb, 'Audit'))) {
      expect(byHash.get(String(hash)), String(hash)).toMatchObject({ actor, action, subject, detail });
    }
  });
});

describe('the Credits sheet of a month', () => {
  it('adds up on each row: opening + granted − applied − expired = closing, the closing a formula', () => {
    const ws = sheet(wb, 'Credits');
    const rows = table(ws);
    expect(rows.map((r) => r[0])).toEqual(['cr-2021-0003-addons', 'cr-2021-0001-welcome', 'cr-2021-0002-prepaid']);
    // Opening, Granted, Applied, Expired, Closing (a formula: its stored result) of a row.
    const figures = (r: number) =>
      ['E', 'F', 'G', 'H'].map((c) => new D(ws.getCell(`${c}${r}`).value as number)).concat(new D(ws.getCell(`I${r}`).result as number));
    rows.forEach((row, i) => {
      const r = i + 2;
      const [opening, granted, applied, expired, closing] = figures(r);
      expect(opening!.plus(granted!).minus(applied!).minus(expired!).toFixed(2), String(row[0])).toBe(closing!.toFixed(2));
      expect(ws.getCell(`I${r}`).formula).toBe(`ROUND(E${r}+F${r}-G${r}-H${r},2)`);
    });
    // Granted in March: the opening is 0 and the grant is in Granted (credits.csv); the add-ons
    // credit expires at the end of March, so what is left of it is Expired.
    const shown = (r: number) => figures(r).map((d) => d.toFixed(2));
    expect(shown(2)).toEqual(['0.00', '60.00', '38.36', '21.64', '0.00']);
    expect(shown(3)).toEqual(['0.00', '50.00', '50.00', '0.00', '0.00']);
    expect(shown(4)).toEqual(['0.00', '200.00', '100.78', '0.00', '99.22']);
  });
});

describe('words and widths', () => {
  it('writes kinds, statuses, review states and credit kinds in French when the workspace locale is fr', async () => {
    const fr = await readWorkbook(await month.exportMarch('fr'));
    const lines = table(sheet(fr, 'Lines'));
    const column = (name: string) => (sheet(fr, 'Lines').getRow(1).values as unknown[]).indexOf(name) - 1;
    const [kind, status, review] = [column('Kind'), column('Status'), column('Review')];
    expect(new Set(lines.map((l) => l[kind]))).toEqual(new Set(['Application', 'Compilation', 'Add-on', 'Au compteur', 'Tâche']));
    expect(lines.map((l) => l[status])).toEqual(expect.arrayContaining(['Conforme', 'Surfacturé', 'Montant inexpliqué']));
    expect(new Set(lines.map((l) => l[review]))).toEqual(new Set(['Approuvé', 'Contesté']));
    const credits = table(sheet(fr, 'Credits')).slice(0, 3);
    expect(credits.map((c) => [c[1], c[2]])).toEqual([
      ['Gratuit', 'Add-on'],
      ['Gratuit', 'Tous types'],
      ['Prépayé', 'Application, Compilation'],
    ]);
    expect(credits[2]![3]).toBe('jamais');
    expect(sheet(fr, 'Summary').headerFooter.oddFooter).toMatch(/&RPage &P sur &N$/);
    // No cell anywhere holds a code.
    const codes = new Set<string>([...LINE_KINDS, ...LINE_STATUSES, ...REVIEW_STATES, 'free', 'prepaid', 'all', 'never']);
    for (const ws of fr.worksheets.filter((w) => w.name !== 'Audit')) {
      ws.eachRow((row) => row.eachCell((c) => expect(codes.has(String(c.value)), `${ws.name}!${c.address} ${String(c.value)}`).toBe(false)));
    }
  });

  it('has a word for every code in both locales', () => {
    for (const locale of ['en', 'fr'] as const) {
      const l = LABELS[locale];
      for (const k of LINE_KINDS) expect(l.kind[k], `${locale} ${k}`).toMatch(/^\p{Lu}/u);
      for (const s of LINE_STATUSES) expect(l.status[s], `${locale} ${s}`).toMatch(/^\p{Lu}/u);
      for (const r of REVIEW_STATES) expect(l.review[r], `${locale} ${r}`).toMatch(/^\p{Lu}/u);
    }
    expect(LABELS.fr.status.missing_from_invoice).toBe('Absent de la facture');
    expect(LABELS.en.status.missing_from_invoice).toBe('Missing from invoice');
  });

  it('fits every column to its content: ids on one line, a longer text wrapped in a taller row', () => {
    for (const name of ['Summary', 'Lines', 'Details', 'Credits', 'Audit']) {
      const ws = sheet(wb, name);
      ws.eachRow((row, r) => {
        if (r === 1) return;
        let lines = 1;
        row.eachCell((cell, c) => {
          if (typeof cell.value !== 'string') return;
          const width = ws.getColumn(c).width ?? ws.properties.defaultColWidth!; // no <col> for a column of the default width
          const longest = Math.max(...cell.value.split('\n').map((t) => t.length));
          if (cell.alignment?.wrapText) lines = Math.max(lines, Math.ceil(longest / (width - 2)));
          else expect(longest, `${name}!${cell.address} "${cell.value}" in a column of ${width}`).toBeLessThanOrEqual(width - 2);
        });
        if (lines > 1) expect(row.height, `${name} row ${r}`).toBeGreaterThanOrEqual(lines * 15);
      });
    }
    // Ids and item names are never wrapped: their columns are as wide as the longest.
    const details = sheet(wb, 'Details');
    for (const col of ['B', 'C', 'D']) {
      details.getColumn(col).eachCell((cell, r) => {
        if (r > 1) expect(cell.alignment?.wrapText ?? false, `Details!${cell.address}`).toBe(false);
      });
    }
    expect(details.getColumn('C').width).toBe(36 + 2); // a UUID instance id
    expect(sheet(wb, 'Lines').getColumn('A').width).toBeLessThanOrEqual(8);
  });
});
