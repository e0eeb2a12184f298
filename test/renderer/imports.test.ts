import { describe, expect, it } from 'vitest';
import { anyCsv, commitGroups, csvOptions, DEFAULT_CSV } from '../../renderer/src/state/imports';

const preview = (format: 'cc-invoice' | 'usage-csv' | 'catalog' | 'credits' | 'focus') => ({
  fileName: 'f',
  format,
  columns: [],
  rows: [],
  errors: [],
  alreadyImported: false,
});

describe('csvOptions', () => {
  it('sends nothing for the defaults', () => {
    expect(csvOptions(DEFAULT_CSV)).toBeUndefined();
  });
  it('sends only what changed', () => {
    expect(csvOptions({ delimiter: ';', decimalComma: true, headerRow: 3, dateFormat: '' })).toEqual({ delimiter: ';', decimalComma: true, headerRow: 3 });
    expect(csvOptions({ ...DEFAULT_CSV, dateFormat: 'M/D/YYYY' })).toEqual({ dateFormat: 'M/D/YYYY' });
    expect(csvOptions({ ...DEFAULT_CSV, decimalComma: true })).toEqual({ decimalComma: true });
  });
});

describe('commitGroups', () => {
  it('imports catalogs and credits first, and splits by format override', () => {
    const items = [
      { id: 1, name: 'invoice-2021-03.json', ref: 'r1', override: '' as const, include: true, preview: preview('cc-invoice'), result: null },
      { id: 2, name: 'usage-2021-03.csv', ref: 'r2', override: '' as const, include: true, preview: preview('usage-csv'), result: null },
      { id: 3, name: 'catalog.json', ref: 'r3', override: '' as const, include: true, preview: preview('catalog'), result: null },
      { id: 4, name: 'credits.csv', ref: 'r4', override: 'credits' as const, include: true, preview: preview('usage-csv'), result: null },
      { id: 5, name: 'old.csv', ref: 'r5', override: '' as const, include: false, preview: preview('usage-csv'), result: null },
      {
        id: 6,
        name: 'done.csv',
        ref: 'r6',
        override: '' as const,
        include: true,
        preview: preview('usage-csv'),
        result: { fileName: 'done.csv', ok: true, warnings: [] },
      },
      { id: 7, name: 'uploading.csv', ref: null, override: '' as const, include: true, preview: null, result: null },
    ];
    const groups = commitGroups(items);
    expect(groups.map((g) => [g.override, g.csv, g.refs])).toEqual([
      ['', false, ['r3']],
      ['credits', true, ['r4']],
      ['', true, ['r2']],
      ['', false, ['r1']],
    ]);
  });
});

describe('anyCsv', () => {
  it('offers the CSV options for a CSV format or a CSV-looking name', () => {
    expect(anyCsv([{ name: 'catalog.json', override: '', preview: preview('catalog') }])).toBe(false);
    expect(anyCsv([{ name: 'export.txt', override: '', preview: null }])).toBe(true);
    expect(anyCsv([{ name: 'credits.json', override: '', preview: preview('credits') }])).toBe(true);
    expect(anyCsv([{ name: 'data', override: 'focus', preview: null }])).toBe(true);
  });
});
