// Plain rows written straight into exceljs's sheet stream: the same XML exceljs writes for them
// (tested byte for byte), without a Row, a Cell and a value object per cell, which cost most of a
// 1M-row Details sheet's time and garbage (docs/performance.md, "Export").
import type { Style, Worksheet } from 'exceljs';
import { colLetter, type Cell } from './cells';

/** A value the raw path writes: what exceljs writes as a number, a `t="str"` string or a date. */
export type PlainCell = string | number | Date | null;

/** exceljs's value types (lib/doc/enums.js), which its style ids depend on. */
const enum ValueType {
  Null = 0,
  Number = 2,
  String = 3,
  Date = 4,
}

/** What the raw path relies on inside exceljs's streaming worksheet writer (lib/stream/xlsx/worksheet-writer.js). */
interface WriterInternals {
  stream: { write(chunk: string): unknown };
  /** The next row number once every row is committed. */
  _rowZero: number;
  _rows: unknown[];
  startedData: boolean;
  _workbook: { styles: { addStyleModel(style: Partial<Style>, type: ValueType): number } };
}

/** Characters of buffered XML written to the stream in one chunk. */
const CHUNK = 1 << 16;
const MS_PER_DAY = 24 * 3600 * 1000;
// eslint-disable-next-line no-control-regex
const XML_SPECIAL = /[<>&'"\x7F\x00-\x08\x0B-\x0C\x0E-\x1F]/;

/** exceljs's text encoding (utils.xmlEncode): the five entities, control characters but TAB, LF and CR dropped. */
export function xmlEncode(text: string): string {
  if (!XML_SPECIAL.test(text)) return text;
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) out += '&quot;';
    else if (c === 38) out += '&amp;';
    else if (c === 39) out += '&apos;';
    else if (c === 60) out += '&lt;';
    else if (c === 62) out += '&gt;';
    else if (c === 127 || (c <= 31 && c !== 9 && c !== 10 && c !== 13)) continue;
    else out += text[i];
  }
  return out;
}

const EDGE_SPACE = /^\s|\s$/;

/** Whether exceljs would write `value` as a plain number, `t="str"` string, date or nothing (see stringCell). */
export function isPlain(value: Cell): value is PlainCell {
  return value === null || typeof value === 'number' || value instanceof Date || (typeof value === 'string' && !EDGE_SPACE.test(value));
}

function typeOf(value: PlainCell): ValueType {
  if (value === null) return ValueType.Null;
  if (typeof value === 'number') return ValueType.Number;
  if (typeof value === 'string') return ValueType.String;
  return ValueType.Date;
}

/** Raw rows of one sheet, once exceljs has opened its sheet data (after its first committed row). */
export class RawRows {
  private readonly ws: WriterInternals;
  private pending = '';
  /** Style id per style object and value type (exceljs caches by object identity too). */
  private readonly ids = new Map<Partial<Style>, number[]>();
  private readonly letters: string[] = [];

  constructor(ws: Worksheet) {
    this.ws = ws as unknown as WriterInternals;
  }

  /** Whether a row can be written raw now: exceljs has started the sheet data and holds no row. */
  get ready(): boolean {
    return this.ws.startedData && this.ws._rows.length === 0;
  }

  /** Writes one row of plain values (when `ready`); returns its row number. */
  put(values: readonly PlainCell[], styles: readonly Partial<Style>[]): number {
    const ws = this.ws;
    const r = ws._rowZero++;
    // exceljs writes no row without a value (and without a height, which raw rows never have).
    if (!values.some((v) => v !== null)) return r;
    let xml = `<row r="${r}" spans="1:${values.length}" x14ac:dyDescent="0.25">`;
    for (let i = 0; i < values.length; i++) {
      const v = values[i]!;
      const type = typeOf(v);
      const id = this.styleId(styles[i]!, type);
      if (type === ValueType.Null && !id) continue;
      xml += `<c r="${this.letter(i)}${r}"${id ? ` s="${id}"` : ''}`;
      if (type === ValueType.Null) xml += '/>';
      else if (type === ValueType.Number) xml += `><v>${xmlEncode(String(v))}</v></c>`;
      else if (type === ValueType.String) xml += ` t="str"><v>${xmlEncode(v as string)}</v></c>`;
      else xml += `><v>${xmlEncode(String(25569 + (v as Date).getTime() / MS_PER_DAY))}</v></c>`;
    }
    this.pending += xml + '</row>';
    if (this.pending.length >= CHUNK) this.flush();
    return r;
  }

  /** Hands the buffered rows to the sheet's stream (before any row exceljs writes, and before measuring the backlog). */
  flush(): void {
    if (this.pending === '') return;
    this.ws.stream.write(this.pending);
    this.pending = '';
  }

  private styleId(style: Partial<Style>, type: ValueType): number {
    let byType = this.ids.get(style);
    if (!byType) this.ids.set(style, (byType = []));
    return (byType[type] ??= this.ws._workbook.styles.addStyleModel(style, type));
  }

  private letter(i: number): string {
    return (this.letters[i] ??= colLetter(i + 1));
  }
}
