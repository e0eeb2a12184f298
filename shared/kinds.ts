// Line kinds, their order on an invoice, and which of them are billed by time: defined once here,
// imported by the rating, the core's SQL ordering, the workbook and the renderer.
import { FOCUS_LINE_KINDS, LINE_KINDS, type LineKind } from './types';

export { LINE_KINDS };
export type { LineKind };

/** Kinds billed by time (seconds and legacy slices); the others carry one amount in both columns. */
export const TIME_SLICED_KINDS: ReadonlySet<LineKind> = new Set<LineKind>(['application', 'build', 'addon']);

export function isTimeSliced(kind: LineKind | string): boolean {
  return TIME_SLICED_KINDS.has(kind as LineKind);
}

const FOCUS_KINDS: ReadonlySet<string> = new Set<string>(FOCUS_LINE_KINDS);

/** Kinds of a FOCUS invoice's lines (its rows' charge categories), rated by the provider. */
export function isFocusKind(kind: LineKind | string): boolean {
  return FOCUS_KINDS.has(kind);
}

const KIND_RANK = new Map<string, number>(LINE_KINDS.map((k, i) => [k, i]));

/** Position of a kind in invoice order (application, build, addon, countable, task). */
export function kindRank(kind: LineKind | string): number {
  return KIND_RANK.get(kind) ?? LINE_KINDS.length;
}

/** By UTF-16 code units, the same everywhere. */
export function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Case-insensitive first, then by code units: a total order that does not depend on the locale. */
export function compareText(a: string, b: string): number {
  const la = a.toLowerCase();
  const lb = b.toLowerCase();
  if (la !== lb) return la < lb ? -1 : 1;
  return compareCodeUnits(a, b);
}

/** Invoice line order: kind, then item name, then item id, then price item. */
export function compareLineOrder(
  a: { kind: string; itemName: string; itemId: string; priceItem: string },
  b: { kind: string; itemName: string; itemId: string; priceItem: string },
): number {
  return kindRank(a.kind) - kindRank(b.kind) || compareText(a.itemName, b.itemName) || compareText(a.itemId, b.itemId) || compareText(a.priceItem, b.priceItem);
}
