// Classic items (custom tasks): unit price × quantity × price factor − discount, one line per item.
import type { ClassicUsage, Dec, RatedLine } from '../types';
import type { RatingContext } from './context';
import { lineKey } from './context';
import { D, type DecimalValue, decString, displayDec, exactString, moneyString } from '../money';
import { describeSource, invalidInput, parseDec } from './errors';
import { type TaskRowExplain, explainTask } from './explain';

/** Price item of task lines: tasks have no catalog price item, so it is empty. */
export const TASK_PRICE_ITEM = '';

/** Line identity of a task: its item id, or its description when it has no item id. */
export function taskItemId(task: ClassicUsage): string {
  return task.itemId !== '' ? task.itemId : task.description;
}

function optionalDec(value: string, fallback: string, field: string, task: ClassicUsage): DecimalValue {
  return value.trim() === '' ? new D(fallback) : parseDec(value, field, task.source);
}

interface TaskGroup {
  itemId: string;
  itemName: string;
  total: DecimalValue;
  /** Normalized unit price → as written. */
  unitPrices: Map<Dec, Dec>;
  rows: TaskRowExplain[];
}

/** Lines of the tasks already selected for the period (owner filtered). */
export function rateTaskLines(ctx: RatingContext, tasks: readonly ClassicUsage[]): RatedLine[] {
  const groups = new Map<string, TaskGroup>();
  for (const t of tasks) {
    if (t.currency.trim() !== '' && t.currency.trim().toUpperCase() !== ctx.currency.trim().toUpperCase()) {
      throw invalidInput(`Task "${taskItemId(t)}" is in ${t.currency}, the invoice is in ${ctx.currency}`, t.source);
    }
    const unitPrice = parseDec(t.unitPrice, 'Unit price', t.source);
    const quantity = parseDec(t.quantity, 'Quantity', t.source);
    const factor = optionalDec(t.priceFactor, '1', 'Price factor', t);
    const discount = optionalDec(t.discount, '0', 'Discount', t);
    const exact = unitPrice.times(quantity).times(factor).minus(discount);
    const id = taskItemId(t);
    let g = groups.get(id);
    if (g === undefined) {
      g = { itemId: id, itemName: t.description, total: new D(0), unitPrices: new Map(), rows: [] };
      groups.set(id, g);
    } else if (g.itemName === '' && t.description !== '') {
      g.itemName = t.description;
    }
    g.total = g.total.plus(exact);
    if (!g.unitPrices.has(decString(unitPrice))) g.unitPrices.set(decString(unitPrice), displayDec(t.unitPrice, unitPrice));
    g.rows.push({
      where: describeSource(t.source),
      unitPrice: displayDec(t.unitPrice, unitPrice),
      quantity: displayDec(t.quantity, quantity),
      priceFactor: displayDec(t.priceFactor, factor),
      discount: displayDec(t.discount, discount),
      exact: exactString(exact),
    });
  }
  const lines: RatedLine[] = [];
  for (const g of groups.values()) {
    const exactStr = exactString(g.total);
    const amount = moneyString(g.total, ctx.currency);
    lines.push({
      key: lineKey(ctx.ownerId, 'task', g.itemId, TASK_PRICE_ITEM),
      lineNo: 0,
      ownerId: ctx.ownerId,
      kind: 'task',
      itemId: g.itemId,
      itemName: g.itemName !== '' ? g.itemName : g.itemId,
      priceItem: TASK_PRICE_ITEM,
      instances: 0,
      billableSeconds: 0,
      unitPrice: g.unitPrices.size === 1 ? [...g.unitPrices.values()][0]! : null,
      exactPerSecond: exactStr,
      exactLegacy: exactStr,
      amountPerSecond: amount,
      amountLegacy: amount,
      difference: moneyString(new D(0), ctx.currency),
      credit: moneyString(new D(0), ctx.currency),
      net: amount,
      explanation: explainTask(ctx.currency, g.rows, exactStr, amount),
    });
  }
  return lines;
}
