// Where the usage CSV's columns are, and which of them each kind of row keeps as attributes.
import { USAGE_COLUMNS, USAGE_INTERVAL_FIELDS } from '../../csv/columns';
import type { ColumnMap } from '../../csv/header';
import type { Attrs } from '../../../store/usage/write';

type UsageColumn = (typeof USAGE_COLUMNS)[number];
/** A known column kept in attrs_json: its name and its position in the file. */
type KeptColumn = readonly [name: UsageColumn, index: number];

/**
 * Where each column is, and which known columns each kind of row keeps as attributes, worked out
 * once per file (per header) instead of once per row.
 */
interface UsagePlan {
  at: Record<UsageColumn, number>; // -1: not in the file
  intervalAttrs: readonly KeptColumn[];
  countableAttrs: readonly KeptColumn[];
  countableAttrsNoItem: readonly KeptColumn[]; // when the service is the item id
  classicAttrs: readonly KeptColumn[];
}

const INTERVAL_OMIT: readonly string[] = USAGE_INTERVAL_FIELDS;
const COUNTABLE_OMIT: readonly string[] = [
  'owner_id',
  'item_type',
  'item_name',
  'plan_id',
  'quantity',
  'unit',
  'zone_id',
  'consumption_start',
  'consumption_end',
  'service',
];
const CLASSIC_OMIT: readonly string[] = [
  'owner_id',
  'item_type',
  'item_id',
  'description',
  'unit_price',
  'quantity',
  'price_factor',
  'discount',
  'currency',
  'consumption_start',
];

const plans = new WeakMap<ColumnMap, UsagePlan>();

export function usagePlan(cols: ColumnMap): UsagePlan {
  let plan = plans.get(cols);
  if (plan === undefined) {
    const at = {} as Record<UsageColumn, number>;
    for (const c of USAGE_COLUMNS) at[c] = cols.index.get(c) ?? -1;
    const kept = (omit: readonly string[]): KeptColumn[] => USAGE_COLUMNS.filter((c) => !omit.includes(c) && at[c] >= 0).map((c) => [c, at[c]] as const);
    plan = {
      at,
      intervalAttrs: kept(INTERVAL_OMIT),
      countableAttrs: kept(COUNTABLE_OMIT),
      countableAttrsNoItem: kept([...COUNTABLE_OMIT, 'item_id']),
      classicAttrs: kept(CLASSIC_OMIT),
    };
    plans.set(cols, plan);
  }
  return plan;
}

/** Cell at a position ('' when the column is absent). */
export function cell(fields: readonly string[], i: number): string {
  return i < 0 ? '' : (fields[i] ?? '');
}

/**
 * Values the target table has no column for, kept as attributes: the unknown columns (as
 * written), then the known columns the table has no place for (trimmed); only non-empty values.
 */
export function keptAttrs(cols: ColumnMap, fields: readonly string[], kept: readonly KeptColumn[]): Attrs {
  let out = cols.extra.length > 0 ? cols.extras(fields) : null;
  for (let k = 0; k < kept.length; k++) {
    const [c, i] = kept[k]!;
    const v = (fields[i] ?? '').trim();
    if (v !== '') (out ??= {})[c] = v;
  }
  return out;
}
