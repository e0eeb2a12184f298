import { describe, expect, it } from 'vitest';
import { ownerName } from '../../renderer/src/lib/periods';
import { gridClass, lineColumns } from '../../renderer/src/screens/invoice/columns';

describe('the invoice table columns', () => {
  it('shows every figure of a Clever Cloud line', () => {
    expect(lineColumns(600, false).map((c) => c.id)).toEqual([
      'sel',
      'line',
      'kind',
      'item',
      'price',
      'inst',
      'time',
      'ps',
      'legacy',
      'diff',
      'credit',
      'net',
      'billed',
      'var',
      'status',
      'review',
    ]);
    expect(gridClass(false)).toBe('grid-lines');
  });
  it('drops what a FOCUS line does not have (instances, time, slices, workspace credits) and names its recomputed amount', () => {
    const cols = lineColumns(600, true);
    expect(cols.map((c) => c.id)).toEqual(['sel', 'line', 'kind', 'item', 'price', 'ps', 'billed', 'var', 'status', 'review']);
    expect(cols.find((c) => c.id === 'ps')).toMatchObject({ label: 'Recomputed', sort: 'amountPerSecond' });
    expect(gridClass(true)).toBe('grid-lines grid-focus');
  });
});

describe('ownerName', () => {
  it('names a FOCUS billing account with its currency, else shows the id', () => {
    expect(ownerName({ ownerId: '1234567890123:USD', currency: 'USD', focus: { accountName: 'SunBird' } })).toBe('SunBird (USD)');
    expect(ownerName({ ownerId: '20209880:USD', currency: 'USD', focus: { accountName: null } })).toBe('20209880:USD');
    expect(ownerName({ ownerId: 'orga_1', currency: 'EUR', focus: null })).toBe('orga_1');
  });
});
