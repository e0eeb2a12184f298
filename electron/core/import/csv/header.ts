// The header of a CSV table: where each column of the format is, by name or by mapping.
import { ImportError } from '../errors';

export function normalizeHeader(h: string): string {
  return h
    .replace(/^\ufeff/, '')
    .trim()
    .toLowerCase();
}

/**
 * Where each canonical column is in the file: by mapping (canonical → header in file) or by
 * name, case-insensitively. Other columns are "extra" (kept as attributes where the table has
 * room for them).
 */
export class ColumnMap {
  readonly index = new Map<string, number>();
  readonly extra: { name: string; index: number }[] = [];
  readonly headers: string[];

  constructor(
    file: string,
    readonly headerRow: number,
    rawHeaders: readonly string[],
    canonical: readonly string[],
    mapping: Record<string, string> | undefined,
    required: readonly string[] = [],
  ) {
    this.headers = rawHeaders.map((h) => h.replace(/^\ufeff/, '').trim());
    const norm = this.headers.map(normalizeHeader);
    const at = String(headerRow);
    const canonicalByNorm = new Map(canonical.map((c) => [c.toLowerCase(), c]));
    const mapped = new Map<string, string>(); // canonical → normalized header
    for (const [key, header] of Object.entries(mapping ?? {})) {
      const c = canonicalByNorm.get(key.trim().toLowerCase());
      if (c === undefined)
        throw new ImportError(file, `the column mapping names ${JSON.stringify(key)}, which is not a column of this format (${canonical.join(', ')})`);
      if (typeof header !== 'string' || header.trim() === '') continue;
      mapped.set(c, normalizeHeader(header));
    }
    for (const c of canonical) {
      const want = mapped.get(c) ?? c.toLowerCase();
      const positions: number[] = [];
      norm.forEach((h, i) => {
        if (h === want) positions.push(i);
      });
      if (positions.length > 1) {
        throw new ImportError(
          file,
          `column ${JSON.stringify(this.headers[positions[0]!])} appears ${positions.length} times in the header (columns ${positions.map((p) => p + 1).join(', ')})`,
          { row: at, field: c },
        );
      }
      if (positions.length === 1) this.index.set(c, positions[0]!);
      else if (mapped.has(c)) {
        throw new ImportError(
          file,
          `the column mapping says ${c} is column ${JSON.stringify(mapping?.[c] ?? '')}, but the header has no such column (it has ${this.headers.map((h) => JSON.stringify(h)).join(', ')})`,
          { row: at, field: c },
        );
      }
    }
    for (const c of required) {
      if (!this.index.has(c)) throw new ImportError(file, 'required column is missing from the header', { row: at, field: c });
    }
    const used = new Set(this.index.values());
    this.headers.forEach((h, i) => {
      if (!used.has(i)) this.extra.push({ name: h === '' ? `column ${i + 1}` : h, index: i });
    });
  }

  has(c: string): boolean {
    return this.index.has(c);
  }

  /** Cell of a canonical column ('' when the column is absent). */
  get(fields: readonly string[], c: string): string {
    const i = this.index.get(c);
    return i === undefined ? '' : (fields[i] ?? '');
  }

  /** Extra (unknown) columns with a non-empty value, as an object; null when none. */
  extras(fields: readonly string[]): Record<string, string> | null {
    let out: Record<string, string> | null = null;
    for (const { name, index } of this.extra) {
      const v = fields[index];
      if (v !== undefined && v.trim() !== '') (out ??= {})[name] = v;
    }
    return out;
  }
}
