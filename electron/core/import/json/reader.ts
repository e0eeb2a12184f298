// Exact JSON reading. JSON.parse would turn 0.0001234567890123456789 into a float; this parser
// keeps every number as the text written in the file (JNum.raw). Guards: files over 512 MB and
// nesting deeper than 64 levels are refused before parsing (a cheap scan), so a pathological
// file gets a clear error instead of a crash.
import fsp from 'node:fs/promises';
import { ImportError, Loc } from '../errors';
import {
  checkDecimalBounds,
  decimalField,
  expandExponent,
  instantField,
  exactInstantField,
  type ExactInstant,
  isoUtc,
  MAX_INSTANT,
  MIN_INSTANT,
  normalizePlainDecimal,
  type DecimalOptions,
  type InstantRule,
} from '../values';

export const MAX_JSON_BYTES = 512 * 1024 * 1024;
export const MAX_JSON_DEPTH = 64;

/** A JSON number, as written. */
export class JNum {
  constructor(readonly raw: string) {}
  toString(): string {
    return this.raw;
  }
}
export type JVal = null | boolean | string | JNum | JVal[] | JObj;
export interface JObj {
  [key: string]: JVal;
}

export function isObj(v: JVal | undefined): v is JObj {
  return v !== null && v !== undefined && typeof v === 'object' && !Array.isArray(v) && !(v instanceof JNum);
}

function lineCol(text: string, index: number): string {
  let line = 1;
  let last = -1;
  for (let i = text.indexOf('\n'); i !== -1 && i < index; i = text.indexOf('\n', i + 1)) {
    line++;
    last = i;
  }
  return `line ${line}, column ${index - last}`;
}

/** Refuses nesting deeper than `max` levels (objects and arrays), scanning outside strings. */
export function checkJsonDepth(text: string, file: string, max = MAX_JSON_DEPTH): void {
  let depth = 0;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 34 /* " */) {
      // Skip the string.
      for (i++; i < n; i++) {
        const d = text.charCodeAt(i);
        if (d === 92 /* \ */) i++;
        else if (d === 34) break;
      }
    } else if (c === 123 /* { */ || c === 91 /* [ */) {
      if (++depth > max) {
        throw new ImportError(file, `is nested more than ${max} levels deep (at ${lineCol(text, i)}); such JSON is refused`);
      }
    } else if (c === 125 /* } */ || c === 93 /* ] */) {
      depth--;
    }
  }
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
// eslint-disable-next-line no-control-regex -- JSON forbids raw control characters in strings
const CONTROL = /[\u0000-\u001f]/;

