// `classic[]`: custom items (support, services), one billed line each, priced
// unit_price × quantity × price_factor − discount.
import { D, decString } from '../../../../../shared/money';
import type { NewBilledLine, NewInvoiceClassic } from '../../../store/invoices/write';
import type { Rec } from '../../json/reader';
import { attrsOf, money } from './fields';

export function readClassic(classic: readonly Rec[], currency: string): { lines: NewBilledLine[]; classics: NewInvoiceClassic[] } {
  const lines: NewBilledLine[] = [];
  const classics: NewInvoiceClassic[] = [];
  for (const c of classic) {
    const unitPrice = money(c, 'unit_price', currency, { required: true, allowNegative: true })!;
    const quantity = c.dec('quantity', { required: true })!;
    const priceFactor = c.dec('price_factor') ?? '1';
    const discount = money(c, 'discount', currency) ?? '0';
    const description = c.str('description');
    const billingItemId = c.str('classic_billing_item_id');
    if (billingItemId === '' && description === '') c.loc.fail('classic_billing_item_id', 'is missing and so is description: the item cannot be identified');
    const amount = decString(new D(unitPrice).times(quantity).times(priceFactor).minus(discount));
    lines.push({
      path: c.path,
      itemType: 'classic',
      itemId: billingItemId || description,
      itemRef: c.str('item_id'),
      itemName: description,
      priceRef: billingItemId,
      flavorName: '',
      sourceHint: '',
      amount,
    });
    classics.push({
      path: c.path,
      itemId: billingItemId,
      description,
      unitPrice,
      quantity,
      priceFactor,
      discount,
      attrs: attrsOf(c, ['sub_description', 'item_id', 'category', 'sub_category']),
    });
  }
  return { lines, classics };
}
