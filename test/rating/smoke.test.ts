import { it, expect } from 'vitest';
import { rateInvoice } from '../../shared/rating';
import { at, input, iv } from './fixtures';
it('smoke', () => {
  const inv = rateInvoice(input({ intervals: [iv({ itemType: 'build', start: at('2021-03-10T10:00:00Z'), end: at('2021-03-10T10:12:42Z') })], withDetails: true }));
  console.log(JSON.stringify(inv, null, 1));
  expect(inv.lines[0]!.amountPerSecond).toBe('0.08');
});