/** Parses JSON text; numbers become JNum (exact text). Throws ImportError naming line and column. */
export function parseJsonExact(text: string, file: string, maxDepth = MAX_JSON_DEPTH): JVal {
  let i = 0;
  const n = text.length;
  const fail = (what: string, at = i): never => {
    throw new ImportError(file, `is not valid JSON: ${what} at ${lineCol(text, at)}`);
  };
  const ws = () => {
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 32 || c === 10 || c === 13 || c === 9) i++;
      else break;
    }
  };
  const str = (): string => {
    const start = i; // at the opening quote
    let j = i + 1;
    for (;;) {
      const k = text.indexOf('"', j);
      if (k === -1) return fail('unterminated string', start);
      let b = 0;
      for (let p = k - 1; p > start && text.charCodeAt(p) === 92; p--) b++;
      if (b % 2 === 1) {
        j = k + 1;
        continue;
      }
      i = k + 1;
      const s = text.slice(start + 1, k);
      if (s.indexOf('\\') === -1) {
        if (CONTROL.test(s)) fail('control character inside a string', start);
        return s;
      }
      try {
        return JSON.parse(text.slice(start, k + 1)) as string;
      } catch {
        return fail('invalid escape or control character in string', start);
      }
    }
  };
  const value = (depth: number): JVal => {
    ws();
    if (i >= n) fail('unexpected end of file');
    const c = text.charCodeAt(i);
    if (c === 123 /* { */) {
      if (depth >= maxDepth) fail(`nesting deeper than ${maxDepth} levels`);
      i++;
      const obj = Object.create(null) as JObj;
      ws();
      if (text.charCodeAt(i) === 125) {
        i++;
        return obj;
      }
      for (;;) {
        ws();
        if (text.charCodeAt(i) !== 34) fail('expected a property name in double quotes');
        const keyAt = i;
        const key = str();
        if (Object.prototype.hasOwnProperty.call(obj, key)) fail(`duplicate key ${JSON.stringify(key)}`, keyAt);
        ws();
        if (text.charCodeAt(i) !== 58 /* : */) fail('expected ":"');
        i++;
        obj[key] = value(depth + 1);
        ws();
        const d = text.charCodeAt(i);
        if (d === 44) {
          i++;
          continue;
        }
        if (d === 125) {
          i++;
          return obj;
        }
        fail('expected "," or "}"');
      }
    }
    if (c === 91 /* [ */) {
      if (depth >= maxDepth) fail(`nesting deeper than ${maxDepth} levels`);
      i++;
      const arr: JVal[] = [];
      ws();
      if (text.charCodeAt(i) === 93) {
        i++;
        return arr;
      }
      for (;;) {
        arr.push(value(depth + 1));
        ws();
        const d = text.charCodeAt(i);
        if (d === 44) {
          i++;
          continue;
        }
        if (d === 93) {
          i++;
          return arr;
        }
        fail('expected "," or "]"');
      }
    }
    if (c === 34) return str();
    if (c === 45 || (c >= 48 && c <= 57)) {
      NUMBER.lastIndex = i;
      const m = NUMBER.exec(text);
      if (!m) return fail('invalid number');
      i += m[0].length;
      return new JNum(m[0]);
    }
    if (text.startsWith('true', i)) {
      i += 4;
      return true;
    }
    if (text.startsWith('false', i)) {
      i += 5;
      return false;
    }
    if (text.startsWith('null', i)) {
      i += 4;
      return null;
    }
    return fail(`unexpected character ${JSON.stringify(text[i])}`);
  };
  const v = value(0);
  ws();
  if (i < n) fail('unexpected text after the JSON value');
  return v;
}

/** Reads, size-checks, decodes (UTF-8, BOM stripped), depth-checks and parses a JSON file. */
export async function readJsonFile(path: string, file: string, maxBytes = MAX_JSON_BYTES): Promise<JVal> {
  const st = await fsp.stat(path);
  if (st.size > maxBytes) {
    throw new ImportError(
      file,
      `is ${(st.size / 1048576).toFixed(1)} MB; JSON files larger than ${Math.round(maxBytes / 1048576)} MB are refused (split the export)`,
    );
  }
  const buf = await fsp.readFile(path);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(buf);
  } catch {
    throw new ImportError(file, 'is not valid UTF-8 text');
  }
  checkJsonDepth(text, file);
  return parseJsonExact(text, file);
}

// ---------- reading fields of JSON records ----------

export function typeName(v: JVal | undefined): string {
  if (v === undefined) return 'missing';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (v instanceof JNum) return 'a number';
  return typeof v === 'object' ? 'an object' : `a ${typeof v}`;
}

/** Text of a value for error messages. */
export function shownJson(v: JVal | undefined): string {
  if (v === undefined) return '';
  if (v instanceof JNum) return v.raw;
  if (typeof v === 'string') return v;
  return JSON.stringify(v, (_k, x: unknown) => (x instanceof JNum ? Number(x.raw) : x)) ?? '';
}

/** A JSON record being read, with its path for errors. */
export class Rec {
  constructor(
    readonly obj: JObj,
    readonly loc: Loc,
  ) {}

  get path(): string {
    return this.loc.row;
  }

  has(field: string): boolean {
    const v = this.obj[field];
    return v !== undefined && v !== null;
  }

  raw(field: string): JVal | undefined {
    return this.obj[field];
  }

