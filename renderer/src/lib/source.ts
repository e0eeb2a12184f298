// Where a figure comes from, as people say it: "usage-2021-03.csv, row 70", and for a provider's
// JSON invoice "invoice-2021-03.json, line 3, interval 2" instead of `uptimes[2].details[1]`
// (the exact path stays in the tooltip).
import { t } from '../i18n';

const PART: Record<string, 'source.uptime' | 'source.detail' | 'source.countable' | 'source.task'> = {
  uptimes: 'source.uptime',
  details: 'source.detail',
  countables: 'source.countable',
  tasks: 'source.task',
};

/** The place in its file: a CSV row number, or a JSON path in words; an unknown path is kept as it is. */
export function describePlace(row: string): string {
  if (/^\d+$/.test(row)) return t('source.row', { row });
  const parts = [...row.matchAll(/(\w+)\[(\d+)\]/g)];
  if (parts.length === 0 || parts.map((m) => m[0]).join('.') !== row) return row;
  const words = parts.map((m) => {
    const key = PART[m[1]!];
    return key ? t(key, { n: Number(m[2]) + 1 }) : null;
  });
  return words.every((w) => w !== null) ? words.join(', ') : row;
}

/** File and place: "usage-2021-03.csv, row 70". */
export function describeSource(file: string, row: string): string {
  return `${file}, ${describePlace(row)}`;
}

/**
 * A source the core wrote in English ("totals.csv, row 3", "typed by Ada on 2021-05-02"), in the
 * locale's words; anything else as it is.
 */
export function describeSourceText(text: string): string {
  const row = /^(.*), row (\S+)$/.exec(text);
  if (row) return describeSource(row[1]!, row[2]!);
  const typed = /^typed by (.*) on (\d{4}-\d{2}-\d{2})$/.exec(text);
  if (typed) return t('source.typedBy', { who: typed[1], date: typed[2] });
  return text;
}
