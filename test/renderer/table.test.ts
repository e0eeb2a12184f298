// The tables' spreadsheet habits, pure parts (renderer/src/lib/table.ts): stored column
// preferences read defensively, the grid template, tab-separated and CSV text.
import { describe, expect, it } from 'vitest';
import { clampWidth, gridTemplate, parsePrefs, toCsv, toTsv } from '../../renderer/src/lib/table';

describe('column preferences', () => {
  it('reads what was stored, dropping anything malformed', () => {
    expect(parsePrefs(JSON.stringify({ hidden: ['credit', 3], widths: { item: 180.4, price: 'x', net: 5 } }))).toEqual({
      hidden: ['credit'],
      widths: { item: 180, net: 32 },
    });
    expect(parsePrefs('{not json')).toEqual({ hidden: [], widths: {} });
    expect(parsePrefs(null)).toEqual({ hidden: [], widths: {} });
    expect(parsePrefs('"a string"')).toEqual({ hidden: [], widths: {} });
    expect(clampWidth(1e9)).toBe(800);
  });
  it('gives the grid template of the visible columns and the width it needs', () => {
    const cols = [
      { id: 'a', width: { min: 26 } },
      { id: 'b', width: { min: 90, fr: 1.5 } },
      { id: 'c', width: { min: 64, fr: 0.6 } },
    ];
    expect(gridTemplate(cols, {})).toEqual({ template: '26px minmax(90px, 1.5fr) minmax(64px, 0.6fr)', minWidth: 180 });
    expect(gridTemplate(cols, { b: 200 })).toEqual({ template: '26px 200px minmax(64px, 0.6fr)', minWidth: 290 });
  });
});

describe('copied and exported text', () => {
  it('writes tab-separated rows a spreadsheet pastes as columns', () => {
    expect(
      toTsv([
        ['Line', 'Item'],
        ['1', 'a\tb\nc'],
      ]),
    ).toBe('Line\tItem\r\n1\ta b c\r\n');
  });
  it('writes RFC 4180 CSV, exact figures untouched, formulas kept as text', () => {
    expect(
      toCsv([
        ['Item', 'Billed'],
        ['a, "b"', '45.38'],
        ['=HYPERLINK("x")', '-0.0533333'],
        ['line\nbreak', ''],
      ]),
    ).toBe('Item,Billed\r\n"a, ""b""",45.38\r\n"\'=HYPERLINK(""x"")",-0.0533333\r\n"line\nbreak",\r\n');
  });
});