  /** String (numbers accepted and kept as written, e.g. ids). */
  str(field: string, required = false): string {
    const v = this.obj[field];
    if (v === undefined || v === null) {
      if (required) this.loc.fail(field, 'is missing (required)');
      return '';
    }
    if (typeof v === 'string') {
      const t = v.trim();
      if (required && t === '') this.loc.fail(field, 'is empty (required)');
      return t;
    }
    if (v instanceof JNum) return v.raw;
    return this.loc.fail(field, `is ${typeName(v)}, expected text`, shownJson(v));
  }

  /** Optional string: null when absent or null. */
  optStr(field: string): string | null {
    return this.has(field) ? this.str(field) : null;
  }

  /** Decimal from a JSON number (exact, as written) or a string holding a plain decimal. */
  dec(field: string, opts: DecimalOptions = {}): string | null {
    return jsonDecimal(this.loc, field, this.obj[field], opts);
  }

  /** Instant from an ISO string, or a JSON integer of epoch milliseconds (to the millisecond: see instantField). */
  instant(field: string, rule: InstantRule, required = false): number | null {
    return jsonInstant(this.loc, field, this.obj[field], rule, required);
  }

  /** Instant with every fractional digit of an ISO string (consumption instants; see exactInstantField). */
  exactInstant(field: string, rule: InstantRule, required = false): ExactInstant | null {
    const v = this.obj[field];
    if (typeof v === 'string') return exactInstantField(this.loc, field, v, rule, required);
    const ms = jsonInstant(this.loc, field, v, rule, required);
    return ms === null ? null : { ms, sub: '' };
  }

  /** Array field (absent or null → []). */
  arr(field: string, required = false): JVal[] {
    const v = this.obj[field];
    if (v === undefined || v === null) {
      if (required) this.loc.fail(field, 'is missing (an array is required)');
      return [];
    }
    if (!Array.isArray(v)) return this.loc.fail(field, `is ${typeName(v)}, expected an array`, shownJson(v));
    return v;
  }

  /** Sub-records of an array field: `details[0]`, `details[1]`… */
  records(field: string, required = false): Rec[] {
    return this.arr(field, required).map((item, idx) => {
      const loc: Loc = this.loc.child(`${field}[${idx}]`);
      if (!isObj(item)) loc.fail(undefined, `is ${typeName(item)}, expected an object`, shownJson(item));
      return new Rec(item, loc);
    });
  }
}

export function jsonDecimal(loc: Loc, field: string, v: JVal | undefined, opts: DecimalOptions = {}): string | null {
  if (v === undefined || v === null) {
    if (opts.required) loc.fail(field, 'is missing (a number is required)');
    return null;
  }
  if (v instanceof JNum) {
    // Decided on the number as written: JNum keeps the file's text, never a JS float.
    checkDecimalBounds(loc, field, v.raw);
    const value = normalizePlainDecimal(v.raw) ?? expandExponent(v.raw);
    if (!opts.allowNegative && value.startsWith('-')) loc.fail(field, 'is negative', v.raw);
    return value;
  }
  if (typeof v === 'string') return decimalField(loc, field, v, { ...opts, decimalComma: false, commaHint: false });
  return loc.fail(field, `is ${typeName(v)}, expected a number`, shownJson(v));
}

export function jsonInstant(loc: Loc, field: string, v: JVal | undefined, rule: InstantRule, required = false): number | null {
  if (v === undefined || v === null) {
    if (required) loc.fail(field, 'is missing (an ISO-8601 date-time with offset is required)');
    return null;
  }
  if (typeof v === 'string') return instantField(loc, field, v, rule, required);
  if (v instanceof JNum) {
    if (!/^\d+$/.test(v.raw)) loc.fail(field, 'is not an instant (expected an ISO-8601 string or epoch milliseconds)', v.raw);
    const ms = Number(v.raw);
    if (ms < MIN_INSTANT || ms > MAX_INSTANT) {
      loc.fail(
        field,
        `is not an epoch-milliseconds instant between ${isoUtc(MIN_INSTANT)} and ${isoUtc(MAX_INSTANT)} (seconds instead of milliseconds?)`,
        v.raw,
      );
    }
    return ms;
  }
  return loc.fail(field, `is ${typeName(v)}, expected a date-time`, shownJson(v));
}
